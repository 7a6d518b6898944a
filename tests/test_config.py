"""Configuration: discovery, keys, validation, and `zhclean config`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup.config import Config, ConfigError, find_config, load_config, load_for_paths

ROOT = Path(__file__).resolve().parents[1]


def zhclean(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("zhclean")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


PYPROJECT = """\
[project]
name = "corpus"

[tool.zhclean]
select = ["MK", "ch"]
ignore = ["MK002"]
profile = "copywriting"
exclude = ["drafts", "old/*.txt"]
encoding = "GBK"
max-file-size = 5

[tool.zhclean.per-file-ignores]
"ads/*.txt" = ["MK"]
"notice.txt" = ["CH001"]

[tool.zhclean.thresholds]
MK = { safe = 0.95 }
MK001 = { min = 0.6 }

[tool.zhclean.review.keys]
accept = "y"
reject = "n"
"""


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_pyproject_table_is_found_walking_up_and_parsed(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "pyproject.toml"
    cfg = load_for_paths([deep / "x.txt"])
    assert cfg.source == tmp_path / "pyproject.toml"
    assert cfg.select == ("MK", "CH")  # codes are normalised to capitals
    assert cfg.ignore == ("MK002",)
    assert cfg.profile == "copywriting"
    assert cfg.encoding == "gbk"
    assert cfg.max_bytes == 5_000_000
    assert cfg.review_keys == {"accept": "y", "reject": "n"}
    assert cfg.origins["select"] == str(tmp_path / "pyproject.toml")
    assert "lexicons" not in cfg.origins


def test_pyproject_without_tool_table_is_skipped_and_zhclean_toml_wins(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "sub") == tmp_path / "pyproject.toml"
    write(tmp_path / "sub" / "zhclean.toml", 'profile = "newspaper"\n')
    write(tmp_path / "sub" / "pyproject.toml", PYPROJECT)
    assert find_config(tmp_path / "sub" / "f.txt") == tmp_path / "sub" / "zhclean.toml"
    assert load_for_paths([tmp_path / "sub"]).profile == "newspaper"


def test_no_config_gives_defaults(tmp_path):
    cfg = load_for_paths([tmp_path])
    # a config above tmp_path (none expected on test machines) would show here
    if cfg.source is None:
        assert cfg.select == ("ALL",) and cfg.profile == "newspaper" and cfg.max_bytes == 32_000_000


def test_explicit_config_and_missing_explicit(tmp_path):
    f = write(tmp_path / "elsewhere.toml", 'ignore = ["PU"]\n')
    assert load_for_paths([tmp_path], f).ignore == ("PU",)
    with pytest.raises(ConfigError, match="not found"):
        load_for_paths([tmp_path], tmp_path / "nope.toml")


@pytest.mark.parametrize("body, key, words", [
    ('selct = ["MK"]\n', "selct", "did you mean 'select'"),
    ('select = "MK,,"\n', "select", "not a rule code"),
    ('select = [1]\n', "select", "list of strings"),
    ('profile = "tabloid"\n', "profile", "newspaper, copywriting"),
    ('max-file-size = -1\n', "max-file-size", ">= 0"),
    ('max-file-size = true\n', "max-file-size", "megabytes"),
    ('encoding = "klingon"\n', "encoding", "unknown encoding"),
    ('[thresholds]\nMK001 = { min = 1.5 }\n', "thresholds.MK001.min", "within 0..1"),
    ('[thresholds]\nMK001 = { mn = 0.5 }\n', "thresholds.MK001", "min and/or safe"),
    ('[thresholds]\nMK001 = { min = 0.9, safe = 0.5 }\n', "thresholds.MK001", "must not exceed"),
    ('[thresholds]\n"pu-1" = { min = 0.5 }\n', "thresholds.pu-1", "not a rule code"),
    ('[per-file-ignores]\n"a/*.txt" = ["P U"]\n', "per-file-ignores.a/*.txt", "not a rule code"),
    ('extra-rule-dirs = ["missing-dir"]\n', "extra-rule-dirs", "folder not found"),
    ('lexicons = ["missing.txt"]\n', "lexicons", "not found"),
    ('[review]\ncolors = "x"\n', "review.colors", "unknown key"),
    ('[review.keys]\naccept = 1\n', "review.keys", "binding"),
])
def test_invalid_values_name_the_file_and_the_key(tmp_path, body, key, words):
    f = write(tmp_path / "zhclean.toml", body)
    with pytest.raises(ConfigError) as ei:
        load_config(f)
    msg = str(ei.value)
    assert msg.startswith(str(f)), msg
    assert f"'{key}'" in msg, msg
    assert words in msg, msg


def test_pyproject_keys_are_named_with_their_table(tmp_path):
    f = write(tmp_path / "pyproject.toml", "[tool.zhclean]\nprofil = 'x'\n")
    with pytest.raises(ConfigError, match=r"'tool\.zhclean\.profil'"):
        load_config(f)


def test_invalid_toml(tmp_path):
    f = write(tmp_path / "zhclean.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(f)


def test_relative_paths_are_anchored_at_the_config(tmp_path):
    (tmp_path / "rules2").mkdir()
    write(tmp_path / "names.txt", "贺海东 1000 name\n")
    f = write(tmp_path / "zhclean.toml", 'extra-rule-dirs = ["rules2"]\nlexicons = ["names.txt"]\n')
    cfg = load_config(f)
    assert cfg.extra_rule_dirs == (tmp_path / "rules2",)
    assert cfg.lexicons == (tmp_path / "names.txt",)


def test_exclude_and_per_file_ignores_match_relative_to_the_config(tmp_path):
    f = write(tmp_path / "pyproject.toml", PYPROJECT)
    cfg = load_config(f)
    assert cfg.excluded(tmp_path / "drafts" / "x.txt")  # a folder name
    assert cfg.excluded(tmp_path / "drafts")
    assert cfg.excluded(tmp_path / "old" / "y.txt")
    assert not cfg.excluded(tmp_path / "older" / "y.txt")
    assert not cfg.excluded(tmp_path / "news" / "y.txt")
    assert cfg.ignores_for(tmp_path / "ads" / "a.txt") == ("MK",)
    assert cfg.ignores_for(tmp_path / "x" / "notice.txt") == ("CH001",)  # bare name: anywhere
    assert cfg.ignores_for(tmp_path / "news" / "a.txt") == ()


def test_thresholds_expand_to_codes_longer_selector_wins():
    cfg = Config(thresholds={"ALL": {"min": 0.1}, "MK": {"safe": 0.95, "min": 0.3}, "MK001": {"min": 0.6}})
    th = cfg.settings_thresholds(["MK001", "MK002", "PU001"])
    assert th == {"MK001": {"min": 0.6, "safe": 0.95}, "MK002": {"min": 0.3, "safe": 0.95},
                  "PU001": {"min": 0.1}}


def test_config_verb_prints_settings_and_origins(tmp_path):
    write(tmp_path / "pyproject.toml", PYPROJECT)
    (tmp_path / "sub").mkdir()
    r = zhclean("config", "sub", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert str(tmp_path / "pyproject.toml") in r.stdout.splitlines()[0]
    line = next(l for l in r.stdout.splitlines() if l.startswith("profile"))
    assert '"copywriting"' in line and "pyproject.toml" in line
    line = next(l for l in r.stdout.splitlines() if l.startswith("lexicons"))
    assert line.rstrip().endswith("# default")
    r = zhclean("config", "--format", "json", cwd=tmp_path)
    d = json.loads(r.stdout)
    assert d["settings"]["select"] == ["MK", "CH"] and d["origins"]["encoding"].endswith("pyproject.toml")


def test_bad_config_is_exit_2_for_every_verb(tmp_path):
    write(tmp_path / "zhclean.toml", 'select = ["MK"]\nunknown-thing = 1\n')
    write(tmp_path / "a.txt", "### 标题\n")
    for args in (["config"], ["check", "a.txt"], ["fix", "a.txt"]):
        r = zhclean(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert "zhclean.toml" in r.stderr and "'unknown-thing'" in r.stderr
        assert "Traceback" not in r.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "### 标题\n"


def test_config_drives_check_and_cli_overrides(tmp_path):
    write(tmp_path / "zhclean.toml", 'select = ["MK"]\nignore = ["MK002"]\nexclude = ["skip"]\n'
                                     '[per-file-ignores]\n"quiet.txt" = ["MK001"]\n')
    write(tmp_path / "a.txt", "### 标题\n**重点**内容\n")
    write(tmp_path / "quiet.txt", "### 标题\n")
    write(tmp_path / "skip" / "b.txt", "### 标题\n")
    r = zhclean("check", ".", cwd=tmp_path)
    assert r.returncode == 1
    codes = [l.split()[1] for l in r.stdout.splitlines() if l.startswith("a.txt:")]
    assert codes == ["MK001"]  # MK002 ignored by the configuration
    assert "quiet.txt:" not in r.stdout and "skip/" not in r.stdout
    # --select replaces the configuration's select; --ignore adds to its ignore
    r = zhclean("check", ".", "--select", "MK002", cwd=tmp_path)
    assert r.returncode == 0, r.stdout  # MK002 still ignored by the config
    r = zhclean("check", "a.txt", "--ignore", "MK001", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # explicit files are checked even when excluded, unless --force-exclude
    r = zhclean("check", "skip/b.txt", cwd=tmp_path)
    assert r.returncode == 1
    r = zhclean("check", "skip/b.txt", "--force-exclude", cwd=tmp_path)
    assert r.returncode == 0
    # and the warning says why, not that the glob matched nothing
    assert "skip/b.txt: excluded by the configuration's exclude" in r.stderr, r.stderr


def test_thresholds_from_config_reach_the_pipeline(tmp_path):
    # MK001 proposes with confidence 0.99: a min above it drops the proposals
    write(tmp_path / "zhclean.toml", 'select = ["MK001"]\n[thresholds]\nMK = { min = 0.995 }\n')
    write(tmp_path / "a.txt", "### 标题\n")
    assert zhclean("check", "a.txt", cwd=tmp_path).returncode == 0
    # a safe threshold above it makes them unsafe: `fix` leaves them for review
    write(tmp_path / "zhclean.toml", 'select = ["MK001"]\n[thresholds]\nMK001 = { safe = 0.995 }\n')
    r = zhclean("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 1 and "[unsafe]" in r.stdout
    r = zhclean("fix", "a.txt", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "a.txt").read_text(encoding="utf-8") == "### 标题\n"


def test_encoding_from_config(tmp_path):
    write(tmp_path / "zhclean.toml", 'select = ["MK"]\nencoding = "gb18030"\n')
    (tmp_path / "a.txt").write_bytes("### 简体标题\n".encode("gb18030"))
    r = zhclean("fix", "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a.txt").read_bytes() == "简体标题\n".encode("gb18030")


def test_settings_reach_the_run_spec(tmp_path):
    """profile, lexicons, thresholds and extra rule folders end up in what the workers get."""
    from cleanup.cli import build_parser
    from cleanup.commands import Setup

    extra = tmp_path / "our-rules"
    extra.mkdir()
    (extra / "x.toml").write_text(
        '[[rule]]\ncode = "ZZ001"\nname = "our-rule"\nsummary = "s"\npass = "markup"\n', encoding="utf-8")
    write(tmp_path / "names.txt", "贺海东 1000 name\n")
    write(tmp_path / "zhclean.toml", 'profile = "copywriting"\nlexicons = ["names.txt"]\n'
                                     'extra-rule-dirs = ["our-rules"]\n[thresholds]\nZZ = { min = 0.7 }\n')
    write(tmp_path / "a.txt", "正文\n")
    args = build_parser().parse_args(["check", str(tmp_path / "a.txt")])
    st = Setup(args, check=True)
    spec = st.spec("check")
    assert spec.settings.profile == "copywriting"
    assert spec.settings.lexicons == [str(tmp_path / "names.txt")]
    assert spec.settings.thresholds == {"ZZ001": {"min": 0.7}}
    assert spec.extra_rule_dirs == (str(extra),)
    assert "ZZ001" in st.rules
    assert spec.policy.apply_unsafe  # check reports with every fix on
