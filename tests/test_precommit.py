"""The pre-commit hooks, run the way pre-commit runs them: entry + args + file names."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def read_hooks(text: str) -> list[dict]:
    """A tiny reader for the hooks file: a list of flat mappings whose values are
    plain scalars or flow lists (``[a, b]``); ``#`` comments. Anything else fails."""
    hooks: list[dict] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if line.startswith("- "):
            hooks.append({})
            line = line[2:]
        elif line.startswith("  "):
            line = line[2:]
        else:
            raise ValueError(f"unsupported YAML line: {raw!r}")
        key, sep, value = line.partition(": ")
        assert sep and hooks and re.fullmatch(r"[a-z_]+", key), raw
        value = value.strip()
        if value.startswith("["):
            assert value.endswith("]"), raw
            hooks[-1][key] = [v.strip() for v in value[1:-1].split(",") if v.strip()]
        elif value in ("true", "false"):
            hooks[-1][key] = value == "true"
        else:
            assert not value.startswith(("'", '"', "{", "|", ">")), raw
            hooks[-1][key] = value
    return hooks


def run_hook(hook: dict, filenames: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """As pre-commit does: filter by `files`, then `entry` + `args` + file names."""
    files = [f for f in filenames if re.search(hook.get("files", ""), f)]
    cmd = shlex.split(hook["entry"]) + list(hook.get("args", [])) + files
    exe = Path(sys.executable).with_name(cmd[0])  # the console script pre-commit would install
    cmd[0:1] = [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, env=dict(os.environ))


def hooks_by_id() -> dict[str, dict]:
    return {h["id"]: h for h in read_hooks(HOOKS.read_text(encoding="utf-8"))}


def test_hooks_file_is_well_formed():
    hooks = hooks_by_id()
    assert set(hooks) == {"zhclean-check", "zhclean-fix"}
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    for h in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(h)
        assert h["language"] == "python"
        assert shlex.split(h["entry"])[0] in scripts  # installed by `pip install` of this repo
        assert re.search(h["files"], "a/b/page.txt") and not re.search(h["files"], "README.md")
    assert "--exit-non-zero-on-fix" in hooks["zhclean-fix"]["entry"]


def test_tiny_reader_rejects_what_it_does_not_understand():
    import pytest

    with pytest.raises((ValueError, AssertionError)):
        read_hooks("- id: x\n  entry: |\n    multi\n")


def _repo(tmp_path: Path) -> list[str]:
    (tmp_path / "zhclean.toml").write_text('select = ["MK"]\nexclude = ["vendor"]\n')
    files = {
        "pages/a.txt": "### 标题\n\n正文**重点**内容。\n",
        "pages/b.txt": "干净的正文。\n",
        "vendor/c.txt": "### 别人的文件\n",
        "README.md": "# readme\n",
    }
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return sorted(files)


def test_check_hook_then_fix_hook(tmp_path):
    names = _repo(tmp_path)
    hooks = hooks_by_id()
    r = run_hook(hooks["zhclean-check"], names, tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines()[:2] == [
        "pages/a.txt:1:1: MK001 remove Markdown heading marker '###' [safe]",
        "pages/a.txt:3:3: MK002 remove Markdown emphasis markers **…** [safe]",
    ]
    assert "vendor" not in r.stdout  # excluded by the configuration, even when named
    # the fixing hook changes a file: non-zero, as pre-commit expects
    r = run_hook(hooks["zhclean-fix"], names, tmp_path)
    assert r.returncode == 1, r.stderr
    assert (tmp_path / "pages/a.txt").read_text(encoding="utf-8") == "标题\n\n正文重点内容。\n"
    assert (tmp_path / "vendor/c.txt").read_text(encoding="utf-8") == "### 别人的文件\n"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# readme\n"
    # nothing left: both hooks pass
    r = run_hook(hooks["zhclean-fix"], names, tmp_path)
    assert r.returncode == 0, r.stderr
    r = run_hook(hooks["zhclean-check"], names, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_hook_on_an_undecodable_file_fails_with_a_message(tmp_path):
    (tmp_path / "zhclean.toml").write_text('select = ["MK"]\n')
    (tmp_path / "gbk.txt").write_bytes("### 标题\n".encode("gbk"))
    r = run_hook(hooks_by_id()["zhclean-check"], ["gbk.txt"], tmp_path)
    assert r.returncode == 2 and "gbk.txt: not valid UTF-8 at byte offset" in r.stderr
    assert "Traceback" not in r.stderr
