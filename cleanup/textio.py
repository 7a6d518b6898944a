"""Reading and writing text files safely: nothing is ever lost.

- UTF-8 by default; anything else only when ``encoding`` names it (GB18030,
  GBK, Big5 are common in Chinese archives). Undecodable input is an
  :class:`InputError` that names the path, the byte offset and the line.
- A UTF-8 BOM is remembered and restored on write. CRLF line ends are
  restored on write when *every* line end of the file was CRLF (the passes
  always see ``\\n``); a file that mixes CRLF and LF is passed through as it
  is (its ``\\r`` characters stay visible to the passes).
- Binary files (any NUL byte) are refused; empty files are reported as such
  (``InputError.kind == "empty"``: callers treat it as "nothing to do").
- Files larger than a limit are refused *before* they are read (bounded
  memory): ``read_text(..., max_bytes=...)``.
- Writes are atomic: a temporary file in the same directory, fsync (for
  in-place writes), rename over the original, file mode kept, symlinks followed (the link stays a
  link). A file that changed on disk since it was read is not overwritten,
  and a read-only file is not replaced.

Every failure is an :class:`InputError` whose ``str()`` is one line starting
with the path; ``kind`` tells callers what happened.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

BOM = codecs.BOM_UTF8
TMP_SUFFIX = ".zhclean-tmp"
#: fault injection for tests: seconds to sleep between writing the temporary
#: file and renaming it over the original (the moment a kill would hurt most)
FAULT_DELAY_ENV = "ZHCLEAN_FAULT_WRITE_DELAY"


class InputError(Exception):
    """A file that cannot be processed; ``str()`` is a one-line message with the path.

    ``kind``: missing, directory, permission, os, empty, binary, decode,
    encoding, too-large, changed.
    """

    def __init__(self, path: Path | str, message: str, kind: str = "error") -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.reason = message
        self.kind = kind


@dataclass(frozen=True)
class FileMeta:
    path: str
    encoding: str
    bom: bool
    crlf: bool
    size: int
    digest: str  # of the bytes read, to detect changes before writing back


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _os_error(p: Path, e: OSError) -> InputError:
    if isinstance(e, FileNotFoundError):
        return InputError(p, "no such file or directory", "missing")
    if isinstance(e, IsADirectoryError):
        return InputError(p, "is a directory", "directory")
    if isinstance(e, PermissionError):
        return InputError(p, "permission denied", "permission")
    return InputError(p, e.strerror or str(e), "os")


def normalize_encoding(encoding: str | None) -> str:
    """Canonical codec name (``GBK`` -> ``gbk``, ``utf8`` -> ``utf-8``); unknown -> ValueError."""
    if not encoding:
        return "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r} (try utf-8, gb18030, gbk or big5)") from None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def read_text(path: Path | str, encoding: str | None = None, *,
              max_bytes: int | None = None) -> tuple[str, FileMeta]:
    """Read and decode a file; ``max_bytes`` refuses larger files before reading them."""
    p = Path(path)
    try:
        if max_bytes is not None:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(
                    p, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
                       "(--max-file-size); not processed, split it or raise the limit",
                    "too-large")
        data = p.read_bytes()
    except OSError as e:
        raise _os_error(p, e) from None
    return decode_bytes(data, p, encoding)


def decode_bytes(data: bytes, path: Path | str = "<bytes>", encoding: str | None = None) -> tuple[str, FileMeta]:
    try:
        enc = normalize_encoding(encoding)
    except ValueError as e:
        raise InputError(path, str(e), "encoding") from None
    if not data:
        raise InputError(path, "empty file (nothing to clean)", "empty")
    bom = False
    body = data
    if enc == "utf-8" and data.startswith(BOM):
        bom, body = True, data[len(BOM):]
    wide = enc.startswith(("utf-16", "utf-32"))
    if not wide:
        nul = body.find(b"\x00")
        if nul != -1:
            off = nul + (len(BOM) if bom else 0)
            raise InputError(path, f"binary file (NUL byte at byte offset {off}); not text, skipped", "binary")
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as e:
        off = e.start + (len(BOM) if bom else 0)
        line = body.count(b"\n", 0, e.start) + 1
        bad = body[e.start:e.start + 4].hex(" ")
        hint = "" if encoding else "; pass --encoding gb18030, gbk or big5 if that is its encoding"
        raise InputError(
            path, f"not valid {enc.upper()} at byte offset {off} (line {line}, bytes {bad}){hint}; skipped",
            "decode") from None
    if not text:  # only a BOM
        raise InputError(path, "empty file (only a byte-order mark; nothing to clean)", "empty")
    crlf = False
    n_lf = text.count("\n")
    if n_lf:
        n_crlf = text.count("\r\n")
        if n_crlf == n_lf:
            crlf = True
            text = text.replace("\r\n", "\n")
    return text, FileMeta(str(path), enc, bom, crlf, len(data), _digest(data))


def encode_text(text: str, meta: FileMeta) -> bytes:
    """The bytes to write for ``text``: the file's own encoding, BOM and line ends."""
    if meta.crlf:
        text = text.replace("\n", "\r\n")
    try:
        data = text.encode(meta.encoding)
    except UnicodeEncodeError as e:
        raise InputError(
            meta.path, f"the cleaned text has {text[e.start]!r}, which {meta.encoding} cannot encode; "
                       "not written", "encoding") from None
    return (BOM + data) if meta.bom else data


