"""Configuration: ``[tool.zhclean]`` in ``pyproject.toml`` or a ``zhclean.toml``.

The file is found by walking up from the paths of a run (their common
parent directory) to the filesystem root; in each directory ``zhclean.toml``
wins over ``pyproject.toml``, and a ``pyproject.toml`` counts only if it has
a ``[tool.zhclean]`` table. ``--config FILE`` names the file explicitly. One
configuration applies to a whole run. In ``zhclean.toml`` the keys are at
the top level (no ``[tool.zhclean]`` prefix).

Keys (kebab-case, as ruff)::

    select = ["ALL"]                 # rule codes or prefixes to run
    ignore = ["MR"]                  # codes or prefixes to skip
    exclude = ["drafts/**"]          # globs (relative to the config's folder) never visited
    profile = "newspaper"            # or "copywriting"
    encoding = "utf-8"               # input encoding (gb18030, gbk, big5 ...)
    max-file-size = 32               # MB; larger files are refused (0: no limit)
    extra-rule-dirs = ["my-rules"]   # more rule TOML folders (relative to the config)
    lexicons = ["names.txt"]         # more lexicon files or folders
    [per-file-ignores]
    "ads/*.txt" = ["PU", "SP001"]
    [thresholds]                     # per code or prefix: confidence min / safe
    MR = { min = 0.6, safe = 0.95 }
    [review.keys]                    # key bindings of `zhclean review` (binding id -> key)
    accept = "y"

Unknown keys and invalid values raise :class:`ConfigError`, whose message
names the file and the key.
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .textio import normalize_encoding

PROFILES = ("newspaper", "copywriting")
SELECTOR_RE = re.compile(r"^(ALL|[A-Z]{1,2}[0-9]{0,3})$")
DEFAULT_MAX_FILE_MB = 32.0
CONFIG_NAMES = ("zhclean.toml", "pyproject.toml")


class ConfigError(ValueError):
    """Invalid configuration; the message names the file and the key."""


@dataclass
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    profile: str = "newspaper"
    encoding: str | None = None
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)  # selector -> {min,safe}
    extra_rule_dirs: tuple[Path, ...] = ()
    lexicons: tuple[Path, ...] = ()
    review_keys: dict[str, str] = field(default_factory=dict)
    source: Path | None = None  # the file read (None: defaults)
    root: Path | None = None  # the folder relative globs are anchored at
    origins: dict[str, str] = field(default_factory=dict)  # key -> where its value came from

    # -- derived ------------------------------------------------------------
    @property
    def max_bytes(self) -> int | None:
        return None if not self.max_file_mb else int(self.max_file_mb * 1_000_000)

    def _rel(self, path: Path) -> str | None:
        base = self.root or Path.cwd()
        try:
            return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base))).as_posix()
        except ValueError:
            return None

    def excluded(self, path: Path) -> bool:
        return bool(self.exclude) and _glob_match(path, self._rel(path), self.exclude)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        """Codes ignored for this file by ``per-file-ignores``."""
        out: list[str] = []
        rel = self._rel(path)
        for pat, codes in self.per_file_ignores.items():
            if _glob_match(path, rel, (pat,)):
                out += codes
        return tuple(out)

    def settings_thresholds(self, codes: Iterable[str]) -> dict[str, dict[str, float]]:
        """Expand selector thresholds to the rule codes (a longer selector wins)."""
        out: dict[str, dict[str, float]] = {}
        order = sorted(self.thresholds, key=lambda s: (s != "ALL", len(s)))
        for code in codes:
            for sel in order:
                if sel == "ALL" or code.startswith(sel):
                    out.setdefault(code, {}).update(self.thresholds[sel])
        return out

    def describe(self) -> list[tuple[str, Any, str]]:
        """(key, value, origin) for every setting, for ``zhclean config``."""
        rows = [
            ("select", list(self.select)),
            ("ignore", list(self.ignore)),
            ("per-file-ignores", {k: list(v) for k, v in self.per_file_ignores.items()}),
            ("exclude", list(self.exclude)),
            ("profile", self.profile),
            ("encoding", self.encoding or "utf-8"),
            ("max-file-size", self.max_file_mb),
            ("thresholds", self.thresholds),
            ("extra-rule-dirs", [str(p) for p in self.extra_rule_dirs]),
            ("lexicons", [str(p) for p in self.lexicons]),
            ("review.keys", self.review_keys),
        ]
        return [(k, v, self.origins.get(k, "default")) for k, v in rows]


def _glob_match(path: Path, rel: str | None, patterns: Iterable[str]) -> bool:
    """A glob matches the path relative to the config folder, or (for a
    pattern without ``/``) the file name or any parent folder name.
    ``**`` matches across folders (``fnmatch``'s ``*`` already does)."""
    name = path.name
    for pat in patterns:
        p = pat.rstrip("/")
        if rel is not None and (fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel, p + "/*")):
            return True
        if "/" not in p:
            if fnmatch.fnmatchcase(name, p):
                return True
            if rel is not None and any(fnmatch.fnmatchcase(part, p) for part in rel.split("/")[:-1]):
                return True
    return False


# -- discovery ---------------------------------------------------------------
def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "zhclean" in data["tool"]


