"""The one font of every report: a TrueType face that has both Chinese and Latin glyphs.

reportlab embeds TrueType outlines only (not CFF/OpenType-outline fonts), and a face
without Latin glyphs leaves English blank, so not every Chinese font will do. We use
WenQuanYi Micro Hei (Debian/Ubuntu package ``fonts-wqy-microhei``; Apache-2.0 or GPLv3
with the font exception), looked up in the usual places; ``TWINDESK_FONT`` names another
TrueType file (.ttf, or .ttc whose first face is used). The family registers the same
face for normal and bold, so bold text can never fall back to a Latin-only font.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from twindesk.core.errors import TwinDeskError
from twindesk.core.fonts import candidate_paths

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
