"""Attached files (signed agreements, photos), stored inside the register.

Keeping the bytes in the database means one file holds everything, and a backup of
the register is a backup of its attachments. The SHA-256 lets a clerk prove a scan
is the one that was filed.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from pathlib import Path

from sqlmodel import Session

from twindesk.core.errors import NotFoundError, ValidationError
from twindesk.core.models import Contact, Document, Exchange, Pairing, Programme
from twindesk.core.operations.base import record_audit

MAX_BYTES = 50 * 1024 * 1024
OWNERS = {"pairing": Pairing, "programme": Programme, "exchange": Exchange, "contact": Contact}


def safe_file_name(name: str) -> str:
    """A file name that cannot leave the folder it is saved in, on any platform."""
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", name).strip(" .")
    if name.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                      *(f"LPT{i}" for i in range(1, 10))}:
        name = "_" + name
    return name[:200] or "attachment"


def attach(session: Session, *, owner: str, owner_id: int, file_name: str, content: bytes,
           media_type: str | None = None, description: str = "") -> Document:
    model = OWNERS.get(owner)
    if model is None:
        raise ValueError(f"documents cannot belong to {owner!r}")
    if session.get(model, owner_id) is None:
        raise NotFoundError(entity=f"entity.{owner}", id=owner_id)
    if len(content) > MAX_BYTES:
        raise ValidationError("rule.too_big", "file_name", name=file_name,
                              size=round(len(content) / 1048576, 1), max=MAX_BYTES // 1048576)
    name = safe_file_name(file_name)
    document = Document(
        file_name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        media_type=media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        description=description, content=content, **{f"{owner}_id": owner_id})
    session.add(document)
    session.flush()
    record_audit(session, "document", document.id, "insert",
                 {"file_name": (None, name), "sha256": (None, document.sha256),
                  f"{owner}_id": (None, owner_id)})
    return document


def save_as(session: Session, document_id: int, folder: Path) -> Path:
    """Write an attachment into ``folder`` under its sanitised name; never elsewhere."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(entity="entity.document", id=document_id)
    folder = folder.resolve()
    target = (folder / safe_file_name(document.file_name)).resolve()
    if target.parent != folder:  # belt and braces: the name is already sanitised
        raise ValueError("attachment name escapes the chosen folder")
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    target.write_bytes(document.content)
    return target


def remove(session: Session, document_id: int) -> None:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(entity="entity.document", id=document_id)
    record_audit(session, "document", document_id, "delete",
                 {"file_name": (document.file_name, None), "sha256": (document.sha256, None)})
    session.delete(document)
    session.flush()
