"""Search keys: one lower-cased text per record that a quick search matches with LIKE.

A clerk types "beijing", "bj" or "北京" and expects Beijing. The key holds each name
folded (NFKC, lower case, no spaces), and for Chinese text its pinyin and pinyin
initials, separated by a character no query contains.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement

if TYPE_CHECKING:
    from pypinyin.constants import Style
    from pypinyin.core import Pinyin

    from twindesk.core.models import TableModel

    ModelClass = type[TableModel]  # TextContains's own "type" hides the builtin there
    Errors = Callable[[str], str] | str  # pypinyin's errors: a policy name or a function

SEPARATOR = "|"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def fold(text: str) -> str:
    """Fold width, case and spacing: "Ｂｅｉｊｉｎｇ " and "bei jing" both become "beijing"."""
    text = text or ""
    # The common names first, for what folding comes to for them: plain ASCII letters
    # and digits only change case, and Chinese characters (unified ideographs) not at all.
    if text.isascii() and text.isalnum():
        return text.lower()
    if _HAN_ONLY.fullmatch(text):
        return text
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s\u3000'’`\-–—_.·•]+", "", text).replace(SEPARATOR, "")


def normalize_name(text: str) -> str:
    """The key two names must share to count as the same name."""
    return fold(text)


@lru_cache(maxsize=1)
def _pinyin() -> Pinyin:
    """pypinyin's converter, remembering each character's reading in a style.

    Imported here: pypinyin loads its phrase dictionary (~0.7 s) on import, and only
    writing a name (or searching for two Chinese characters) needs it, not opening the
    window. The styling of a (character, reading) pair is a pure function that place
    names ask for again and again (市, 斯, 尔): done once, it halves an import's pinyin time.
    """
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin

    class RememberingConverter(DefaultConverter):
        # A method cache keeps its instances alive: this one converter lives as long as
        # the process anyway (_pinyin is cached).
        @lru_cache(maxsize=16384)  # noqa: B019
        def _styled(self, han: str, orig_pinyin: str, style: Style, strict: bool) -> str:
            return super().convert_style(han, orig_pinyin, style=style, strict=strict)

        def convert_style(
            self, han: str, orig_pinyin: str, style: Style, strict: bool, **kwargs: Any
        ) -> str:
            if kwargs:
                return super().convert_style(han, orig_pinyin, style=style, strict=strict, **kwargs)
            return self._styled(han, orig_pinyin, style, strict)

        # A segment's readings, likewise: names are made of few characters (斯, 尔, 堡),
        # and converting one is most of the time pinyin takes (an import of 100,000 new
        # places: 2.7 s to 1 s). Lists come back copied; callers may change them.
        @lru_cache(maxsize=16384)  # noqa: B019 - as _styled
        def _converted(
            self, words: str, style: Style, heteronym: bool, errors: Errors, strict: bool
        ) -> tuple[tuple[str, ...], ...]:
            return tuple(
                map(tuple, super().convert(words, style, heteronym, errors, strict=strict))
            )

        def convert(
            self,
            words: str,
            style: Style,
            heteronym: bool,
            errors: Errors,
            strict: bool = True,
            **kwargs: Any,
        ) -> list[list[str]]:
            if kwargs or callable(errors):
                return super().convert(words, style, heteronym, errors, strict=strict, **kwargs)
            return [list(item) for item in self._converted(words, style, heteronym, errors, strict)]

    return Pinyin(converter=RememberingConverter())


def pinyin_forms(text: str) -> tuple[str, str]:
    """The pinyin of Chinese text, whole and as initials: "北京" → ("beijing", "bj")."""
    return _PREFETCHED.get(text) or _pinyin_forms(text)


@lru_cache(maxsize=65536)
def _pinyin_forms(text: str) -> tuple[str, str]:
    syllables = _pinyin().lazy_pinyin(text, errors="ignore")
    # The initials are the syllables' first letters (what Style.FIRST_LETTER gives),
    # taken here rather than by a second segmentation: an import names 20,000 places.
    initials = (s[0] for s in syllables if s)
    return "".join(syllables).lower(), "".join(initials).lower()


_PREFETCHED: dict[str, tuple[str, str]] = {}


def _pinyin_table(texts: list[str], prepare: Any = None) -> dict[str, tuple[str, str]]:
    names = dict.fromkeys(map(prepare, texts) if prepare else texts)
    return {name: _pinyin_forms(name) for name in names if name and _HAN.search(name)}


def _helper_started(parent: int) -> None:
    """In the helper process, first: let go of the caller's stdout and stderr, and end with
    the process that started it.

    A spawned process inherits the standard streams; a command whose output is being read
    (a script running ``twindesk import``) would otherwise wait for the helper as well, and
    a helper whose parent was killed would wait for ever to hand its answers to no one.
    """
    import threading
    import time

    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)

    def end_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=end_with_parent, daemon=True).start()


class PinyinPrefetch:
    """The pinyin of many names worked out in a second process while this one does other
    work, for the search keys written afterwards.

    An import of 100,000 new Chinese place names spends a tenth of its time in pinyin,
    all of it at commit; validation before it keeps one core busy and leaves the other
    idle. So the names are handed to a helper process as soon as the columns are known,
    and ``use()`` makes its answers what ``pinyin_forms`` returns until ``close()``.
    Only an optimisation: a machine with one core, a small file, or any failure of the
    helper process leaves the work to this process, with the same result.
    """

    MIN_NAMES = 5000  # below this, starting a process costs more than it saves

    def __init__(self, texts: Iterable[str], prepare: Any = None) -> None:
        """``texts`` as found (a sheet's cells); ``prepare``, a module-level function the
        helper applies to each first (``clean_text``), gives the names keys are made of."""
        self._pool: Any = None
        self._future: Any = None
        wanted = list(dict.fromkeys(texts))
        if len(wanted) < self.MIN_NAMES or (os.cpu_count() or 1) < 2:
            return
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # "spawn": a fresh interpreter, never a fork of a process with threads (the
            # window) or with the register open.
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_helper_started,
                initargs=(os.getpid(),),
            )
            self._future = self._pool.submit(_pinyin_table, wanted, prepare)
        except Exception:  # no process to be had: this process does the work
            self.close()

    def use(self, timeout: float = 120.0) -> None:
        """Wait for the helper's answers (it is usually done) and use them."""
        if self._future is None:
            return
        try:
            _PREFETCHED.update(self._future.result(timeout=timeout))
        except Exception:  # a helper that failed or hung: this process does the work
            pass
        finally:
            self._future = None
            self._shutdown()

    def close(self) -> None:
        """Forget the answers and stop the helper process (cancelled, or done)."""
        _PREFETCHED.clear()
        self._future = None
        self._shutdown()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> PinyinPrefetch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def has_han(text: str | None) -> bool:
    return bool(_HAN.search(text or ""))


def search_key(names: Iterable[str | None]) -> str:
    parts: list[str] = []
    for name in names:
        if not name:
            continue
        parts.append(fold(name))
        if _HAN.search(name):
            parts.extend(pinyin_forms(name))
    seen: dict[str, None] = dict.fromkeys(p for p in parts if p)
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""


def like_pattern(query: str) -> str | None:
    """The LIKE pattern for a quick-search query, or None for an empty query."""
    q = fold(query)
    if not q:
        return None
    q = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


class TextContains(ColumnElement[bool]):
    """ "This record's search key contains the query", as SQL.

    Everywhere it is a LIKE on ``search_text``; the SQLite seam compiles it to a lookup
    in a trigram full-text index for the tables that have one (a million exchanges:
    LIKE reads every row), and a PostgreSQL register would use pg_trgm the same way.
    """

    type = Boolean()
    inherit_cache = False  # the query text is baked into the compiled SQL
    _is_implicitly_boolean = True  # a condition as it is, not "(...) = 1"

    def __init__(self, model: ModelClass, query: str) -> None:
        self.table = model.__table__
        self.folded = fold(query)

    def as_like(self) -> ColumnElement[bool]:
        return self.table.c.search_text.like(like_pattern(self.folded), escape="\\")


@compiles(TextContains)
def _compile_like(element: TextContains, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.as_like(), **kw)
