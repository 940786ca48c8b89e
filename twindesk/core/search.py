"""Search keys: one lower-cased text per record that a quick search matches with LIKE.

A clerk types "beijing", "bj" or "北京" and expects Beijing. The key holds each name
folded (NFKC, lower case, no spaces), and for Chinese text its pinyin and pinyin
initials, separated by a character no query contains.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

SEPARATOR = "|"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def fold(text: str) -> str:
    """Fold width, case and spacing: "Ｂｅｉｊｉｎｇ " and "bei jing" both become "beijing"."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s\u3000'’`\-–—_.·•]+", "", text).replace(SEPARATOR, "")


def normalize_name(text: str) -> str:
    """The key two names must share to count as the same name."""
    return fold(text)


@lru_cache(maxsize=65536)
def _pinyin_forms(text: str) -> tuple[str, str]:
    # Imported here: pypinyin loads its phrase dictionary (~0.7 s) on import, and only
    # writing a name needs it, not opening the window or searching.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, errors="ignore")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(syllables).lower(), "".join(initials).lower()


def search_key(names: Iterable[str | None]) -> str:
    parts: list[str] = []
    for name in names:
        if not name:
            continue
        parts.append(fold(name))
        if _HAN.search(name):
            parts.extend(_pinyin_forms(name))
    seen: dict[str, None] = dict.fromkeys(p for p in parts if p)
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""


def like_pattern(query: str) -> str | None:
    """The LIKE pattern for a quick-search query, or None for an empty query."""
    q = fold(query)
    if not q:
        return None
    q = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"
