"""Files on the local disk under one root directory."""

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from hiring.storage import (
    CHUNK_SIZE,
    KEY_PATTERN,
    LimitedReader,
    ObjectMissing,
    Source,
    StorageError,
    check_key,
)


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        # The key pattern already forbids `..` and absolute paths; resolving and checking
        # containment also guards against symlinks planted inside the root.
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"Storage key escapes the root: {key!r}")
        return path

    def put(self, key: str, source: Source, *, max_bytes: int, content_type: str) -> int:
        path = self._path(key)
        reader = LimitedReader(source, max_bytes)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write beside the target and rename: a failed upload never leaves a partial object.
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        except OSError as exc:
            raise StorageError(str(exc)) from exc
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in reader.chunks():
                    out.write(chunk)
            os.replace(temporary, path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise StorageError(str(exc)) from exc
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return reader.size

    def open(self, key: str) -> Iterator[bytes]:
        try:
            handle = self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise ObjectMissing(key) from exc
        except OSError as exc:
            raise StorageError(str(exc)) from exc

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(CHUNK_SIZE):
                    yield chunk

        return chunks()

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self, prefix: str = "", *, modified_before: datetime | None = None) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if not (path.is_file() and KEY_PATTERN.fullmatch(key) and key.startswith(prefix)):
                continue
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            if modified_before is None or modified < modified_before:
                yield key

    def presigned_url(self, key: str, *, filename: str, content_type: str) -> str | None:
        return None
