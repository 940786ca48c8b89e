"""Attachments from another office's register: documents open, anything else is only saved.

Core is judged on real files where they are at hand (a PDF written by reportlab, an
.xlsx by openpyxl, the .xls and .ods office lists under tests/data, the icon PNG, a
Windows program from setuptools, this interpreter's ELF, the pip script), on the exact
signature bytes otherwise.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from twindesk.core.i18n import MESSAGES
from twindesk.core.models import Document
from twindesk.core.operations import attachments
from twindesk.core.operations.attachments import safe_to_open

ROOT = Path(__file__).resolve().parents[1]
OFFICE_LISTS = ROOT / "tests" / "data" / "office-lists"


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Agreement of friendship")
    page.save()
    return out.getvalue()


def xlsx_bytes(*extra: tuple[str, bytes]) -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Wuhan"
    book.save(out)
    if not extra:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as archive:
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def plain_zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    return out.getvalue()


def windows_program() -> bytes:
    found = sorted(Path(sys.prefix).glob("lib/*/site-packages/setuptools/cli*.exe")) + sorted(
        Path(sys.prefix).glob("Lib/site-packages/setuptools/cli*.exe")
    )
    if found:
        return found[0].read_bytes()
    stub = bytearray(b"MZ" + b"\x00" * 126)  # a DOS header whose e_lfanew points at "PE\0\0"
    stub[0x3C:0x40] = struct.pack("<I", 0x80)
    return bytes(stub) + b"PE\x00\x00" + b"\x00" * 64


def linux_program() -> bytes:
    head = Path(sys.executable).resolve().read_bytes()[:4096]
    return head if head.startswith(b"\x7fELF") else b"\x7fELF\x02\x01\x01" + b"\x00" * 57


def shortcut() -> bytes:
    # ShellLinkHeader: HeaderSize 0x4C, LinkCLSID 00021401-0000-0000-C000-000000000046
    return (
        b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F" + b"\x00" * 56
    )


def script() -> bytes:
    pip = Path(sys.prefix) / "bin" / "pip"
    return pip.read_bytes() if pip.is_file() else b"#!/bin/sh\nrm -rf ~\n"


MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 24
PNG = (ROOT / "resources" / "icons" / "twindesk-48.png").read_bytes()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
XLS = (OFFICE_LISTS / "suzhou-partners.xls").read_bytes()
ODS = (OFFICE_LISTS / "dalian-partner-towns.ods").read_bytes()


@pytest.mark.parametrize(
    "name, content",
    [
        ("agreement.pdf", pdf_bytes()),
        ("Agreement.PDF", pdf_bytes()),
        ("signing.png", PNG),
        ("signing.jpg", JPEG),
        ("signing.gif", b"GIF89a\x01\x00\x01\x00"),
        ("scan.tif", b"II*\x00\x08\x00\x00\x00"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("photo.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"),
        ("partners.xlsx", xlsx_bytes()),
        ("partners.xls", XLS),
        ("letter.doc", XLS),  # Word 97-2003: the same OLE2 container
        ("letter.wps", XLS),
        ("partners.et", XLS),
        ("locked.docx", XLS),  # a password-protected .docx is an OLE2 container
        ("partners.ods", ODS),
        ("letter.odt", odt_bytes()),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}"),
        ("notes.txt", "武汉—杜伊斯堡 1982".encode()),
        ("partners.csv", "\ufeffcity,country\n".encode("utf-16")),
        ("README.md", b"# Notes\n"),
        ("empty.txt", b""),
    ],
)
def test_documents_whose_bytes_match_their_name_may_be_opened(name, content):
    assert safe_to_open(name, content) == (True, attachments.SAFE)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        # a program, script or shortcut by name, whatever it holds
        ("setup.exe", windows_program(), "program"),
        ("SETUP.EXE", windows_program(), "program"),
        ("agreement.pdf.exe", pdf_bytes(), "program"),
        ("agreement.exe.", windows_program(), "program"),  # Windows drops the trailing dot
        ("invoice\u202efdp.exe", windows_program(), "program"),  # shows as "invoiceexe.pdf"
        ("run.bat", b"@echo off\r\n", "program"),
        ("install.msi", XLS, "program"),
        ("scan.lnk", shortcut(), "program"),
        ("open.url", b"[InternetShortcut]\r\nURL=file:///C:/x.exe\r\n", "program"),
        ("tool.ps1", b"Remove-Item -Recurse ~", "program"),
        ("a.vbs", b'CreateObject("WScript.Shell")', "program"),
        ("a.js", b"x", "program"),
        ("a.hta", b"<hta:application>", "program"),
        ("a.jar", plain_zip("META-INF/MANIFEST.MF"), "program"),
        ("a.sh", script(), "program"),
        ("a.py", b"import os", "program"),
        ("twindesk.desktop", b"[Desktop Entry]\nExec=sh -c x\n", "program"),
        ("a.dll", windows_program(), "program"),
        ("a.cpl", windows_program(), "program"),
        ("a.reg", b"Windows Registry Editor", "program"),
        ("disk.iso", b"\x00" * 64, "program"),
        ("macros.docm", xlsx_bytes(), "program"),
        ("picture.svg", b"<svg onload='x'/>", "program"),
        ("page.html", b"<html>", "program"),
        # not a document TwinDesk opens
        ("README", b"hello", "unknown_type"),
        ("archive.zip", plain_zip("a.txt"), "unknown_type"),
        ("data.xyz", b"hello", "unknown_type"),
        # named as a document, holding a program, script or shortcut
        ("agreement.pdf", windows_program(), "disguised_program"),
        ("signing.png", linux_program(), "disguised_program"),
        ("letter.docx", MACH_O, "disguised_program"),
        ("notes.txt", script(), "disguised_program"),
        ("scan.jpg", shortcut(), "disguised_program"),
        # a zip holding one
        ("letter.docx", xlsx_bytes(("word/media/readme.lnk", shortcut())), "packed_program"),
        (
            "partners.xlsx",
            xlsx_bytes(("xl/embeddings/tool.exe", windows_program())),
            "packed_program",
        ),
        ("agreement.pdf", plain_zip("agreement.pdf.lnk"), "packed_program"),
        # named as one type, holding another or nothing of the kind
        ("agreement.pdf", PNG, "mismatch"),
        ("agreement.pdf", b"Dear colleagues, ...", "mismatch"),
        ("signing.png", JPEG, "mismatch"),
        ("letter.docx", b"Dear colleagues", "mismatch"),
        ("letter.docx", plain_zip("letter.txt"), "mismatch"),  # a zip, but no Office document
        ("letter.odt", xlsx_bytes(), "mismatch"),
        ("partners.xls", xlsx_bytes(), "mismatch"),
        ("letter.rtf", b"Dear colleagues", "mismatch"),
        ("notes.txt", PNG, "mismatch"),
        ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>", "mismatch"),
        ("notes.txt", b"\n <html><body onload=x>", "mismatch"),
    ],
)
def test_programs_and_disguised_files_may_only_be_saved(name, content, reason):
    assert safe_to_open(name, content) == (False, f"attachment.unsafe.{reason}")


def test_every_refusal_says_why_in_both_languages():
    reasons = {"program", "unknown_type", "disguised_program", "packed_program", "mismatch"}
    for reason in reasons:
        en, zh = MESSAGES[f"attachment.unsafe.{reason}"]
        assert en != zh
    text = attachments.refusal_message("agreement.pdf", "attachment.unsafe.mismatch", "en")
    assert "agreement.pdf" in text and ".pdf" in text and "save" in text
    text = attachments.refusal_message("setup.exe", "attachment.unsafe.program", "zh")
    assert "setup.exe" in text and "程序" in text and "保存" in text


@pytest.fixture
def pairing_id(register):
    from twindesk.core import operations as ops

    with register.write() as s:
        a = ops.create(s, "place", {"name_en": "Wuhan", "country_code": "CN"})
        b = ops.create(s, "place", {"name_en": "Duisburg", "country_code": "DE"})
        return ops.create(
            s, "pairing", {"place_a_id": a.id, "place_b_id": b.id, "kind": "sister_city"}
        ).id


def attach(register, pairing_id: int, name: str, content: bytes) -> int:
    with register.write() as s:
        return attachments.attach(
            s, owner="pairing", owner_id=pairing_id, file_name=name, content=content
        ).id


def test_copy_for_opening_refuses_before_writing_anything(register, pairing_id, tmp_path):
    doc_id = attach(register, pairing_id, "agreement.pdf", windows_program())
    folder = tmp_path / "opened"
    with register.read() as s, pytest.raises(attachments.NotSafeToOpen) as refused:
        attachments.copy_for_opening(s, doc_id, folder)
    assert refused.value.code == "attachment.unsafe.disguised_program"
    assert "agreement.pdf" in refused.value.message("en")
    assert not folder.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_copy_for_opening_is_private(register, pairing_id, tmp_path):
    doc_id = attach(register, pairing_id, "agreement.pdf", pdf_bytes())
    old = os.umask(0)  # the most open umask: the modes must not come from it
    try:
        with register.read() as s:
            path = attachments.copy_for_opening(s, doc_id, tmp_path / "data" / "opened")
    finally:
        os.umask(old)
    assert path.read_bytes().startswith(b"%PDF-") and path.parent == tmp_path / "data" / "opened"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


# -- the pairing page ---------------------------------------------------------------------


@pytest.fixture
def opener(monkeypatch):
    """What the pairing page hands to the system's opener (nothing is really opened)."""
    from PySide6.QtGui import QDesktopServices

    opened: list[Path] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    return opened


