"""Architecture guards: the library never imports Textual; nothing reads the shared/ folder beside the repo."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_cleanup_never_imports_textual_statically():
    offenders = [p for p in (ROOT / "cleanup").rglob("*.py") if {"textual", "tui"} & _imports(p)]
    # review_args imports tui lazily inside run(); that is the one allowed door
    assert [p.name for p in offenders if p.name != "review_args.py"] == []


def test_running_the_library_does_not_load_textual():
    code = (
        "import sys, cleanup.cli as c; c.build_parser();"
        "from cleanup import fix_text; fix_text('# 标题\\n\\n正文');"
        "print('textual' in sys.modules or 'tui' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"


def test_no_code_or_test_reads_shared():
    needle = "../" + "shared"
    hits = []
    for sub in ("cleanup", "tui", "tests", "rules"):
        for p in (ROOT / sub).rglob("*"):
            if p.is_file() and p.suffix in {".py", ".toml", ".txt", ".tcss"}:
                if needle in p.read_text(encoding="utf-8", errors="replace"):
                    hits.append(str(p.relative_to(ROOT)))
    assert hits == []


def test_fixtures_are_bundled():
    raw = sorted(p.name for p in (ROOT / "fixtures" / "raw").glob("*.txt"))
    gold = sorted(p.name for p in (ROOT / "fixtures" / "gold").glob("*.txt"))
    assert len(raw) == 5 and len(gold) == 3 and set(gold) <= set(raw)
    assert (ROOT / "fixtures" / "gold" / "GOLD_SPEC.md").exists()
