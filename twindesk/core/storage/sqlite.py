"""Everything that only SQLite has, behind one seam.

Pragmas, the application id that marks a file as a TwinDesk register, the online
backup API, integrity checks and file-level checks live here and nowhere else, so a
register on a PostgreSQL server (offices that outgrow one PC) needs only this module's
counterpart, not changes all over the core.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, event, func, literal_column, select, table

# The dialect is imported with the seam, not at the first connection: the window imports
# the core before PySide6, whose import hook reads the source of every module imported
# after it (ui/app.py).
from sqlalchemy.dialects import sqlite as _dialect  # noqa: F401
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler

from twindesk.core.errors import StorageError
from twindesk.core.search import TextContains, fold, has_han, pinyin_forms

# "TwDk" as a 32-bit integer: PRAGMA application_id marks our files, so opening a
# stranger's SQLite file is refused instead of being "upgraded" into a register.
APPLICATION_ID = 0x5477446B
BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
WRITE_OPTION = "twindesk_write"


def configure_engine(engine: Engine, *, read_only: bool = False) -> None:
    """Set the pragmas on every new connection of ``engine``."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy manage transactions; pysqlite's own BEGIN handling defers
        # BEGIN in a way that breaks SAVEPOINT and transactional DDL.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; only a power
            # cut can lose the last commits, never corrupt the file.
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writing transaction takes the write lock at its start (IMMEDIATE), so two
        # writers queue on the busy timeout instead of one failing half-way with
        # "database is locked" when it upgrades a read lock. Readers stay DEFERRED
        # and, in WAL mode, never wait for a writer.
        write = conn.get_execution_options().get(WRITE_OPTION) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def bulk_write_connection(engine: Engine, tables: list[str]) -> Iterator[Connection]:
    """A writing transaction for one bulk load of many thousand rows into ``tables``.

    Two things make such a load slow in SQLite that a check at the end does better:
    - foreign keys checked row by row (a parent lookup per reference, about a third of
      an import's write time); here they are off while the rows go in, and the new rows'
      references are checked once before the commit (as ``PRAGMA foreign_key_check``
      would, for the rows added only), refusing the whole load if any refers to a
      missing row (a place deleted by another window meanwhile, for instance);
    - the default 2 MB page cache, which spills pages to the journal mid-transaction;
      64 MB keeps them in memory.
    Both are put back afterwards, so the connection returns to the pool as it was. The
    pragmas cannot change inside a transaction, hence the raw connection first.
    """
    with engine.connect() as conn:
        raw = driver_connection(conn)
        cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("PRAGMA cache_size = -65536")
        try:
            with conn.begin():
                # Rows are appended (rowids above these), so only they are checked: a
                # whole-table check would cost seconds on a register of a million rows.
                marks = {
                    t: conn.exec_driver_sql(
                        f'SELECT coalesce(max(rowid), 0) FROM "{t}"'
                    ).scalar_one()
                    for t in tables
                }
                yield conn
                broken = [row for t in tables for row in _broken_new_rows(conn, t, marks[t])]
                if broken:
                    table_, rowid, parent = broken[0]
                    raise StorageError(
                        "storage.broken_reference",
                        table=table_,
                        rowid=rowid,
                        parent=parent,
                        count=len(broken),
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute(f"PRAGMA cache_size = {int(cache)}")


def driver_connection(conn: Connection) -> sqlite3.Connection:
    """The pysqlite connection under ``conn``, for the pragmas a transaction cannot change."""
    return cast(sqlite3.Connection, conn.connection.driver_connection)


def _broken_new_rows(conn: Connection, table: str, after: int) -> list[tuple[str, int, str]]:
    """(table, rowid, referred table) of the rows of ``table`` above rowid ``after`` that
    refer to a missing row: ``PRAGMA foreign_key_check`` for those rows only."""
    keys: dict[int, list[tuple[str, str, str | None]]] = {}
    for fk_id, _seq, parent, column, target, *_ in conn.exec_driver_sql(
        f'PRAGMA foreign_key_list("{table}")'
    ):
        keys.setdefault(fk_id, []).append((parent, column, target))
    out: list[tuple[str, int, str]] = []
    for pairs in keys.values():
        parent = pairs[0][0]
        match = " AND ".join(
            f'p."{target or "rowid"}" = c."{column}"' for _, column, target in pairs
        )
        given = " AND ".join(f'c."{column}" IS NOT NULL' for _, column, _t in pairs)
        rows = conn.exec_driver_sql(
            f'SELECT c.rowid FROM "{table}" AS c WHERE c.rowid > ? AND {given} '
            f'AND NOT EXISTS (SELECT 1 FROM "{parent}" AS p WHERE {match})',
            (after,),
        )
        out += [(table, rowid, parent) for (rowid,) in rows]
    return out


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A transaction for schema changes, with foreign keys off while it runs.

    Alembic's batch mode rebuilds a table by copy, drop and rename; with foreign keys
    on, dropping the old table would cascade-delete every row that refers to it. So
    keys are off during the migration and checked as a whole before it commits.
    The pragma cannot change inside a transaction, hence the raw connection.
    """
    with engine.connect() as conn:
        raw = driver_connection(conn)
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                broken = broken_references(conn)
                if broken:
                    raise StorageError(
                        "storage.damaged",
                        path="(migration)",
                        detail=f"{len(broken)} broken references after upgrade",
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def url_for(path: Path, *, read_only: bool = False) -> str:
    if read_only:
        return f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    return f"sqlite:///{path.as_posix()}"


# -- files this process has open ---------------------------------------------------------
# On POSIX, closing ANY descriptor of a file drops every fcntl lock the process holds on
# it, SQLite's included ("How To Corrupt An SQLite Database File", 2.2): another process
# may then believe it is the last user, checkpoint and delete the WAL under our open
# connections. So nothing here reads a register's bytes outside SQLite while this
# process has it open; SQLite's own connections are safe, because SQLite shares its
# locks per file among the process's connections and defers closing a descriptor while
# any of them holds a lock. ``hold`` / ``release`` count the registers this process has
# open, so a raw read (the header peek that tells a stranger's file from a damaged
# register, setting a damaged file aside) can tell when it must not happen.
_held: Counter[tuple[int, int]] = Counter()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def hold(path: Path) -> tuple[int, int] | None:
    """Count ``path`` as open in this process until ``release`` with the returned key."""
    key = _file_key(path)
    if key is not None:
        _held[key] += 1
    return key


def release(key: tuple[int, int] | None) -> None:
    if key is not None and _held[key] > 0:
        _held[key] -= 1
        if not _held[key]:
            del _held[key]


def held_here(path: Path) -> bool:
    """Whether this process has the register at ``path`` open (raw reads would unlock it)."""
    key = _file_key(path)
    return key is not None and key in _held


def check_file(path: Path, *, must_exist: bool) -> None:
    """Refuse what cannot be a register before SQLite touches it.

    Only ``stat`` and ``access``: opening the file would drop this process's locks on it
    when closed (see above). Whether the bytes are a database is ``probe``'s question.
    """
    if not path.exists():
        if must_exist:
            raise StorageError("storage.missing", path=str(path))
        return
    if path.is_dir():
        raise StorageError("storage.not_register", path=str(path))
    if not os.access(path, os.R_OK):
        raise StorageError("storage.no_access", path=str(path))


def create_private(path: Path) -> None:
    """Create an empty register file readable by its owner only (0600 on POSIX).

    SQLite gives the -wal and -shm files it makes the mode of the database file, so
    the journal of a new register is private too. An existing file is left as it is.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def probe(path: Path) -> tuple[int, set[str]]:
    """Read a file's application id and table names without changing a byte of it.

    Runs before the engine opens the file, because the engine's first connection sets
    WAL mode, which rewrites the header: a stranger's database must be refused untouched.
    Goes through SQLite (never a plain ``open``), which keeps this process's locks.
    """
    try:
        con = sqlite3.connect(
            f"file:{path.as_posix()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0] or 0
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        if is_locked_error(e):
            raise StorageError("storage.locked", path=str(path)) from e
        if not _has_sqlite_header(path):
            raise StorageError("storage.not_register", path=str(path)) from e
        raise StorageError("storage.damaged", path=str(path), detail=str(e)) from e
    return app_id, tables


def _has_sqlite_header(path: Path) -> bool:
    """Whether a file SQLite refused starts like a database (damaged) or not (a stranger).

    A raw read, so only when this process does not have the file open; a file it has
    open is a register it opened, so it counts as one.
    """
    if held_here(path):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def application_id(conn: Connection) -> int:
    app_id: int = conn.exec_driver_sql("PRAGMA application_id").scalar() or 0
    return app_id


def mark_as_register(conn: Connection) -> None:
    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def table_names(conn: Connection) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}


def integrity_problems(conn: Connection, *, quick: bool = False) -> list[str]:
    """What SQLite's own checks find wrong: page damage, broken foreign keys.

    ``quick`` is the check at open (seconds on a national register); the full one with
    the reference check is what ``twindesk check`` runs (tens of seconds there).
    """
    pragma = "quick_check" if quick else "integrity_check"
    rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    problems = [r for r in rows if r != "ok"]
    if quick:  # pages only; SQLite enforces the references on every write anyway
        return problems
    problems += [
        f"{table} row {rowid} refers to a missing {parent} record"
        for table, rowid, parent in broken_references(conn)
    ]
    return problems


def defer_foreign_keys(conn: Connection) -> None:
    """Check references at commit, not per row, until this transaction ends.

    For bulk loads whose rows refer to each other in any order (a restore: a place's
    parent may come after it); ``broken_references`` before commit says what is wrong.
    """
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def broken_references(conn: Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, referred table) of every row that refers to a missing row."""
    return [
        (t, rowid, parent)
        for t, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check")
    ]


def sync_ids(conn: Connection) -> None:
    """Nothing to do: SQLite's next id is always max(id) + 1 (the PostgreSQL seam moves
    its sequences past ids written explicitly)."""


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new ids for ``table``, for inserts that give them explicitly (no RETURNING
    round trips). Safe because a writing transaction holds the write lock from its start
    (BEGIN IMMEDIATE): no one else can take an id in between."""
    start = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(start, start + count))


