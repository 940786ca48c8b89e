"""Finding a font that has both Chinese and Latin glyphs, for the window and for PDFs.

Fresh machines often have none: Qt then draws boxes and reportlab has nothing to
embed. The font must be TrueType-outline (reportlab cannot embed CFF/OpenType-outline
fonts such as Noto CJK) and must cover Latin too (Droid Sans Fallback does not).
WenQuanYi Micro Hei (Apache-2.0 / GPLv3 with font exception) fits; the set-up
scripts install it (Debian: fonts-wqy-microhei) and a build may ship it in
resources/fonts/. ``TWINDESK_FONT`` names another TrueType file.

Reports also embed fallback faces for the characters the main font lacks (see
``FALLBACK_FONTS``); the set-up scripts install them and the build ships them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from twindesk.paths import resources_dir

ENV_VAR = "TWINDESK_FONT"
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian, Ubuntu
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",  # Fedora
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",  # Arch
    "/usr/local/share/fonts/wqy-microhei.ttc",
    "~/.local/share/fonts/wqy-microhei.ttc",
    "~/.fonts/wqy-microhei.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",  # macOS
    "/Library/Fonts/Arial Unicode.ttf",
)

# Faces tried, in order, for each character the main font lacks: DejaVu Sans (Latin
# extensions and modifier letters such as the ʻokina of "Hawaiʻi"; fonts-dejavu-core),
# then Hanazono Mincho A and B (CJK Extension A, and Extensions B-F such as 𠮷;
# fonts-hanazono, OFL). All TrueType outlines, which reportlab can embed, and free to ship.
FALLBACK_FONTS = (
    ("DejaVuSans.ttf", ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
                        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
                        "/usr/share/fonts/TTF/DejaVuSans.ttf")),  # Arch
    ("HanaMinA.ttf", ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
                      "/usr/share/fonts/hanazono/HanaMinA.ttf")),
    ("HanaMinB.ttf", ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
                      "/usr/share/fonts/hanazono/HanaMinB.ttf")),
)


def fallback_paths() -> list[Path]:
    """The fallback faces found, in order: a shipped copy first, else the system's."""
    found = []
    for name, system in FALLBACK_FONTS:
        options = []
        try:
            options.append(resources_dir() / "fonts" / name)
        except FileNotFoundError:
            pass
        options += [Path(p) for p in system]
        path = next((p for p in options if p.is_file()), None)
        if path is not None:
            found.append(path)
    if sys.platform == "win32":  # SimSun-ExtB: TrueType, CJK Extension B
        found.append(Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "simsunb.ttf")
    return [p for p in found if p.is_file()]


def candidate_paths() -> list[Path]:
    """Where to look, best first: the override, a shipped copy, the system's fonts."""
    override = os.environ.get(ENV_VAR)
    if override:
        return [Path(override).expanduser()]
    paths = []
    try:
        paths.append(resources_dir() / "fonts" / "wqy-microhei.ttc")
    except FileNotFoundError:
        pass
    paths += [Path(p).expanduser() for p in SYSTEM_FONTS]
    if sys.platform == "win32":  # SimHei is TrueType and has Latin glyphs too
        paths.append(Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "simhei.ttf")
    return paths


def find_cjk_font() -> Path | None:
    """The first candidate that exists (the window's fallback font)."""
    return next((p for p in candidate_paths() if p.is_file()), None)
