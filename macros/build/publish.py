"""Publishing a built site whole or not at all, one build at a time.

A build writes the new site into a folder beside the published one (`.site.new-<pid>` for `site/`) and
swaps it in only when it is complete: a failed or killed build leaves the published site as it
was, byte for byte, and whatever it left beside it is cleared by the next build. Builds into one
folder take a lock (`.site.lock`); a second one says so and waits.

The swap is one rename that exchanges the two folders (Linux's renameat2 RENAME_EXCHANGE), so
there is no moment without a site; where that is missing, two renames, and a kill between them
leaves the old site as `.site.old`, which the next build puts back before anything else.
Knows nothing of MkDocs: the adapter hands it the site folder and uses the one it gets back.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Callable, Optional

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The new site could not take the old one's place (said in one line; the old site stays)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Publication:
    """One build's way to its site folder: `staging` is where it writes; publish() or discard()."""

    def __init__(self, site: Path, say: Callable[[str], None] = _say):
        # A site folder given as a symbolic link is published where the link leads: the link stays.
        self.site = Path(os.path.realpath(site))
        # Named by process: a killed build's forked workers, still writing, never write into the next one's.
        self.staging = self.site.with_name(f".{self.site.name}.new-{os.getpid()}")
        self.old = self.site.with_name(f".{self.site.name}.old")
        self.say = say
        self._lock_fd: Optional[int] = None

    def begin(self) -> Path:
        """Take the lock (waiting for another build), clear what an interrupted build left, and
        return an empty staging folder."""
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.site.with_name(f".{self.site.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise PublishError(f"{self.site.parent}: mappen där webbplatsen ska ligga går inte att skriva i "
                               f"({e.strerror or e}); inget byggdes.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.say(f"Ett annat bygge skriver till {self.site}; väntar tills det är klart …")
            fcntl.flock(fd, fcntl.LOCK_EX)  # the kernel lets go of a killed build's lock
        self._lock_fd = fd
        if self.old.exists() and not self.site.exists():
            os.rename(self.old, self.site)  # a build killed between the two renames of _swap
        for leftover in [self.old, *self.site.parent.glob(f".{self.site.name}.new-*")]:
            _remove(leftover)
        try:
            self.staging.mkdir()
        except OSError as e:
            self._unlock()
            raise PublishError(f"{self.staging}: kan inte skapas ({e.strerror or e}); inget byggdes.") from None
        return self.staging

    def publish(self) -> None:
        """The staging folder becomes the site; the old site is removed after the swap."""
        try:
            try:
                self._swap()
            except OSError as e:
                _remove(self.staging)
                raise PublishError(f"{self.site}: den nya webbplatsen kunde inte ersätta den gamla "
                                   f"({e.strerror or e}); den gamla ligger kvar orörd.") from None
            if not _remove(self.old):
                self.say(f"Den förra webbplatsen kunde inte tas bort helt ({self.old}); nästa bygge försöker igen.")
        finally:
            self._unlock()

    def discard(self) -> None:
        """A failed build: its half-written staging folder goes, the site stays as it was."""
        try:
            _remove(self.staging)
        finally:
            self._unlock()

    def _swap(self) -> None:
        if not self.site.exists():
            os.rename(self.staging, self.site)
            return
        if _exchange(self.staging, self.site):
            os.rename(self.staging, self.old)  # the old site, under the staging name now
            return
        os.rename(self.site, self.old)
        try:
            os.rename(self.staging, self.site)
        except OSError:
            os.rename(self.old, self.site)
            raise

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing lets go of the flock
            self._lock_fd = None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (then the caller renames twice)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> bool:
    """Remove a folder the build owns, also one whose files were made read-only; True when gone."""
    if not os.path.lexists(path):
        return True
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return True

    def writable_then_again(func, name, *_exc):
        try:
            os.chmod(os.path.dirname(name), 0o755)
            func(name)
        except OSError:
            pass
    for _ in range(3):  # a file being written into it as it goes (a killed build's worker) is met again
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=writable_then_again)
        else:
            shutil.rmtree(path, onerror=writable_then_again)
        if not os.path.lexists(path):
            return True
        time.sleep(0.05)
    return False


def begin(site_dir: "str | Path", say: Callable[[str], None] = _say) -> Publication:
    """A Publication for site_dir, begun: write into its `staging`, then publish() or discard()."""
    publication = Publication(Path(site_dir), say)
    publication.begin()
    return publication