def find_config(start: Path | str) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or folder)."""
    p = Path(os.path.abspath(start))
    d = p if p.is_dir() else p.parent
    for folder in (d, *d.parents):
        z = folder / "zhclean.toml"
        if z.is_file():
            return z
        pp = folder / "pyproject.toml"
        if pp.is_file() and _has_tool_table(pp):
            return pp
    return None


def common_parent(paths: Iterable[Path | str]) -> Path:
    ds = []
    for p in paths:
        a = os.path.abspath(p)
        ds.append(a if os.path.isdir(a) else os.path.dirname(a))
    if not ds:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(ds))
    except ValueError:  # different drives
        return Path(ds[0])


def load_for_paths(paths: Iterable[Path | str], explicit: Path | str | None = None) -> Config:
    """The configuration that governs a run over ``paths``."""
    if explicit is not None:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{p}: configuration file not found")
        return load_config(p)
    found = find_config(common_parent(list(paths)))
    return load_config(found) if found else Config()


# -- parsing -----------------------------------------------------------------
_KEYS = {
    "select", "ignore", "per-file-ignores", "exclude", "profile", "encoding",
    "max-file-size", "thresholds", "extra-rule-dirs", "lexicons", "review",
}


def load_config(path: Path | str) -> Config:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not valid UTF-8 at byte offset {e.start}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("zhclean", {}) if isinstance(tool, dict) else {}
        prefix = "tool.zhclean."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix.rstrip('.') or 'configuration'} must be a table")
    return parse_table(table, path, prefix)


def parse_table(table: dict[str, Any], path: Path, prefix: str = "") -> Config:
    cfg = Config(source=path, root=Path(os.path.abspath(path)).parent)
    root = cfg.root
    assert root is not None

    def err(key: str, msg: str) -> ConfigError:
        return ConfigError(f"{path}: key '{prefix}{key}': {msg}")

    def str_list(key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "must be a list of strings")
        return value

    def selectors(key: str, value: Any) -> tuple[str, ...]:
        out = []
        for v in str_list(key, value):
            s = v.strip().upper()
            if not SELECTOR_RE.match(s):
                raise err(key, f"{v!r} is not a rule code or prefix (e.g. PU001, PU, ALL)")
            out.append(s)
        return tuple(out)

    def paths(key: str, value: Any, want_dir: bool) -> tuple[Path, ...]:
        out = []
        for v in str_list(key, value):
            p = Path(v).expanduser()
            p = p if p.is_absolute() else root / p
            if want_dir and not p.is_dir():
                raise err(key, f"folder not found: {p}")
            if not want_dir and not p.exists():
                raise err(key, f"file or folder not found: {p}")
            out.append(p)
        return tuple(out)

    where = f"{path}"
    for key, value in table.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), sorted(_KEYS), n=1)
            hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
            raise ConfigError(f"{path}: unknown key '{prefix}{key}'{hint}")
        if key == "select":
            cfg.select = selectors(key, value)
        elif key == "ignore":
            cfg.ignore = selectors(key, value)
        elif key == "exclude":
            cfg.exclude = tuple(str_list(key, value))
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise err(key, "must be a table of glob = [codes]")
            cfg.per_file_ignores = {
                str(g): selectors(f"{key}.{g}", codes) for g, codes in value.items()
            }
        elif key == "profile":
            if value not in PROFILES:
                raise err(key, f"{value!r} is not one of {', '.join(PROFILES)}")
            cfg.profile = value
        elif key == "encoding":
            if not isinstance(value, str):
                raise err(key, "must be a string")
            try:
                cfg.encoding = normalize_encoding(value)
            except ValueError as e:
                raise err(key, str(e)) from None
        elif key == "max-file-size":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise err(key, "must be a number of megabytes >= 0 (0: no limit)")
            cfg.max_file_mb = float(value)
        elif key == "thresholds":
            cfg.thresholds = _thresholds(value, err)
        elif key == "extra-rule-dirs":
            cfg.extra_rule_dirs = paths(key, value, True)
        elif key == "lexicons":
            cfg.lexicons = paths(key, value, False)
        elif key == "review":
            if not isinstance(value, dict):
                raise err(key, "must be a table")
            for rk, rv in value.items():
                if rk != "keys":
                    raise ConfigError(f"{path}: unknown key '{prefix}review.{rk}'")
                if not isinstance(rv, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and v for k, v in rv.items()
                ):
                    raise err("review.keys", "must be a table of binding = \"key\" strings")
                cfg.review_keys = dict(rv)
                cfg.origins["review.keys"] = where
            continue
        cfg.origins[key] = where
    return cfg


def _thresholds(value: Any, err) -> dict[str, dict[str, float]]:
    if not isinstance(value, dict):
        raise err("thresholds", "must be a table of CODE = { min = .., safe = .. }")
    out: dict[str, dict[str, float]] = {}
    for sel, t in value.items():
        key = f"thresholds.{sel}"
        s = sel.strip().upper()
        if not SELECTOR_RE.match(s):
            raise err(key, f"{sel!r} is not a rule code or prefix")
        if not isinstance(t, dict) or not t or set(t) - {"min", "safe"}:
            raise err(key, "must be a table with keys min and/or safe")
        th = {}
        for k, v in t.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise err(f"{key}.{k}", f"{v!r} is not a number within 0..1")
            th[k] = float(v)
        if "min" in th and "safe" in th and th["min"] > th["safe"]:
            raise err(key, "min must not exceed safe")
        out[s] = th
    return out