def backup_file(source: Path, target: Path, *, check: bool = True) -> Path:
    """Copy a register with SQLite's online backup API and verify the copy.

    The online API gives a consistent snapshot even while another connection writes,
    which a plain file copy of a WAL database does not. The copy is written under a
    temporary name and renamed only once it passed an integrity check. ``check=False``
    leaves the check to the caller (``check_copy``), who runs it beside other work on
    the copy and must not keep a copy that fails it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private(partial)  # a copy of the register is as private as the register
    src = sqlite3.connect(
        f"file:{source.as_posix()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # A backup must be one self-contained file, not a file plus a WAL.
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0] if check else "ok"
        except sqlite3.DatabaseError as e:  # the source is damaged beyond copying
            if is_locked_error(e):  # busy, not damaged: never send the clerk to a restore
                partial.unlink(missing_ok=True)
                raise StorageError("storage.locked", path=str(source)) from e
            result = str(e)
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise StorageError("storage.damaged", path=str(source), detail=result)
    partial.replace(target)
    return target


def check_copy(copy: Path, source: Path) -> None:
    """SQLite's full integrity check of a copy made by ``backup_file(check=False)``;
    StorageError (damaged, naming ``source``) when it fails."""
    con = sqlite3.connect(f"file:{copy.as_posix()}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as e:
        result = str(e)
    finally:
        con.close()
    if result != "ok":
        raise StorageError("storage.damaged", path=str(source), detail=result)


def replace_contents(source: Path, target: Path) -> None:
    """Make the register at ``target`` hold what ``source`` holds, through SQLite.

    The pages are written by SQLite's backup API into the live file in one transaction,
    so every connection to it (in this process or another) keeps its locks and its WAL
    and sees the new contents at its next read: nothing is deleted or renamed under an
    open register. Raises ``storage.damaged`` when ``target`` cannot be written this way
    (a file SQLite cannot read); the caller may then replace the file whole.
    """
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute("PRAGMA schema_version").fetchone()  # refuses a file it cannot read
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as e:
        if is_locked_error(e):
            raise StorageError("storage.locked", path=str(target)) from e
        raise StorageError("storage.damaged", path=str(target), detail=str(e)) from e
    finally:
        src.close()


def is_locked_error(exc: BaseException) -> bool:
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


def is_damaged_error(exc: BaseException) -> bool:
    text = str(exc)
    return "malformed" in text or "file is not a database" in text or "disk image" in text


# -- full-text search ---------------------------------------------------------------------
# Tables whose quick search goes through an FTS5 trigram index on ``search_text``: the
# ones that reach a million rows. The index is "external content" (it stores only the
# index, not a second copy of the text) kept in step by triggers. Note for migrations:
# a batch-mode rebuild of such a table drops its triggers; call create_text_index again.
TEXT_INDEXED = ("exchange",)
TRIGRAM = 3  # the trigram index answers queries of at least three characters


def create_text_index(conn: Connection, name: str) -> None:
    fts = f"{name}_fts"
    for statement in (
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{name}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {name} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ):
        conn.exec_driver_sql(statement)


def is_text_index_table(name: str) -> bool:
    """The FTS table and its shadow tables, which the models do not declare."""
    return any(name == f"{t}_fts" or name.startswith(f"{t}_fts_") for t in TEXT_INDEXED)


@compiles(TextContains, "sqlite")
def _compile_text_match(element: TextContains, compiler: SQLCompiler, **kw: Any) -> str:
    name, folded = element.table.name, element.folded
    if name not in TEXT_INDEXED:
        return compiler.process(element.as_like(), **kw)
    if len(folded) >= TRIGRAM:
        return compiler.process(element.table.c.id.in_(_text_hits(name, folded)), **kw)
    # Two Chinese characters ("论坛") are too short for trigrams, but the key also holds
    # the pinyin of Chinese text ("luntan"): narrow by that through the index, then keep
    # the rows that really contain the characters (homophones drop out).
    syllables = pinyin_forms(folded)[0] if has_han(folded) else ""
    if len(syllables) < TRIGRAM:
        return compiler.process(element.as_like(), **kw)
    condition = and_(element.table.c.id.in_(_text_hits(name, syllables)), element.as_like())
    return compiler.process(condition, **kw)


def _text_hits(name: str, text: str) -> Select[Any]:
    phrase = '"' + text.replace('"', '""') + '"'  # one phrase, no FTS operators
    return (
        select(literal_column("rowid"))
        .select_from(table(f"{name}_fts"))
        .where(
            literal_column(f"{name}_fts").op("MATCH")(bindparam("fts_query", phrase, unique=True))
        )
    )


def count_text_matches(conn: Connection, name: str, query: str) -> int | None:
    """How many rows of ``name`` contain ``query``, counted in the index alone; None when
    the index cannot answer it (no index, or a query under three characters).

    Counting through the index takes 12 ms for 61,653 hits among a million exchanges;
    counting the rows themselves means as many seeks (90 ms). The triggers keep the index
    and the table in step, so the two counts are the same.
    """
    folded = fold(query)
    if name not in TEXT_INDEXED or len(folded) < TRIGRAM:
        return None
    count: int = conn.execute(
        select(func.count()).select_from(_text_hits(name, folded).subquery())
    ).scalar_one()
    return count


# -- privacy of what a register leaves on disk --------------------------------------------
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private(path: Path | str) -> Path:
    """Make ``path`` its owner's alone on POSIX: 0700 for a folder, 0600 for a file,
    whatever the umask gave it; returns the path.

    For what TwinDesk writes outside SQLite's own files (backups, copies set aside or
    restored, attachments extracted for opening) and their folders. A new register is
    made private by ``create_private``, and SQLite gives its -wal and -shm the register's
    mode. On Windows nothing: a file there inherits its folder's access list, and the
    user's profile folders are private already.
    """
    path = Path(path)
    if os.name == "posix":
        os.chmod(path, PRIVATE_FOLDER_MODE if path.is_dir() else PRIVATE_FILE_MODE)
    return path


def private_folder(path: Path | str) -> Path:
    """Create the folder ``path`` if need be (0700 from the start), and make it private."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    return make_private(path)


