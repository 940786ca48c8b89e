"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, listening on
a Unix socket there only (no TCP port), trusted local logins, no fsync (a test database
need not survive a power cut). Started once per test run by the ``pg_server`` fixture.

The server refuses to run as root, so as root it runs as the ``postgres`` user the
Debian package creates (``runuser``), in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from itertools import count
from pathlib import Path

TEMPLATE = "twindesk_template"
SETTINGS = (
    "-F -c fsync=off -c full_page_writes=off -c synchronous_commit=off "
    "-c max_connections=50 -c shared_buffers=32MB"
)


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl: Debian keeps them off PATH, per major version."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Server:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix="twindesk-pg-", dir=_memory_folder()))
        self.data = self.base / "data"
        self._names = count(1)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(f"{' '.join(args)} failed: {result.stdout}{result.stderr}")

    def start(self) -> Server:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.base / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-k {self.base} -h '' {SETTINGS}",
            "start",
        )
        return self

    def stop(self) -> None:
        try:
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.base}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            dbname="postgres", user="postgres", host=str(self.base), autocommit=True
        ) as conn:
            conn.execute(sql)

    def new_database(self, template: str = "template1") -> str:
        """A fresh database (a copy of ``template``); returns its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = database_of(url)
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_of(url: str) -> str:
    return url.partition("?")[0].rpartition("/")[2]


def _memory_folder() -> str | None:
    """/dev/shm when it has room: a test server's files need not reach the disk."""
    try:
        return "/dev/shm" if shutil.disk_usage("/dev/shm").free > 2 << 30 else None
    except OSError:
        return None