def atomic_write(path: Path | str, text: str, meta: FileMeta, *, check_unchanged: bool = True) -> None:
    """Write ``text`` over ``path`` atomically, in the file's own encoding, BOM and line ends.

    Refuses (``InputError``) when the file changed on disk since ``meta`` was
    read, or when it is not writable.
    """
    p = Path(path)
    data = encode_text(text, meta)
    real = Path(os.path.realpath(p))  # write through a symlink, keep the link
    if check_unchanged:
        try:
            st = real.stat()
            if st.st_size != meta.size or _digest(real.read_bytes()) != meta.digest:
                raise InputError(p, "changed on disk since it was read; not overwritten", "changed")
        except FileNotFoundError:
            raise InputError(p, "was removed since it was read; not written", "changed") from None
        except OSError as e:
            raise _os_error(p, e) from None
    try:
        writable = os.access(real, os.W_OK) and bool(real.stat().st_mode & 0o222)
    except OSError as e:
        raise _os_error(p, e) from None
    if not writable:  # the write bits are checked too: root would rename over a 0444 file
        raise InputError(p, "permission denied (the file is read-only); not overwritten", "permission")
    write_bytes_atomic(real, data, shown=p)


def write_bytes_atomic(path: Path | str, data: bytes | Callable[[BinaryIO], None], *,
                       shown: Path | str | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    ``data`` is bytes, or a function that writes them to the open file (a
    stream that need not be in memory at once).

    A crash or kill at any moment leaves either the old file or the new one,
    never a truncated one (at worst a hidden ``.NAME.*.zhclean-tmp`` file).
    ``durable``: fsync the data before the rename, so that a power loss too
    leaves the old or the new file (needed when replacing an original; a
    fresh copy in an output folder can skip it: the original is still there).
    """
    p = Path(path)
    label = shown if shown is not None else p
    mode = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            st = p.stat()
            mode = stat.S_IMODE(st.st_mode)
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=TMP_SUFFIX, dir=p.parent)
    except OSError as e:
        raise _os_error(Path(label), e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:  # a new file: the usual mode for the umask, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        delay = os.environ.get(FAULT_DELAY_ENV)
        if delay:
            time.sleep(float(delay))
        os.replace(tmp, p)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _os_error(Path(label), e) from None
        raise
    # no fsync of the folder: until the rename reaches the disk a power loss
    # leaves the old file, which is one of the two allowed outcomes