# -- registers on network file systems ----------------------------------------------------
# SQLite's locking is only as good as the file system's. Over SMB/CIFS, NFS, FUSE network
# mounts and a virtual machine's shared folders it is unreliable, and a register used by
# two PCs through a share can be damaged (sqlite.org/useovernet.html). Opening one there
# is allowed, with a warning (the window's status bar, the command line's stderr).
NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb3",
        "smbfs",
        "smb2",
        "nfs",
        "nfs4",
        "ncpfs",
        "ncp",
        "afs",
        "openafs",
        "coda",
        "9p",
        "v9fs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "orangefs",
        "pvfs2",
        "davfs",
        "afpfs",
        "vboxsf",
        "vmhgfs",
        "prl_fs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.davfs",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
        "fuse.curlftpfs",
        "fuse.glusterfs",
        "fuse.ceph-fuse",
        "fuse.juicefs",
        "fuse.vmhgfs-fuse",
        "fuse.afpfs",
        "fuse.mfs",
        "fuse.lizardfs",
        "fuse.goofys",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW: a network drive


def network_filesystem(path: Path | str, mountinfo: str | None = None) -> str | None:
    """The type of the network file system ``path`` is on ("cifs", "nfs4", "fuse.sshfs",
    on Windows "unc" or "remote"), or None for a local disk or when it cannot be told.

    On Linux, the mount with the longest mount point that holds the resolved path, in
    /proc/self/mountinfo (or the ``mountinfo`` text given, for tests); the path need not
    exist yet. On Windows, a UNC path or a mapped network drive. Elsewhere (macOS) None:
    Python cannot read statfs's f_fstypename there. Only names are looked at, never the
    file's bytes (see ``hold``).
    """
    import sys  # imported here: this section was added at the end of the module

    try:
        if mountinfo is None:
            if sys.platform == "win32":
                return _windows_network(os.path.abspath(path), _drive_type) or _windows_network(
                    os.path.realpath(path), _drive_type
                )
            if not sys.platform.startswith("linux"):
                return None
            mountinfo = os.fsdecode(Path("/proc/self/mountinfo").read_bytes())
        fstype = _mount_type(os.path.realpath(path), mountinfo)
    except (OSError, ValueError):
        return None
    return fstype if fstype in NETWORK_FILESYSTEMS else None


