"""The build's one worker pool: work shared among the machine's cores by fork.

Each worker sees the parent's memory as it was (the loaded data, the plan, the theme), does its
share and sends its result back pickled; the parent does the first share meanwhile. For work whose
results pickle much faster than they are made (parsed YAML: 1,18–1,61 s to parse the 1 103 files
of 50 units, 0,28–0,33 s to pickle and unpickle them; rendered pages, whose result is only their
cache keys) and for work whose result the parent does not need now (`behind`: writing the cache).

One failure policy: a worker that fails fails the work with its error. The parent raises the
exception the worker raised (its traceback added as a note), or WorkerFailed when the worker died
without one (a signal, an error that does not pickle); it never does a failed share again itself.

Fork only where it is safe: in a process with no other thread. `mkdocs serve` rebuilds while its
server and file watcher threads run, and a forked child inherits the locks those threads may hold
(logging's, the allocator's) without the threads that would release them; there the work runs in
the process itself, one share after another.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
import traceback
from typing import Callable, Optional, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(RuntimeError):
    """A worker ended without a result or an error it could send (killed, or its error did not pickle)."""


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def count(items: int, least: int) -> int:
    """How many processes share `items` items: one below `least` (forking costs more than it saves)
    or where forking is not safe (see above); else the number of cores, or $PLANER_WORKERS."""
    if items < least or not can_fork():
        return 1
    cores = os.cpu_count() or 1
    return max(1, min(cores, int(os.environ.get("PLANER_WORKERS", "0")) or cores))


def shares(fn: Callable[[int, int], R], n: int) -> list[R]:
    """[fn(i, n) for i in range(n)]: share i of n done by worker i, share 0 by this process. Raises
    the first failed share's error (this process's own first), after every worker has ended."""
    if n > 1 and not can_fork():
        return [fn(i, n) for i in range(n)]  # one after another, here
    started = [_start(lambda i=i: fn(i, n)) for i in range(1, n)]
    mine: Optional[BaseException] = None
    results: list = [None] * n
    try:
        results[0] = fn(0, n)
    except BaseException as e:
        mine = e
    outcomes = [w.outcome() for w in started]  # every worker waited for, also after a failure here
    if mine is not None:
        raise mine
    for i, (ok, value) in enumerate(outcomes, start=1):
        if not ok:
            raise value
        results[i] = value
    return results


def map(fn: Callable[[T], R], items: list[T], least: int = 200,
        step: Optional[Callable[[], None]] = None) -> list[R]:
    """[fn(item) for item in items], in order, on every core. `step` is called after each item in
    the process that did it (a shared progress counter, macros/build/progress.py)."""
    def share(i: int, n: int) -> list[R]:
        out = []
        for item in items[i::n]:
            out.append(fn(item))
            if step:
                step()
        return out

    n = count(len(items), least)
    results: list = [None] * len(items)
    for i, done in enumerate(shares(share, n)):
        results[i::n] = done
    return results


def behind(fn: Callable[[], None]) -> "Optional[_Worker]":
    """fn() in a worker while this process goes on; the worker (wait for it with `settle`), or None
    when fn() ran here (no safe fork, or one core: a worker would only take turns with the parent)."""
    if count(2, least=2) < 2:
        fn()
        return None
    return _start(fn)


def settle(started: "list[_Worker]") -> None:
    """Wait for workers started by `behind`; raises the first one's error, after all have ended."""
    outcomes = [w.outcome() for w in started]
    for ok, value in outcomes:
        if not ok:
            raise value


class _Worker:
    def __init__(self, pid: int, pipe: int):
        self.pid, self._pipe = pid, pipe

    def outcome(self) -> tuple[bool, object]:
        """(True, result) or (False, the exception to raise), once the worker has ended."""
        with os.fdopen(self._pipe, "rb") as pipe:  # read before waiting: a worker blocks until its pipe is read
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            ok, value, where = pickle.loads(data)
        except Exception:
            return False, WorkerFailed(f"a worker (pid {self.pid}) ended without a result: {_status(status)}")
        if ok:
            return True, value
        if isinstance(value, BaseException):
            value.add_note(f"Raised in a worker (pid {self.pid}):\n{where}")
            return False, value
        return False, WorkerFailed(f"a worker (pid {self.pid}) failed:\n{where}")


def _start(fn: Callable[[], R]) -> _Worker:
    for stream in (sys.stdout, sys.stderr):  # else what they hold would be written twice
        stream.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: fn's result or error, pickled into the pipe; then leave at once
        os.close(read_end)
        code = 0
        try:
            try:
                data = pickle.dumps((True, fn(), ""), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as e:
                code, where = 1, traceback.format_exc()
                try:
                    data = pickle.dumps((False, e, where), protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.loads(data)  # an exception whose arguments do not rebuild it is sent as text
                except BaseException:
                    data = pickle.dumps((False, None, where), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        finally:
            try:
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
            finally:
                # Not the parent's exit: its atexit handlers, buffers and finalizers are the parent's.
                os._exit(code)
    os.close(write_end)
    return _Worker(pid, read_end)


def leave_at_exit() -> None:
    """What every module holds (a build's data, plan and caches, and the libraries' own) left to the
    operating system when this process exits, not freed object by object: that took over a second at
    50 units, with nothing left to do. Unlike os._exit, this leaves atexit handlers (logging's among
    them) and the flushing of stdout and stderr to run. The exit clears every module's globals, and
    what that leaves without a reference is freed; what sits in a reference cycle in the collector's
    frozen generation is never collected, so the globals' values are put in one."""
    kept: list = [dict(vars(module)) for module in list(sys.modules.values()) if module is not None]
    kept.append(kept)
    gc.freeze()


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
