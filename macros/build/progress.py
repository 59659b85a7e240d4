"""Progress of long work on a terminal: "Sidor: 1 234 av 42 654 (3 %), cirka 5 min kvar".

Shown only when stderr is a terminal and the run is not quiet (`-q`), so CI logs and piped output
stay clean. Forked build workers count into one shared counter, which the parent shows."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import sys
import time
from typing import Optional, TextIO


# Below this, a line about progress is noise: the work is over before it could be read.
MIN_SECONDS = 2.0


def wanted(quiet: bool = False, stream: Optional[TextIO] = None) -> bool:
    stream = stream or sys.stderr
    if quiet or os.environ.get("PLANER_PROGRESS") == "0":
        return False
    return os.environ.get("PLANER_PROGRESS") == "1" or (hasattr(stream, "isatty") and stream.isatty())


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _whole(n: int) -> str:
    """1119 -> '1 119' (no-break space), as site/fmt.number writes a whole number."""
    return f"{n:,}".replace(",", "\u00a0")


class Progress:
    """Counts done units of work out of `total`; `step()` is cheap, the line is redrawn at most 4 times a second."""

    def __init__(self, label: str, total: int, enabled: bool, stream: Optional[TextIO] = None, shared: bool = False):
        self.label, self.total, self.enabled = label, total, enabled and total > 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self._shown = 0.0
        self._drawn = False
        # A counter in shared memory, for workers forked after this is made.
        self._count = multiprocessing.Value(ctypes.c_long, 0) if shared else None
        # PLANER_PROGRESS=1 forces the line, from the first step (for logs that want it, and tests).
        self._min_seconds = 0.0 if os.environ.get("PLANER_PROGRESS") == "1" else MIN_SECONDS
        self._local = 0

    @property
    def done(self) -> int:
        return self._count.value if self._count is not None else self._local

    def step(self, n: int = 1) -> None:
        if self._count is not None:
            with self._count.get_lock():
                self._count.value += n
        else:
            self._local += n
        if self.enabled:
            self.show()

    def show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.start
        if not force and (elapsed < self._min_seconds or (self._drawn and now - self._shown < 0.25)):
            return
        self._shown = now
        done = min(self.done, self.total)
        line = f"{self.label}: {_whole(done)} av {_whole(self.total)} ({100 * done // self.total} %)"
        if 0 < done < self.total:
            line += f", cirka {_duration(elapsed * (self.total - done) / done)} kvar"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the line (only if one was drawn), so the next message starts on its own line."""
        if self.enabled and self._drawn:
            self.show(force=True)
            self.stream.write(f" ({_duration(time.monotonic() - self.start)})\n")
            self.stream.flush()