def _mount_type(path: str, mountinfo: str) -> str | None:
    """The file system type of the mount holding ``path``: the longest mount point that
    is ``path`` or a folder above it; of mounts on the same point, the last (on top)."""
    import re

    found, longest = None, -1
    for line in mountinfo.splitlines():
        # 36 35 98:0 /root /mount/point rw,noatime master:1 - ext4 /dev/sda1 rw
        left, separator, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not separator or len(fields) < 5 or not tail:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])  # \040 is a space
        fstype = tail[0]
        if fstype == "fuse" and len(tail) > 1 and "#" in tail[1]:  # old sshfs: "sshfs#host:/"
            fstype = "fuse." + tail[1].split("#", 1)[0]
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= longest:
            found, longest = fstype, len(point)
    return found


def _windows_network(path: str, drive_type: Callable[[str], int]) -> str | None:
    """ "unc" for a path on a share (\\\\server\\share\\…, \\\\?\\UNC\\…), "remote" for one on
    a mapped network drive, else None. Pure string work but for ``drive_type``."""
    from pathlib import PureWindowsPath

    if path.startswith(("\\\\?\\UNC\\", "\\\\?\\unc\\")):
        return "unc"
    if path.startswith(("\\\\?\\", "\\\\.\\")):  # a local path in extended form
        path = path[4:]
    elif path.startswith(("\\\\", "//")):
        return "unc"
    drive = PureWindowsPath(path).drive
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return "remote"
    return None


