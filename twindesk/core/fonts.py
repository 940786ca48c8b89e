"""Finding a font that has both Chinese and Latin glyphs, for the window and for PDFs.

Fresh machines often have none: Qt then draws boxes and reportlab has nothing to
embed. The font must be TrueType-outline (reportlab cannot embed CFF/OpenType-outline
fonts such as Noto CJK) and must cover Latin too (Droid Sans Fallback does not).
WenQuanYi Micro Hei (Apache-2.0 / GPLv3 with font exception) fits; the set-up
scripts install it (Debian: fonts-wqy-microhei) and a build may ship it in
resources/fonts/.
"""
from __future__ import annotations

import os
from pathlib import Path

from twindesk.paths import resources_dir

CANDIDATES = (
    "fonts/wqy-microhei.ttc",  # shipped with a build, relative to resources/
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
    "C:/Windows/Fonts/simhei.ttf",  # Windows: SimHei is TrueType and covers Latin
    "C:/Windows/Fonts/simsun.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)


def find_cjk_font() -> Path | None:
    """The first usable font file: ``TWINDESK_FONT`` if set, then the known places."""
    override = os.environ.get("TWINDESK_FONT")
    if override:
        return Path(override) if Path(override).is_file() else None
    for candidate in CANDIDATES:
        path = Path(candidate)
        if not path.is_absolute():
            try:
                path = resources_dir() / candidate
            except FileNotFoundError:
                continue
        if path.is_file():
            return path
    return None
