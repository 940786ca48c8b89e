"""The one font of every report: a TrueType face that has both Chinese and Latin glyphs.

reportlab embeds TrueType outlines only (not CFF/OpenType-outline fonts), and a face
without Latin glyphs leaves English blank, so not every Chinese font will do. We use
WenQuanYi Micro Hei (Debian/Ubuntu package ``fonts-wqy-microhei``; Apache-2.0 or GPLv3
with the font exception), looked up in the usual places; ``TWINDESK_FONT`` names another
TrueType file (.ttf, or .ttc whose first face is used). The family registers the same
face for normal and bold, so bold text can never fall back to a Latin-only font.

A character the main font lacks ("ʻ" in Hawaiʻi, 𠮷) is drawn from the first fallback
face that has it (``twindesk.core.fonts.FALLBACK_FONTS``), glyph by glyph:
:func:`font_runs` cuts a text into runs of one face each. Fallback faces are read only
when a character needs them. Characters no face has are collected while
:func:`missing_glyphs` is open, so the report can say which.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from twindesk.core.errors import TwinDeskError
from twindesk.core.fonts import candidate_paths, fallback_paths

FONT_NAME = "TwinDeskSans"
PROBE = "Moscow 莫斯科，2024年"  # Latin, CJK and full-width punctuation


class FontNotFoundError(TwinDeskError):
    """No TrueType font with both Chinese and Latin glyphs could be found."""

    code = "report.no_font"


def _covers(font: TTFont, text: str) -> bool:
    widths = font.face.charWidths
    return all(ord(ch) in widths for ch in text if not ch.isspace())


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the report font family once per process and return its name."""
    tried = []
    for path in candidate_paths():
        tried.append(str(path))
        if not path.is_file():
            continue
        try:
            font = TTFont(FONT_NAME, str(path), subfontIndex=0)
        except (TTFError, OSError):
            continue  # a CFF/OpenType-outline font, or not a font at all
        if not _covers(font, PROBE):
            continue
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
        return FONT_NAME
    raise FontNotFoundError(paths=", ".join(tried))


# --------------------------------------------------------------------------- fallback
_reportlab_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab writes a character past U+FFFF (𠮷) into the ToUnicode map as five hex
    digits, which PDF readers take for another character (₻); UTF-16 surrogates are right."""
    def utf16(match: re.Match) -> str:
        return f"{match[1]} <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"
    return re.sub(r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", utf16, _reportlab_cmap(fontname, subset),
                  flags=re.M)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
_lock = threading.Lock()
_local = threading.local()
_faces: list[tuple[str, frozenset[str]]] = []  # (registered name, characters), loaded so far
_unread: list | None = None  # fallback paths not read yet


@lru_cache(maxsize=1)
def _main_chars() -> frozenset[str]:
    font = pdfmetrics.getFont(register_font())
    # Control characters are never drawn; count them as covered.
    return frozenset(map(chr, font.face.charWidths)) | frozenset(map(chr, range(32)))


def _face_for(ch: str) -> str | None:
    """The first fallback face that has ``ch``, reading further faces only as needed."""
    global _unread
    with _lock:
        if _unread is None:
            _unread = fallback_paths()
        for name, chars in _faces:
            if ch in chars:
                return name
        while _unread:
            path = _unread.pop(0)
            name = f"{FONT_NAME}Fallback{len(_faces) + 1}"
            try:
                font = TTFont(name, str(path), subfontIndex=0)
            except (TTFError, OSError):
                continue
            pdfmetrics.registerFont(font)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)
            _faces.append((name, frozenset(map(chr, font.face.charWidths))))
            if ch in _faces[-1][1]:
                return name
    return None


@lru_cache(maxsize=65536)
def _runs(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    main = register_font()
    if frozenset(text) <= _main_chars():
        return ((main, text),), ""
    runs: list[list[str]] = []
    missing = ""
    for ch in text:
        face = main if ch in _main_chars() else _face_for(ch)
        if face is None:
            face, missing = main, missing + ch  # drawn as the main font's blank
        if runs and runs[-1][0] == face:
            runs[-1][1] += ch
        else:
            runs.append([face, ch])
    return tuple((face, part) for face, part in runs), missing


def font_runs(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` cut into (font name, part) runs: the main font where it has the glyphs."""
    runs, missing = _runs(text)
    if missing:
        found = getattr(_local, "missing", None)
        if found is not None:
            found.update(missing)
    return runs


@lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """The width of ``text`` in points, each run in its own face."""
    return sum(stringWidth(part, face, size) for face, part in _runs(text)[0])


@contextmanager
def missing_glyphs() -> Iterator[set[str]]:
    """Collect (in this thread) the characters no embedded face has, while open."""
    previous, found = getattr(_local, "missing", None), set()
    _local.missing = found
    try:
        yield found
    finally:
        _local.missing = previous