def _drive_type(root: str) -> int:
    import ctypes

    # typeshed has ctypes.windll on Windows only ("unused" when checked there).
    kind: int = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))  # type: ignore[attr-defined, unused-ignore]
    return kind


# -- several clerks (core.clerks) ----------------------------------------------------------
def database_user(engine: Engine) -> str:
    """A file has no logins: the audit trail keeps the computer's user."""
    from twindesk.core.clerks import os_user

    return os_user()


def role_of(conn: Connection) -> str:
    """Whoever may open the file administers it (the file system decides who may)."""
    from twindesk.core.clerks import ADMIN

    return ADMIN


class ChangesWatcher:
    """``core.clerks.ChangesWatcher`` for a file: ``PRAGMA data_version`` on a connection
    of its own, which moves on whenever another connection (another window, another
    computer on the share, the command line) commits a change. A read of a number kept in
    shared memory: cheap enough for every second. It cannot say which tables changed, nor
    who else has the file open."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        # SQLite's own connection (never a raw read of the file: see ``hold``), used by
        # one thread at a time (the window's poll runs on its thread pool).
        from urllib.parse import quote

        target = f"file:{quote(path.as_posix())}?mode=ro" if read_only else str(path)
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            target, uri=read_only, check_same_thread=False, isolation_level=None
        )
        self._conn.execute("PRAGMA busy_timeout = 200")
        self._version = self._data_version()

    def _data_version(self) -> int | None:
        if self._conn is None:
            return None
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:  # busy for a moment: asked again at the next poll
            return self._version

    def changes(self) -> set[str]:
        from twindesk.core.clerks import ALL

        version = self._data_version()
        if version == self._version:
            return set()
        self._version = version
        return {ALL}

    def others(self) -> list[str] | None:
        return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def changes_watcher(
    engine: Engine, path: Path | None, *, read_only: bool = False
) -> ChangesWatcher:
    if path is None:
        raise ValueError("a register file has a path")
    return ChangesWatcher(path, read_only=read_only)
