#!/usr/bin/env python3
"""Project tasks that need nothing but Python 3.11 and pip.

    python3 tasks.py demo    clean fixtures/raw into out/ and score against fixtures/gold
    python3 tasks.py test    run the whole test suite
    python3 tasks.py bench   run the benchmark harness (bench/, not part of the tests)

Each task creates the virtual environment .venv in the repository root and
installs the package (editable) with what the task needs, only when
pyproject.toml changed since the last install.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_venv(extras: str = "test") -> None:
    if not PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    want = hashlib.sha256(pyproject + extras.encode()).hexdigest()
    stamp = VENV / ".zhclean-installed"
    if stamp.exists() and stamp.read_text() == want and (BIN / "zhclean").exists():
        return
    print(f"installing zhclean[{extras}] into .venv ...", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[{extras}]"], check=True)
    stamp.write_text(want)


def run(*cmd: str) -> int:
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.call(list(cmd), cwd=ROOT)


def demo() -> int:
    ensure_venv()
    zh = str(BIN / "zhclean")
    rc = run(zh, "fix", "fixtures/raw", "--output", "out")
    if rc not in (0, 1):
        return rc
    return run(zh, "score", "fixtures", "--cleaned", "out")


def test(*args: str) -> int:
    ensure_venv()
    return run(str(PY), "-m", "pytest", "-n", "2", *args)


def bench(*args: str) -> int:
    ensure_venv()
    return run(str(PY), "bench/run.py", *args)


TASKS = {"demo": demo, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(2)
    sys.exit(TASKS[sys.argv[1]](*sys.argv[2:]))
