"""User-supplied file names: kept only as sanitised metadata, and sent back safely."""

import re
import unicodedata
from urllib.parse import quote

MAX_FILENAME_LENGTH = 200
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def sanitise_filename(raw: str | None) -> str:
    """The last path part of ``raw``, NFC, without control or reserved characters, not hidden."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cf", "Zl", "Zp"))
    name = " ".join(name.split()).lstrip(".").strip()
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name or "file"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 5987 ``filename*``."""
    fallback = "".join(c if c.isascii() and c not in '"\\%' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