@pytest.fixture
def warnings_answered(monkeypatch):
    """Answers the warning with ``answer[0]`` and records its text."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    answer = [QMessageBox.StandardButton.Save]
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text) or answer[0]
    )
    return shown, answer


def pairing_page(qtbot, register, pairing_id: int, tmp_path: Path, name: str, content: bytes):
    from twindesk.ui.pairing_view import PairingView

    source = tmp_path / "incoming" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(content)
    view = PairingView(register, pairing_id)
    qtbot.addWidget(view)
    view.attach_file(str(source))
    view.documents.setCurrentRow(0)
    return view


def test_open_hands_a_document_to_the_system_viewer(
    qtbot, register, pairing_id, tmp_path, opener, warnings_answered, qt_settings
):
    from PySide6.QtWidgets import QPushButton

    view = pairing_page(qtbot, register, pairing_id, tmp_path, "agreement.pdf", pdf_bytes())
    view.findChild(QPushButton, "openDocument").click()
    assert warnings_answered[0] == []
    assert len(opener) == 1 and opener[0].name == "agreement.pdf"
    assert opener[0].read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert opener[0].parent.stat().st_mode & 0o777 == 0o700
        assert opener[0].stat().st_mode & 0o777 == 0o600


def test_open_on_a_program_warns_and_offers_saving_instead(
    qtbot, register, pairing_id, tmp_path, opener, warnings_answered, monkeypatch, qt_settings
):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from twindesk.paths import user_data_dir

    out = tmp_path / "saved"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    view = pairing_page(qtbot, register, pairing_id, tmp_path, "setup.exe", windows_program())
    view.findChild(QPushButton, "openDocument").click()
    shown, _answer = warnings_answered
    assert opener == []  # never handed to the system
    assert len(shown) == 1 and "setup.exe" in shown[0] and "program" in shown[0]
    assert (out / "setup.exe").read_bytes() == windows_program()  # saved where the clerk chose
    assert not list((user_data_dir() / "opened").glob("*"))


def test_double_click_on_a_disguised_program_does_not_open_it(
    qtbot, register, pairing_id, tmp_path, opener, warnings_answered, monkeypatch, qt_settings
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(a) or "")
    shown, answer = warnings_answered
    answer[0] = QMessageBox.StandardButton.Cancel
    view = pairing_page(qtbot, register, pairing_id, tmp_path, "agreement.pdf", windows_program())
    view.documents.itemDoubleClicked.emit(view.documents.item(0))
    assert opener == [] and asked == []  # cancelled: not opened, not saved
    assert len(shown) == 1 and "disguised" in shown[0]
    with register.read() as s:  # still in the register, untouched
        assert (
            s.get(Document, view.documents.item(0).data(Qt.ItemDataRole.UserRole)).content
            == windows_program()
        )
