"""The child process that reads one resume (started by ``hiring.resumes.sandbox``).

It bounds itself before it imports a parser or reads a byte: address space, CPU seconds, no
files written, no core dumps. Then it reads the document from stdin and writes one JSON
object to stdout: ``{"text": ...}``, ``{"error": reason}`` or ``{"limit": "memory"}``.
"""

import json
import math
import resource
import sys

from hiring.resumes.limits import ExtractionError, ParseLimits

# Exit status when even reporting an error failed (memory ran out while writing it).
EXIT_NO_MEMORY = 3
# A failure with this share of the address space used counts as running out of memory.
NEAR_LIMIT = 0.75


def _bound(limits: ParseLimits) -> None:
    cpu = math.ceil(limits.parse_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _answer(kind: str, limits: ParseLimits) -> dict[str, str]:
    from hiring.resumes.readers import read_document

    data = sys.stdin.buffer.read()
    try:
        return {"text": read_document(data, kind, limits)}
    except ExtractionError as exc:
        # C parsers (lxml) report a failed allocation as a parse error: the address space
        # used tells the two apart.
        if _peak_memory() > limits.memory_bytes * NEAR_LIMIT:
            return {"limit": "memory"}
        return {"error": str(exc)}


def _peak_memory() -> int:
    """The largest address space this process has had, in bytes (0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def main(kind: str, raw_limits: str) -> None:
    limits = ParseLimits.from_json(raw_limits)
    _bound(limits)
    try:
        answer = _answer(kind, limits)
    except MemoryError:
        answer = {"limit": "memory"}
    try:
        sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode())
        sys.stdout.buffer.flush()
    except MemoryError:
        sys.exit(EXIT_NO_MEMORY)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
