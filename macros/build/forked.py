"""Work shared among the machine's cores by fork: each child sees the parent's memory as it was,
does its share and sends the results back pickled; the parent does the first share meanwhile.

For pure functions over many items whose results pickle much faster than they are made (parsed
YAML: 1,18–1,61 s to parse the 1 103 files of 50 units, 0,28–0,33 s to pickle and unpickle them);
and for work whose result the parent does not need now (`behind`: writing the build cache).
"""

from __future__ import annotations

import os
import pickle
from typing import Callable, Iterable, Optional, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers(items: int, least: int) -> int:
    """How many processes share `items` items: one below `least` (forking costs more than it saves)
    or without fork; else the number of cores, or $PLANER_WORKERS."""
    if items < least or not hasattr(os, "fork"):
        return 1
    cores = os.cpu_count() or 1
    return max(1, min(cores, int(os.environ.get("PLANER_WORKERS", "0")) or cores))


def map_forked(fn: Callable[[T], R], items: list[T], least: int = 200,
               step: Optional[Callable[[], None]] = None) -> list[R]:
    """[fn(item) for item in items], in order, on every core. `step` is called after each item in
    the process that did it (a shared progress counter, macros/build/progress.py). A child that fails
    leaves its share to the parent, which then meets the same error itself."""
    n = workers(len(items), least)
    children = []
    for i in range(1, n):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # a child: its share, pickled into the pipe, and leave at once
            os.close(read_end)
            code = 0
            try:
                data = pickle.dumps(_each(fn, items[i::n], step), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                data, code = b"", 1
            try:
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((i, pid, read_end))
    results: list = [None] * len(items)
    try:
        results[0::n] = _each(fn, items[0::n], step)
    finally:
        shares = []
        for i, pid, read_end in children:  # read before waiting: a child blocks until its pipe is read
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            shares.append((i, pickle.loads(data) if status == 0 else None))
    for i, share in shares:
        results[i::n] = share if share is not None else _each(fn, items[i::n], step)
    return results


def _each(fn: Callable[[T], R], items: Iterable[T], step: Optional[Callable[[], None]]) -> list[R]:
    out = []
    for item in items:
        out.append(fn(item))
        if step:
            step()
    return out


def behind(fn: Callable[[], None]) -> Optional[int]:
    """fn() in a forked child while the parent goes on; the child's pid (wait for it with `settle`),
    or None when fn() ran here (no fork, or one core: a child would only take turns with the parent)."""
    if workers(2, least=2) < 2:
        fn()
        return None
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            fn()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def settle(pids: list[int]) -> None:
    """Wait for children started by `behind` (one that failed only left work undone)."""
    for pid in pids:
        os.waitpid(pid, 0)
