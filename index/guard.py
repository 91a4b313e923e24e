"""What lets several processes share one index: a write lock, a generation stamp, and fault points for crash tests.

- Writers (ingest, remove, repair) take an exclusive lock on a file beside the index, so writes never interleave.
  Readers take no lock.
- Every committed write bumps the index's generation. A process compares the generation it last saw with the
  current one before each question and, when they differ, re-reads what it had cached (the live calls, the
  keyword index, parsed calls) and, for the embedded store, reopens Chroma, whose in-memory vector index does not
  see another process's writes.
- `failpoint(name)`: where EARSHOT_FAILPOINT names this point, the process writes EARSHOT_FAILPOINT_FILE and
  waits there, so a test can `kill -9` it at exactly that step of a write. Unset, it costs one dict lookup.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import time
from contextlib import contextmanager
from pathlib import Path


class IndexBusy(RuntimeError):
    "Another process is writing to the index and did not finish in time."


@contextmanager
def write_lock(path: Path, wait_s: float | None = None):
    """Hold the index's write lock (an flock, released by the kernel if the holder dies, even by kill -9).

    wait_s=None waits as long as it takes; 0 gives up at once (IndexBusy)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = None if wait_s is None else time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"another process is writing to the index (lock {path})") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _next(stamp: str) -> str:
    "The stamp after this one: the count plus one, and a random tag so two writers never leave the same stamp."
    count = stamp.split()[0] if stamp.split() else ""
    return f"{int(count) + 1 if count.isdigit() else 1} {secrets.token_hex(4)}"


class FileStamp:
    "The generation of an embedded index: a small file replaced atomically on every committed write."

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> str:
        try:
            return self.path.read_text().strip()
        except FileNotFoundError:
            return "0"

    def bump(self) -> str:
        value = _next(self.read())
        tmp = self.path.with_name(f"{self.path.name}.tmp{os.getpid()}")
        tmp.write_text(value)
        os.replace(tmp, self.path)
        return value


class RecordStamp:
    "The generation of an index on a Chroma server: one record in a small collection of its own."

    def __init__(self, collection) -> None:
        self.collection = collection

    def read(self) -> str:
        got = self.collection.get(ids=["generation"], include=["metadatas"])
        return got["metadatas"][0]["value"] if got["ids"] else "0"

    def bump(self) -> str:
        value = _next(self.read())
        self.collection.upsert(ids=["generation"], embeddings=[[1.0]], metadatas=[{"value": value}])
        return value


def failpoint(name: str) -> None:
    "Stop here for good if a crash test asked for this point (see the module's docstring)."
    if os.environ.get("EARSHOT_FAILPOINT") != name:
        return
    marker = os.environ.get("EARSHOT_FAILPOINT_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    while True:
        time.sleep(3600)


def pid_alive(pid: int) -> bool:
    "Is a process with this id running (on this machine)?"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
