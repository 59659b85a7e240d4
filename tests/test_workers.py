"""The build's one worker pool (macros/build/workers.py): shares done on every core, and one failure
policy: a worker that fails fails the work with its error, which is never done again silently."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from macros.build import workers

ROOT = Path(__file__).resolve().parent.parent

two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2 or not hasattr(os, "fork"),
                               reason="one core: nothing is shared among processes")


class Unpicklable(Exception):
    """Pickles, but does not unpickle: rebuilt from its args alone, it would miss b."""

    def __init__(self, a, b):
        super().__init__(a)


@pytest.fixture
def two(monkeypatch):
    """Two workers, forked also beside the threads other tests leave idle in this process (the
    browser tests' servers, Playwright's): the pool refuses those (see the next to last test)."""
    monkeypatch.setenv("PLANER_WORKERS", "2")
    monkeypatch.setattr(workers, "can_fork", lambda: True)


@two_cores
def test_map_is_in_order_and_shared_among_processes(two):
    items = list(range(501))
    done = workers.map(lambda x: (x * x, os.getpid()), items, least=10)
    assert [square for square, _ in done] == [x * x for x in items]
    pids = {pid for _, pid in done}
    assert len(pids) == 2 and os.getpid() in pids


@two_cores
def test_a_failed_worker_fails_the_work_with_its_error(two):
    parent = os.getpid()

    def fn(x):
        if os.getpid() != parent and x == 7:
            raise ValueError(f"item {x} is bad")
        return x

    with pytest.raises(ValueError, match="item 7 is bad") as raised:
        workers.map(fn, list(range(20)), least=2)
    assert any("Raised in a worker" in note and "ValueError" in note for note in raised.value.__notes__)


@two_cores
def test_this_processs_own_error_comes_first_and_every_worker_is_waited_for(two, tmp_path):
    parent = os.getpid()

    def share(i, n):
        if os.getpid() == parent:
            raise KeyError("here")
        time.sleep(0.5)
        (tmp_path / f"share-{i}").write_text("done")
        return i

    with pytest.raises(KeyError, match="here"):
        workers.shares(share, 2)
    assert (tmp_path / "share-1").read_text() == "done"  # the worker had ended before the error was raised


@two_cores
def test_an_error_that_does_not_pickle_and_a_killed_worker_are_failures_too(two):
    def share(i, n):
        if i == 1:
            raise Unpicklable("cannot travel", 2)
        return i

    with pytest.raises(workers.WorkerFailed, match="cannot travel"):
        workers.shares(share, 2)

    def killed(i, n):
        if i == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    with pytest.raises(workers.WorkerFailed, match=f"signal {signal.SIGKILL}"):
        workers.shares(killed, 2)


@two_cores
def test_no_fork_while_another_thread_runs():
    """`mkdocs serve` rebuilds while its server's threads run: the work is then done in the process
    itself. (In a process of its own: other tests leave threads in this one.)"""
    script = """
import os, threading
from macros.build import workers
print(workers.count(500, least=10), len(set(workers.shares(lambda i, n: os.getpid(), 2))))
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
print(workers.count(500, least=10), set(workers.shares(lambda i, n: os.getpid(), 2)) == {os.getpid()},
      workers.behind(lambda: None) is None)
stop.set()
thread.join()
print(workers.count(500, least=10))
"""
    ran = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, PLANER_WORKERS="2"),
                         capture_output=True, text=True, timeout=60)
    assert ran.stdout.split("\n")[:3] == ["2 2", "1 True True", "2"], ran.stdout + ran.stderr


@two_cores
def test_work_left_behind_reports_its_failure_when_settled(two, tmp_path):
    def write():
        (tmp_path / "written").write_text("yes")

    def fail():
        raise OSError("disk full")

    started = [workers.behind(write), workers.behind(fail)]
    assert all(w is not None for w in started)
    with pytest.raises(OSError, match="disk full"):
        workers.settle(started)
    assert (tmp_path / "written").read_text() == "yes"


def test_what_modules_hold_is_left_to_the_os_at_exit_and_atexit_still_runs(tmp_path):
    """on_shutdown leaves the loaded city to the operating system (freeing it object by object took
    over a second at 50 units) without os._exit, which would skip atexit handlers."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(
        "class Noisy:\n"
        "    def __del__(self):\n"
        "        print('freed', flush=True)\n"
        "held = [Noisy() for _ in range(3)]\n")
    script = ("import atexit, sys, pkg\n"
              "from macros.build import workers\n"
              "atexit.register(lambda: print('atexit ran', flush=True))\n"
              "def main():\n"  # from a function, as MkDocs calls on_shutdown
              "    if sys.argv[1] == 'leave':\n"
              "        workers.leave_at_exit()\n"
              "main()\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    left, freed = (subprocess.run([sys.executable, "-c", script, how], env=env, capture_output=True, text=True,
                                  timeout=60) for how in ("leave", "free"))
    assert left.returncode == 0 and left.stdout.split() == ["atexit", "ran"], left.stderr
    assert freed.stdout.split() == ["atexit", "ran", "freed", "freed", "freed"]  # without it: freed one by one
