"""Attached files (signed agreements, photos), stored inside the register.

Keeping the bytes in the database means one file holds everything, and a backup of
the register is a backup of its attachments. The SHA-256 lets a clerk prove a scan
is the one that was filed.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from sqlmodel import Session

from twindesk.core.errors import NotFoundError, TwinDeskError, ValidationError
from twindesk.core.models import Contact, Document, Exchange, Pairing, Programme, Record
from twindesk.core.operations.base import record_audit

MAX_BYTES = 50 * 1024 * 1024
OWNERS: dict[str, type[Record]] = {
    "pairing": Pairing,
    "programme": Programme,
    "exchange": Exchange,
    "contact": Contact,
}


def safe_file_name(name: str) -> str:
    """A file name that cannot leave the folder it is saved in, on any platform."""
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", name).strip(" .")
    if name.upper().split(".")[0] in {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    }:
        name = "_" + name
    return name[:200] or "attachment"


def attach(
    session: Session,
    *,
    owner: str,
    owner_id: int,
    file_name: str,
    content: bytes,
    media_type: str | None = None,
    description: str = "",
) -> Document:
    model = OWNERS.get(owner)
    if model is None:
        raise ValueError(f"documents cannot belong to {owner!r}")
    if session.get(model, owner_id) is None:
        raise NotFoundError(entity=f"entity.{owner}", id=owner_id)
    if len(content) > MAX_BYTES:
        raise ValidationError(
            "rule.too_big",
            "file_name",
            name=file_name,
            size=round(len(content) / 1048576, 1),
            max=MAX_BYTES // 1048576,
        )
    name = safe_file_name(file_name)
    owner_column: dict[str, Any] = {f"{owner}_id": owner_id}
    document = Document(
        file_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        media_type=media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        description=description,
        content=content,
        **owner_column,
    )
    session.add(document)
    session.flush()
    assert document.id is not None  # given by the database at the flush
    record_audit(
        session,
        "document",
        document.id,
        "insert",
        {
            "file_name": (None, name),
            "sha256": (None, document.sha256),
            f"{owner}_id": (None, owner_id),
        },
    )
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
    record_audit(
        session,
        "document",
        document_id,
        "delete",
        {"file_name": (document.file_name, None), "sha256": (document.sha256, None)},
    )
    session.delete(document)
    session.flush()


# -- opening an attachment ----------------------------------------------------------------
# A register received from another office can carry anything, and "Open" hands the file to
# the system, which runs a program as readily as it shows a PDF. So only documents are
# opened, and only when their bytes are what their name says; anything else can only be
# saved, where the clerk decides what to do with it. The name is judged as it is written
# to disk (``safe_file_name``: Windows and the desktop choose the program by it), the
# content by its first bytes (a desktop may sniff them, and a program named .pdf is bait).

# The documents that may be opened: suffix -> the kinds of content such a file may hold.
DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": ("pdf",),
    ".png": ("png",),
    ".jpg": ("jpeg",),
    ".jpeg": ("jpeg",),
    ".gif": ("gif",),
    ".bmp": ("bmp",),
    ".tif": ("tiff",),
    ".tiff": ("tiff",),
    ".webp": ("webp",),
    ".heic": ("heif",),
    ".heif": ("heif",),
    # A password-protected .docx/.xlsx/.pptx is an OLE2 container, not a zip.
    ".docx": ("ooxml", "ole2"),
    ".xlsx": ("ooxml", "ole2"),
    ".pptx": ("ooxml", "ole2"),
    ".doc": ("ole2",),
    ".xls": ("ole2",),
    ".ppt": ("ole2",),
    ".wps": ("ole2",),
    ".et": ("ole2",),
    ".dps": ("ole2",),  # WPS Office (Kingsoft)
    ".odt": ("odf",),
    ".ods": ("odf",),
    ".odp": ("odf",),
    ".rtf": ("rtf",),
    ".txt": ("text",),
    ".csv": ("text",),
    ".md": ("text",),
}
# Programs, scripts, shortcuts, installers, disk images and documents that run code
# (macros, a browser's scripts): named here only to say so; what is not a document above
# is never opened anyway.
PROGRAM_SUFFIXES = frozenset(
    """
    .exe .com .scr .pif .msi .msp .mst .msc .bat .cmd .ps1 .psm1 .psd1 .vbs .vbe .js .jse .mjs
    .wsf .wsh .wsc .hta .jar .class .sh .bash .zsh .csh .ksh .command .tool .py .pyw .pyz .pyc .pl
    .rb .php .desktop .app .dll .ocx .sys .drv .cpl .reg .inf .scf .lnk .url .website .appref-ms
    .settingcontent-ms .library-ms .search-ms .application .appx .appxbundle .msix .msixbundle
    .gadget .chm .hlp .iso .img .vhd .vhdx .dmg .pkg .deb .rpm .apk .run .bin .elf .so .dylib
    .xll .xlam .docm .dotm .xlsm .xltm .xlsb .pptm .potm .ppsm .ppam .sldm .svg .html .htm .xhtml
    .mht .mhtml
