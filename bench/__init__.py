"""Benchmark and scale-test helpers (synthetic registers: ``bench.generate``)."""

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def as_installed() -> None:
    """Measure child processes as TwinDesk runs once installed: with its modules' bytecode
    kept. pip compiles a wheel's modules at install and PyInstaller ships them compiled;
    a machine that sets PYTHONDONTWRITEBYTECODE (these test machines do) would compile
    some 45 modules from source at every start, 0.14 s of CPU (issue 15)."""
    (OUT / "pycache").mkdir(parents=True, exist_ok=True)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children keep their bytecode ...
    os.environ["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")  # ... out of the source tree
