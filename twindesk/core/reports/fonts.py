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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from twindesk.core.errors import TwinDeskError
from twindesk.core.fonts import candidate_paths, fallback_paths, system_cjk_faces

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


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab writes a character past U+FFFF (𠮷) into the ToUnicode map as five hex
    digits, which PDF readers take for another character (₻); UTF-16 surrogates are right."""

    def utf16(match: re.Match) -> str:
        return f"{match[1]} <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"

    return re.sub(
        r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", utf16, _reportlab_cmap(fontname, subset), flags=re.M
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
_lock = threading.Lock()
_local = threading.local()
_faces: list[tuple[str, frozenset[str]]] = []  # (registered name, characters), loaded so far
_unread: list | None = None  # fallback paths not read yet


@lru_cache(maxsize=16)
def _chars(font_name: str) -> frozenset[str]:
    font = pdfmetrics.getFont(font_name)
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
def _runs(text: str, main: str = "") -> tuple[tuple[tuple[str, str], ...], str]:
    """Runs of ``main`` (default: the report font); a character it lacks comes from the
    report font (an official style's face may have no Latin letters), then a fallback face."""
    main = main or register_font()
    chars = _chars(main)
    if main in _LATIN_FROM_REPORT_FONT:  # a stand-in whose Latin letters are Japanese full-width
        chars = frozenset(ch for ch in chars if ord(ch) >= 0x2E80)
    if frozenset(text) <= chars:
        return ((main, text),), ""
    runs: list[list[str]] = []
    missing = ""
    base = register_font()
    for ch in text:
        face = main if ch in chars else base if ch in _chars(base) else _face_for(ch)
        if face is None:
            face, missing = main, missing + ch  # drawn as the main font's blank
        if runs and runs[-1][0] == face:
            runs[-1][1] += ch
        else:
            runs.append([face, ch])
    return tuple((face, part) for face, part in runs), missing


def font_runs(text: str, main: str = "") -> tuple[tuple[str, str], ...]:
    """``text`` cut into (font name, part) runs: ``main`` (default: the report font)
    where it has the glyphs."""
    runs, missing = _runs(text, main)
    if missing:
        found = getattr(_local, "missing", None)
        if found is not None:
            found.update(missing)
    return runs


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, main: str = "") -> float:
    """The width of ``text`` in points, each run in its own face."""
    return sum(stringWidth(part, face, size) for face, part in _runs(text, main)[0])


@contextmanager
def missing_glyphs() -> Iterator[set[str]]:
    """Collect (in this thread) the characters no embedded face has, while open."""
    found: set[str] = set()
    previous = getattr(_local, "missing", None)
    _local.missing = found
    try:
        yield found
    finally:
        _local.missing = previous


# --------------------------------------------------------------------------- official style
# The 公文 style's faces (GB/T 9704): the title in 小标宋 or another Song face, headings in
# a Hei face, the body in Fangsong. Families as fontconfig and the Windows files name
# them, best first; then what stands in (with the clerk told) when none is installed.
OFFICIAL_FACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "title": (
        (
            "FZXiaoBiaoSong-B05S",
            "FZXiaoBiaoSong-B05",
            "方正小标宋简体",
            "方正小标宋_GBK",
            "小标宋",
            "SimSun",
            "宋体",
            "NSimSun",
            "新宋体",
            "STSong",
            "华文宋体",
            "STZhongsong",
            "华文中宋",
            "Songti SC",
            "AR PL UMing CN",
            "AR PL SungtiL GB",
        ),
        # A Ming (明朝 = 宋) face, the nearest in shape; Japanese glyph forms, so said.
        ("HanaMinA",),
    ),
    "heading": (
        (
            "SimHei",
            "黑体",
            "FZHei-B01S",
            "FZHei-B01",
            "方正黑体_GBK",
            "方正黑体简体",
            "Heiti SC",
            "STHeiti",
            "华文黑体",
            "STXihei",
            "华文细黑",
            "Microsoft YaHei",
            "微软雅黑",
            "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei",
        ),
        (),
    ),
    "body": (
        (
            "FangSong",
            "仿宋",
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FZFangSong-Z02S",
            "FZFangSong-Z02",
            "方正仿宋_GBK",
            "方正仿宋简体",
            "STFangsong",
            "华文仿宋",
        ),
        (
            "KaiTi",
            "楷体",
            "STKaiti",
            "华文楷体",
            "AR PL UKai CN",
            "SimSun",
            "宋体",
            "STSong",
            "AR PL UMing CN",
        ),
    ),
}
OFFICIAL_PROBE = "年度工作报告外事办公室友好城市"
# Stand-in faces whose Latin letters do not suit a Chinese report: set them in the report font.
LATIN_ELSEWHERE = ("HanaMinA",)
_LATIN_FROM_REPORT_FONT: set[str] = set()


@dataclass(frozen=True)
class Face:
    """The face a role of the official style is set in; ``family`` names it for the clerk,
    ``substitute`` says it is not the kind of face the style asks for."""

    role: str
    font: str
    family: str
    substitute: bool


def _load(name: str, path: Path, index: int) -> str | None:
    """Register a system face under ``name`` if reportlab can embed it and it has Chinese."""
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, IndexError):
        return None  # CFF outlines (Noto CJK), or not readable
    if not _covers(font, OFFICIAL_PROBE):
        return None
    pdfmetrics.registerFont(font)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


@lru_cache(maxsize=1)
def official_faces() -> dict[str, Face]:
    """The faces of the official style found on this system, one per role; a role with no
    face of its kind is set in a stand-in or the report font (``Face.substitute``)."""
    main = register_font()
    by_family: dict[str, tuple[Path, int]] = {}
    for names, path, index in system_cjk_faces():
        for family in names:
            by_family.setdefault(family.casefold(), (path, index))
    faces = {}
    for role, (wanted, stand_ins) in OFFICIAL_FACES.items():
        faces[role] = Face(role, main, _main_family(), True)
        for substitute, families in ((False, wanted), (True, stand_ins)):
            found = next(
                (
                    (family, by_family[family.casefold()])
                    for family in families
                    if family.casefold() in by_family
                    and _load(f"{FONT_NAME}{role.title()}", *by_family[family.casefold()])
                ),
                None,
            )
            if found:
                family, where = found
                font = main if where == _main_file() else f"{FONT_NAME}{role.title()}"
                faces[role] = Face(role, font, family, substitute)
                if family in LATIN_ELSEWHERE:
                    _LATIN_FROM_REPORT_FONT.add(font)
                    _runs.cache_clear()
                    text_width.cache_clear()
                break
    return faces


def _main_file() -> tuple[Path, int]:
    """The report font's file: a role found in it is not embedded a second time."""
    return Path(pdfmetrics.getFont(register_font()).face.filename), 0


def _main_family() -> str:
    name = pdfmetrics.getFont(register_font()).face.familyName
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


def font_substitutions(lang: str) -> list[str]:
    """What the official style sets in another face than it asks for, one line each (for
    the dialog and the command line); empty when every face is installed."""
    from twindesk.core.i18n import translate

    return [
        translate(
            "report.face_substitute",
            lang,
            wanted=translate(f"report.face.{f.role}", lang),
            used=f.family,
        )
        for f in official_faces().values()
        if f.substitute
    ]
