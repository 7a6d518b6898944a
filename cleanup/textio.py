"""Reading and writing text files safely.

- UTF-8 by default; anything else only when ``encoding`` names it (GB18030,
  GBK, Big5 are common in Chinese archives). Undecodable input is an
  :class:`InputError` that names the path and the byte offset.
- A UTF-8 BOM and CRLF line ends are remembered and restored on write; the
  passes always see ``\\n``.
- Binary files (NUL bytes) and empty files are refused with a clear message.
- Writes are atomic: a temporary file in the same directory, fsync, rename
  over the original, file mode kept. A file that changed on disk since it
  was read is not overwritten.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = codecs.BOM_UTF8


class InputError(Exception):
    """A file that cannot be processed; ``str()`` is a one-line message with the path."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.reason = message


@dataclass(frozen=True)
class FileMeta:
    path: str
    encoding: str
    bom: bool
    crlf: bool
    size: int
    digest: str  # of the bytes read, to detect changes before writing back


def read_text(path: Path | str, encoding: str | None = None) -> tuple[str, FileMeta]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except IsADirectoryError:
        raise InputError(p, "is a directory") from None
    except PermissionError:
        raise InputError(p, "permission denied") from None
    except OSError as e:
        raise InputError(p, e.strerror or str(e)) from None
    return decode_bytes(data, p, encoding)


def decode_bytes(data: bytes, path: Path | str = "<bytes>", encoding: str | None = None) -> tuple[str, FileMeta]:
    if not data:
        raise InputError(path, "empty file (nothing to clean)")
    enc = (encoding or "utf-8").lower()
    bom = False
    body = data
    if enc in ("utf-8", "utf8", "utf-8-sig") and data.startswith(BOM):
        bom, body = True, data[len(BOM):]
        enc = "utf-8"
    if b"\x00" in body[:65536] and not enc.startswith("utf-16") and not enc.startswith("utf-32"):
        off = body.index(b"\x00")
        raise InputError(path, f"binary file (NUL byte at offset {off + (3 if bom else 0)}); not text")
    try:
        text = body.decode(enc)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        off = e.start + (3 if bom else 0)
        hint = "" if encoding else " (pass --encoding gb18030, gbk or big5 if that is its encoding)"
        raise InputError(path, f"not valid {enc.upper()} at byte offset {off}{hint}") from None
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return text, FileMeta(str(path), enc, bom, crlf, len(data), digest)


def encode_text(text: str, meta: FileMeta) -> bytes:
    if meta.crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(meta.encoding)
    return (BOM + data) if meta.bom else data


def atomic_write(path: Path | str, text: str, meta: FileMeta, *, check_unchanged: bool = True) -> None:
    """Write ``text`` over ``path`` atomically, in the file's own encoding, BOM and line ends."""
    p = Path(path)
    if check_unchanged and p.exists():
        current = hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
        if current != meta.digest:
            raise InputError(p, "changed on disk since it was read; not overwritten")
    write_bytes_atomic(p, encode_text(text, meta))


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = stat.S_IMODE(p.stat().st_mode)
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".zhclean-tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename durable
        dfd = os.open(p.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
