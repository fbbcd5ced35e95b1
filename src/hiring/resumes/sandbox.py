"""Documents are read in a child process, one per file, bounded in time and memory.

A hostile file (a zip bomb, millions of empty paragraphs, a PDF of endless pages) then costs
the server process a pipe and a few MB, and at most ``parse_seconds``; the child limits its own
address space and CPU time (``hiring.resumes.worker``) and is killed at the wall-clock deadline.

Why a fresh interpreter per file rather than a pool (measured on a 2-CPU box under load):
starting Python and importing pypdf and python-docx costs 0.2-0.4 s. A ``forkserver`` child
starts in 25-70 ms but re-imports the server's ``__main__`` (uvicorn's or pytest's entry
script) in every child, and a pool of long-lived workers accumulates CPU time and heap between
files and can only be killed on a timeout through private APIs, failing its other files too.
Resumes arrive at a human pace: a fresh process has nothing to leak from one file to the next,
sets its limits before any parser is imported, and a timeout is one ``kill()``.
"""

import contextlib
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

import hiring
from hiring.resumes.limits import MB, ExtractionError, ParseLimits
from hiring.resumes.worker import EXIT_NO_MEMORY

log = logging.getLogger("hiring.resumes")

BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from hiring.resumes.worker import main; main(sys.argv[2], sys.argv[3])"
)
SOURCE_ROOT = str(Path(hiring.__file__).resolve().parent.parent)
COPY_CHUNK = 1024 * 1024
STDERR_TAIL = 2000

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _slot(concurrency: int) -> threading.BoundedSemaphore:
    """At most ``concurrency`` children per server process: a burst of uploads costs at most
    that many times the memory bound."""
    with _slots_lock:
        return _slots.setdefault(concurrency, threading.BoundedSemaphore(concurrency))


def read_in_child(source: BinaryIO, kind: str, limits: ParseLimits) -> str:
    """The finished text of a ``pdf``, ``docx`` or ``odt`` file, read by a bounded child.

    Raises ExtractionError with the reason when the file is refused, damaged, or its reading
    ran out of time or memory."""
    slot = _slot(limits.concurrency)
    if not slot.acquire(timeout=limits.parse_seconds):
        raise ExtractionError("The server is busy reading other resumes; this one was not read")
    try:
        with _input_of(source) as stdin:
            return _run(stdin, kind, limits)
    finally:
        slot.release()


def _run(stdin: IO[bytes] | int, kind: str, limits: ParseLimits) -> str:
    label = kind.upper()
    command = [sys.executable, "-I", "-c", BOOT, SOURCE_ROOT, kind, limits.to_json()]
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=limits.parse_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise _too_slow(label, limits) from None
    if process.returncode == -signal.SIGXCPU:
        raise _too_slow(label, limits)
    try:
        answer = json.loads(out) if process.returncode == 0 else None
    except ValueError:
        answer = None
    if process.returncode == EXIT_NO_MEMORY or answer == {"limit": "memory"}:
        raise ExtractionError(
            f"Reading the {label} file needed more than the {limits.memory_bytes // MB} MB "
            "of memory allowed; it was not read"
        )
    if isinstance(answer, dict):
        if isinstance(answer.get("text"), str):
            return str(answer["text"])
        if isinstance(answer.get("error"), str):
            raise ExtractionError(answer["error"])
    log.error(
        "The resume reader ended with status %s: %s",
        process.returncode,
        err[-STDERR_TAIL:].decode(errors="replace"),
    )
    raise ExtractionError(f"The {label} file could not be read")


def _too_slow(label: str, limits: ParseLimits) -> ExtractionError:
    return ExtractionError(
        f"Reading the {label} file took more than the {limits.parse_seconds:g} s allowed; "
        "it was not read"
    )


@contextlib.contextmanager
def _input_of(source: BinaryIO) -> Iterator[IO[bytes] | int]:
    """What the child reads the document from: the upload's own file when it is on disk
    (opened anew, so the child's reads do not move this process's position), else a copy."""
    fd = _reopened(source)
    if fd is not None:
        try:
            yield fd
        finally:
            os.close(fd)
        return
    source.seek(0)
    with tempfile.TemporaryFile() as copy:
        while chunk := source.read(COPY_CHUNK):
            copy.write(chunk)
        copy.seek(0)
        yield copy


def _reopened(source: BinaryIO) -> int | None:
    try:
        fd = source.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        source.flush()
        return os.open(f"/proc/self/fd/{fd}", os.O_RDONLY)
    except (AttributeError, OSError, ValueError):
        # No file descriptor (an in-memory upload), or no /proc: the copy it is.
        return None
