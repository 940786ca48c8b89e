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
import shutil
import subprocess
import sys
from functools import lru_cache
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
    (
        "DejaVuSans.ttf",
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
            "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
        ),
    ),  # Arch
    (
        "HanaMinA.ttf",
        (
            "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
            "/usr/share/fonts/hanazono/HanaMinA.ttf",
        ),
    ),
    (
        "HanaMinB.ttf",
        (
            "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
            "/usr/share/fonts/hanazono/HanaMinB.ttf",
        ),
    ),
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


# Chinese faces of the official (公文) style, by the file names Windows, WPS and the
# founder (方正) packages install them under; elsewhere fontconfig names them.
WINDOWS_CJK_FILES = {
    "simsun.ttc": "SimSun",
    "simhei.ttf": "SimHei",
    "simfang.ttf": "FangSong",
    "simkai.ttf": "KaiTi",
    "msyh.ttc": "Microsoft YaHei",
    "STSONG.TTF": "STSong",
    "STFANGSO.TTF": "STFangsong",
    "STKAITI.TTF": "STKaiti",
    "STXIHEI.TTF": "STXihei",
    "STZHONGS.TTF": "STZhongsong",
    "FZXBSJW.TTF": "FZXiaoBiaoSong-B05S",
    "FZXBSK.TTF": "FZXiaoBiaoSong-B05",
    "FZFSJW.TTF": "FZFangSong-Z02S",
    "FZFSK.TTF": "FZFangSong-Z02",
    "FZHTJW.TTF": "FZHei-B01S",
    "FZHTK.TTF": "FZHei-B01",
}
MAC_CJK_FILES = {
    "/System/Library/Fonts/Supplemental/Songti.ttc": "Songti SC",
    "/System/Library/Fonts/STHeiti Medium.ttc": "Heiti SC",
    "/Library/Fonts/Microsoft/SimSun.ttf": "SimSun",
    "/Library/Fonts/Microsoft/SimHei.ttf": "SimHei",
    "/Library/Fonts/Microsoft/FangSong.ttf": "FangSong",
}


@lru_cache(maxsize=1)
def system_cjk_faces() -> tuple[tuple[tuple[str, ...], Path, int], ...]:
    """The system's Chinese faces as (family names, file, index in a .ttc): fontconfig's
    list where there is one, plus the known Windows and macOS files."""
    faces: list[tuple[tuple[str, ...], Path, int]] = []
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run(
                [fc_list, "-f", "%{family}\t%{file}\t%{index}\n", ":lang=zh"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            family, _tab, rest = line.partition("\t")
            file, _tab, index = rest.partition("\t")
            if file:
                faces.append(
                    (
                        tuple(f.strip() for f in family.split(",")),
                        Path(file),
                        int(index) if index.isdigit() else 0,
                    )
                )
    files: dict[Path, str] = {}
    if sys.platform == "win32":
        for folder in (
            Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
            Path(os.environ.get("LOCALAPPDATA", "~")).expanduser() / "Microsoft/Windows/Fonts",
        ):
            files.update((folder / name, family) for name, family in WINDOWS_CJK_FILES.items())
    elif sys.platform == "darwin":
        files.update((Path(p), family) for p, family in MAC_CJK_FILES.items())
    known = {path for _names, path, _index in faces}
    faces += [
        ((family,), path, 0)
        for path, family in files.items()
        if path.is_file() and path not in known
    ]
    return tuple(faces)
