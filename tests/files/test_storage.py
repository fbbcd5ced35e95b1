"""The storage backends, type sniffing and file names, below the API."""

import io
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hiring.cli import app as cli
from hiring.config import Settings
from hiring.errors import Invalid, UnsupportedMediaType
from hiring.filenames import content_disposition, sanitise_filename
from hiring.files.filetypes import FileType, sniff
from hiring.storage import ObjectMissing, Storage, TooLarge, make_storage
from hiring.storage.local import LocalStorage
from hiring.storage.s3 import S3Storage
from tests.files import documents


def test_backends_stream_in_and_out(storage: Storage) -> None:
    chunks = [b"x" * 70_000, b"y" * 70_000]
    assert storage.put("t/a", iter(chunks), max_bytes=200_000, content_type="text/plain") == 140_000
    assert b"".join(storage.open("t/a")) == b"".join(chunks)
    assert storage.exists("t/a")
    assert list(storage.keys("t/")) == ["t/a"]
    storage.delete("t/a")
    storage.delete("t/a")
    assert not storage.exists("t/a")
    with pytest.raises(ObjectMissing):
        storage.open("t/a")


def test_backends_keep_nothing_past_the_limit(storage: Storage) -> None:
    with pytest.raises(TooLarge):
        storage.put("t/big", io.BytesIO(b"z" * 100_001), max_bytes=100_000, content_type="x/y")
    assert list(storage.keys()) == []


def test_a_large_object_goes_up_in_parts(storage: Storage) -> None:
    size = 9 * 1024 * 1024
    storage.put("t/large", io.BytesIO(os.urandom(size)), max_bytes=size, content_type="x/y")
    assert sum(len(c) for c in storage.open("t/large")) == size


@pytest.mark.parametrize("key", ["../escape", "/etc/passwd", "a/../../b", "a//b", "a/.hidden", ""])
def test_keys_cannot_escape_or_be_invented(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        storage.put(key, io.BytesIO(b"x"), max_bytes=10, content_type="x/y")


def test_the_local_root_cannot_be_left_through_a_symlink(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(ValueError):
        LocalStorage(root).put("link/x", io.BytesIO(b"x"), max_bytes=10, content_type="x/y")
    assert list(outside.iterdir()) == []


def test_the_backend_is_chosen_from_the_storage_url(tmp_path: Path) -> None:
    local = make_storage(Settings(storage_url=f"file://{tmp_path}"))
    assert isinstance(local, LocalStorage) and local.root == tmp_path.resolve()
    s3 = make_storage(Settings(storage_url="s3://bucket/some/prefix/"))
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix) == ("bucket", "some/prefix")
    assert s3.client.meta.region_name == "auto"
    with pytest.raises(ValueError):
        make_storage(Settings(storage_url="ftp://example.com/files"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (documents.pdf(["x"]), FileType.pdf),
        (documents.docx_file(["x"]), FileType.docx),
        (documents.odt(["x"]), FileType.odt),
        (documents.ole("WordDocument"), FileType.doc),
        (b"{\\rtf1\\ansi hello}", FileType.rtf),
        ("plain text, ünïcode\n".encode(), FileType.txt),
        (documents.PNG, FileType.png),
        (documents.JPEG, FileType.jpeg),
    ],
)
def test_types_are_judged_from_the_bytes(content: bytes, expected: FileType) -> None:
    assert sniff(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        documents.EXE,
        documents.plain_zip(),
        documents.ole("Workbook"),
        b"text with a \x00 byte",
        "latin-1 caf\xe9".encode("latin-1"),
    ],
)
def test_other_types_are_refused(content: bytes) -> None:
    with pytest.raises(UnsupportedMediaType):
        sniff(io.BytesIO(content))


def test_an_empty_file_is_invalid() -> None:
    with pytest.raises(Invalid):
        sniff(io.BytesIO(b""))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\CV.pdf", "CV.pdf"),
        ("..hidden", "hidden"),
        ("a\x00b\nc.txt", "a_b_c.txt"),
        ('what?"*.pdf', "what___.pdf"),
        ("", "file"),
        ("../", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("Cafe\u0301.txt", "Café.txt"),
    ],
)
def test_filenames_are_sanitised(raw: str, clean: str) -> None:
    assert sanitise_filename(raw) == clean


def test_content_disposition_has_an_ascii_fallback_and_the_exact_name() -> None:
    assert content_disposition('Zoë "cv".pdf') == (
        "attachment; filename=\"Zo_ _cv_.pdf\"; filename*=UTF-8''Zo%C3%AB%20%22cv%22.pdf"
    )


def test_the_sweep_command_removes_old_orphans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIRING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("HIRING_STORAGE_URL", f"file://{tmp_path / 'files'}")
    storage = LocalStorage(tmp_path / "files")
    for key in ("jobs/job_a/file_old", "jobs/job_a/file_new"):
        storage.put(key, iter([b"x"]), max_bytes=10, content_type="x/y")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(tmp_path / "files/jobs/job_a/file_old", (two_hours_ago, two_hours_ago))
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = CliRunner().invoke(cli, ["files", "sweep"])
    assert result.exit_code == 0, result.output
    assert "removed jobs/job_a/file_old" in result.output
    assert list(storage.keys()) == ["jobs/job_a/file_new"]
