"""Reading and writing files: encodings, BOM, CRLF, binary, empty, atomic writes."""
from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given, settings, strategies as st

from cleanup.textio import (
    BOM, FileMeta, InputError, TMP_SUFFIX, atomic_write, decode_bytes, encode_text, read_text,
    write_bytes_atomic,
)


def test_utf8_plain_roundtrip(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("市长一行\n到达".encode())
    text, meta = read_text(p)
    assert text == "市长一行\n到达"
    assert (meta.encoding, meta.bom, meta.crlf, meta.size) == ("utf-8", False, False, len(p.read_bytes()))
    assert encode_text(text, meta) == p.read_bytes()


def test_bom_and_crlf_are_hidden_from_passes_and_restored():
    data = BOM + "一\r\n二\r\n".encode()
    text, meta = decode_bytes(data, "x.txt")
    assert text == "一\n二\n"
    assert meta.bom and meta.crlf
    assert encode_text("一\n三\n", meta) == BOM + "一\r\n三\r\n".encode()


def test_mixed_line_ends_are_left_as_they_are():
    data = "一\r\n二\n三".encode()
    text, meta = decode_bytes(data)
    assert not meta.crlf
    assert text == "一\r\n二\n三"  # nothing normalised behind the user's back
    assert encode_text(text, meta) == data


def test_undecodable_names_byte_offset_and_line():
    data = "一\n二".encode() + b"\xb5\xcd" + "三".encode()
    with pytest.raises(InputError) as ei:
        decode_bytes(data, "p.txt")
    e = ei.value
    assert e.kind == "decode"
    assert str(e).startswith("p.txt: ")
    off = len("一\n二".encode())
    assert f"byte offset {off}" in str(e)
    assert "(line 2" in str(e) and "--encoding" in str(e)
    assert "\n" not in str(e)


def test_bom_counts_in_the_byte_offset():
    with pytest.raises(InputError, match="byte offset 4"):
        decode_bytes(BOM + b"a\xff", "p.txt")


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "big5"])
def test_named_encodings_roundtrip(enc):
    s = "中華民國\n臺灣" if enc == "big5" else "简体中文\n测试"
    data = s.encode(enc)
    with pytest.raises(InputError):
        decode_bytes(data, "x")  # not UTF-8
    text, meta = decode_bytes(data, "x", enc.upper())
    assert text == s and meta.encoding in (enc, "gbk", "gb18030", "big5")
    assert encode_text(text, meta) == data


def test_text_the_encoding_cannot_hold_is_not_written():
    _, meta = decode_bytes("中文".encode("gbk"), "x", "gbk")
    with pytest.raises(InputError, match="cannot encode"):
        encode_text("中文😀", meta)


def test_unknown_encoding():
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", "x", "klingon")


def test_binary_and_empty():
    with pytest.raises(InputError) as ei:
        decode_bytes(b"abc\x00def", "b.txt")
    assert ei.value.kind == "binary" and "byte offset 3" in str(ei.value)
    with pytest.raises(InputError) as ei:
        decode_bytes(b"", "e.txt")
    assert ei.value.kind == "empty"
    with pytest.raises(InputError) as ei:
        decode_bytes(BOM, "e.txt")
    assert ei.value.kind == "empty"


def test_too_large_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 2000)
    with pytest.raises(InputError) as ei:
        read_text(p, max_bytes=1000)
    assert ei.value.kind == "too-large" and "--max-file-size" in str(ei.value)
    assert read_text(p, max_bytes=2000)[0] == "x" * 2000


def test_missing_directory_and_permission(tmp_path):
    with pytest.raises(InputError) as ei:
        read_text(tmp_path / "nope.txt")
    assert ei.value.kind == "missing"
    with pytest.raises(InputError) as ei:
        read_text(tmp_path)
    assert ei.value.kind == "directory"
    if os.geteuid() != 0:
        p = tmp_path / "secret.txt"
        p.write_text("x")
        p.chmod(0)
        with pytest.raises(InputError) as ei:
            read_text(p)
        assert ei.value.kind == "permission"


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("旧\n", encoding="utf-8")
    p.chmod(0o640)
    text, meta = read_text(p)
    atomic_write(p, "新\n", meta)
    assert p.read_text(encoding="utf-8") == "新\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("spoil, kind, left", [
    (lambda p: p.write_text("别人改过\n", encoding="utf-8"), "changed", "别人改过\n"),
    (lambda p: p.chmod(0o444), "permission", "旧\n"),  # made read-only
])
def test_atomic_write_refuses_a_file_changed_or_read_only_since_read(tmp_path, spoil, kind, left):
    p = tmp_path / "a.txt"
    p.write_text("旧\n", encoding="utf-8")
    _, meta = read_text(p)
    spoil(p)
    with pytest.raises(InputError) as ei:
        atomic_write(p, "新\n", meta)
    assert ei.value.kind == kind
    assert p.read_text(encoding="utf-8") == left


def test_atomic_write_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("旧\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    _, meta = read_text(link)
    atomic_write(link, "新\n", meta)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "新\n"


def test_failed_write_removes_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("旧\n", encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(InputError, match="No space left"):
        write_bytes_atomic(p, b"new")
    assert p.read_text(encoding="utf-8") == "旧\n"
    assert not [f for f in tmp_path.iterdir() if f.name.endswith(TMP_SUFFIX)]


def test_new_file_gets_umask_mode_not_0600(tmp_path):
    p = tmp_path / "sub" / "new.txt"
    write_bytes_atomic(p, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([None, "gb18030", "big5"]))
def test_decode_arbitrary_bytes_never_crashes_and_roundtrips(data, enc):
    try:
        text, meta = decode_bytes(data, "f.txt", enc)
    except InputError as e:
        assert str(e).startswith("f.txt: ") and "\n" not in str(e)
        return
    assert isinstance(meta, FileMeta)
    if enc is None:  # UTF-8 is a bijection: what was read is what is written
        assert encode_text(text, meta) == data


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.booleans(), st.booleans())
def test_unicode_roundtrip_with_bom_and_crlf(s, bom, crlf):
    s = s.replace("\x00", "")
    body = s.replace("\r\n", "\n").replace("\n", "\r\n") if crlf else s
    data = (BOM if bom else b"") + body.encode("utf-8", "surrogatepass")
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates are not valid UTF-8 text
    try:
        text, meta = decode_bytes(data, "f")
    except InputError as e:
        assert e.kind == "empty"
        return
    assert encode_text(text, meta) == data