""".split()
)
# First bytes of programs and shortcuts, whatever the file is called.
PROGRAM_MAGIC = (
    b"MZ",  # Windows (PE) and DOS programs
    b"\x7fELF",  # Linux programs
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",
    b"\xca\xfe\xba\xbf",  # Mach-O universal (and Java classes)
    b"#!",  # scripts
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcuts (.lnk)
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Markup a desktop would hand to a browser (HTML is a kind of text to shared-mime-info).
_MARKUP = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|script|svg|\?xml|hta:)", re.I
)
SAFE = "attachment.open.ok"


class NotSafeToOpen(TwinDeskError):  # noqa: N818 - public: the window and tests catch it
    """An attachment that may only be saved; ``code`` says why (see ``safe_to_open``)."""


def safe_to_open(name: str, content: bytes) -> tuple[bool, str]:
    """Whether an attachment called ``name`` holding ``content`` may be handed to the
    system's opener, and the message code saying why not (``SAFE`` when it may).

    Not safe: a program, script or shortcut by name (``attachment.unsafe.program``); any
    other type that is not a document (``...unknown_type``); a program, script or shortcut
    by content, whatever the name (``...disguised_program``); a zip holding one
    (``...packed_program``); content that is not what the name says (``...mismatch``).
    """
    suffix = Path(safe_file_name(name)).suffix.lower()
    if suffix in PROGRAM_SUFFIXES:
        return False, "attachment.unsafe.program"
    if suffix not in DOCUMENT_TYPES:
        return False, "attachment.unsafe.unknown_type"
    if content.startswith(PROGRAM_MAGIC):
        return False, "attachment.unsafe.disguised_program"
    archive = _zip_members(content) if content.startswith(b"PK\x03\x04") else None
    if archive and any(
        Path(safe_file_name(member)).suffix.lower() in PROGRAM_SUFFIXES for member in archive
    ):
        return False, "attachment.unsafe.packed_program"
    if not any(_holds(kind, content, archive) for kind in DOCUMENT_TYPES[suffix]):
        return False, "attachment.unsafe.mismatch"
    return True, SAFE


def _zip_members(content: bytes) -> dict[str, bytes] | None:
    """The names in a zip, with the ODF ``mimetype`` entry's text; None if not a zip.

    Only the directory is read (and that one tiny entry): nothing is unpacked.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = {info.filename: b"" for info in archive.infolist()}
            info = archive.NameToInfo.get("mimetype")
            if info is not None and info.file_size <= 100:
                members["mimetype"] = archive.read(info)
            return members
    except Exception:
        return None


def _holds(kind: str, content: bytes, archive: dict[str, bytes] | None) -> bool:
    """Whether ``content`` is a file of ``kind``, by its signature (magic bytes)."""
    if kind == "ooxml":
        return archive is not None and "[Content_Types].xml" in archive
    if kind == "odf":
        return archive is not None and archive.get("mimetype", b"").startswith(
            b"application/vnd.oasis.opendocument."
        )
    if kind == "text":
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark
            return True
        return b"\x00" not in content and not _MARKUP.match(content[:512])
    if kind == "webp":
        return content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    if kind == "heif":
        return content[4:8] == b"ftyp" and content[8:12] in HEIF_BRANDS
    signatures = {
        "pdf": (b"%PDF-",),
        "png": (b"\x89PNG\r\n\x1a\n",),
        "jpeg": (b"\xff\xd8\xff",),
        "gif": (b"GIF87a", b"GIF89a"),
        "bmp": (b"BM",),
        "tiff": (b"II*\x00", b"MM\x00*"),
        "ole2": (OLE2_MAGIC,),
        "rtf": (b"{\\rtf",),
    }
    return content.startswith(signatures[kind])


def refusal_message(name: str, reason: str, lang: str | None = None) -> str:
    """What to tell the clerk about an attachment ``safe_to_open`` refused."""
    return NotSafeToOpen(reason, **_refusal_params(name)).message(lang)


def _refusal_params(name: str) -> dict[str, str]:
    safe = safe_file_name(name)
    return {"name": safe, "suffix": Path(safe).suffix.lower() or "—"}


def copy_for_opening(session: Session, document_id: int, folder: Path) -> Path:
    """Write an attachment into ``folder`` for the system's viewer to open.

    Raises :class:`NotSafeToOpen` (before anything is written) for what may only be
    saved. The folder is made private (0700) and the copy too (0600): a register's
    attachments are the register's, not every user's of the PC.
    """
    from twindesk.core.storage.sqlite import make_private, private_folder

    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(entity="entity.document", id=document_id)
    safe, reason = safe_to_open(document.file_name, document.content)
    if not safe:
        raise NotSafeToOpen(reason, **_refusal_params(document.file_name))
    return make_private(save_as(session, document_id, private_folder(folder)))
