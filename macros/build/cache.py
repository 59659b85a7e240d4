"""The build cache behind incremental builds: what a page's output depends on, and the outputs kept.

A build that finds a page's key in the cache links the kept output into the site instead of
rendering the page; a search index whose pages are all unchanged is linked from the cache instead
of being indexed again; a data file whose bytes are unchanged is not parsed and validated again.
Nothing here knows MkDocs (the adapter, macros/adapters/mkdocs/, passes what it needs).

What a key covers (change any of it and the key changes, so a kept output is never reused wrongly):
- the build's *fingerprint*: the code (macros/), the templates and theme overrides, the hand-written
  pages, mkdocs.yml, the versions of every installed package, Python's version, the settings the
  adapter passes (site_url, extra, ...), and the navigation tree (every page shows its part of it);
- the page's own plan: path, title, description, template, whether it is searched, its data files
  and its template context, serialised whole with pickle (sets sorted, so equal data gives equal
  bytes in every process).

The output of a page is fully determined by these; the byte-for-byte test against a clean build
(tests/test_incremental.py) checks that claim on random edits.

The cache lives in `.cache/` beside mkdocs.yml (git-ignored), or in $PLANER_CACHE_DIR. Entries not
used by the last full build are removed after it, so the cache holds about one site.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import io
import os
import pickle
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel

from . import workers

PACKAGE = Path(__file__).resolve().parent.parent  # the whole macros package


def cache_dir(default: Path) -> Path:
    return Path(os.environ.get("PLANER_CACHE_DIR") or default).resolve()


def enabled() -> bool:
    """PLANER_CACHE=0 builds without the cache (and leaves it alone)."""
    return os.environ.get("PLANER_CACHE", "1") != "0"


# ------------------------------------------------------------------------------------------------
# Fingerprints

def _tree_digest(h, root: Path) -> None:
    if root.is_file():
        h.update(b"F" + str(root.name).encode() + b"\0" + root.read_bytes())
        return
    if not root.is_dir():
        h.update(b"missing " + str(root).encode())
        return
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(b"F" + p.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())


def _packages() -> list[str]:
    # A set: the same distribution can be found twice (an editable install's egg-info when the
    # working directory is on sys.path, as with `python -m mkdocs`).
    return sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})


@functools.cache
def code_fingerprint() -> str:
    """The Python code that reads and checks data: the package itself, its packages, Python.
    Once per process: the loader, the planner's memo and the page keys all ask, and a process runs
    the code it started with (serve does not reload modules)."""
    h = hashlib.sha256(b"code 1\0" + sys.version.encode())
    _tree_digest(h, PACKAGE)
    h.update("\n".join(_packages()).encode())
    return h.hexdigest()


def build_fingerprint(paths: Iterable[Path], settings: Any) -> str:
    """Everything outside the data that shapes every page: code, packages, the given files and
    folders (mkdocs.yml, theme overrides, hand-written pages) and the builder's settings (any
    picklable value; the navigation tree goes here)."""
    h = hashlib.sha256(b"build 1\0" + code_fingerprint().encode())
    for p in paths:
        h.update(b"P" + str(p).encode() + b"\0")
        _tree_digest(h, Path(p))
    h.update(stable_pickle(settings))
    return h.hexdigest()


# ------------------------------------------------------------------------------------------------
# Stable serialisation of a page's inputs

def _model_ref(cls_name: str, digest: bytes):
    """Stands for a model in a key's bytes (keys are hashed, never unpickled)."""
    raise TypeError("a page key is not meant to be unpickled")


# id(model) -> (model, digest of its content). The model is kept so its id cannot be reused by
# another object during the build; models are not changed after loading.
_digests: dict[int, tuple[object, bytes]] = {}


def forget_models() -> None:
    """A new build starts (each rebuild while serving): the last one's models, held by their
    digests, may go (else every dataset a `mkdocs serve` ever loaded stays in memory)."""
    _digests.clear()


def model_digest(obj: BaseModel) -> bytes:
    """A model's content as a digest, computed once per model and process: pages share the same
    documents, boards and goals, and pickling them again for every page cost most of a build."""
    hit = _digests.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    digest = hashlib.sha256(stable_pickle((obj.__dict__, sorted(obj.__pydantic_fields_set__),
                                           obj.__pydantic_extra__, obj.__pydantic_private__))).digest()
    _digests[id(obj)] = (obj, digest)
    return digest


def seed_digest(obj: BaseModel, file_key_hex: str) -> None:
    """A model read from a data file stands for that file's bytes (models are frozen, and the key
    covers the code that made it), so its digest is the file's key: no pickling of every document
    on every build to learn that it has not changed."""
    _digests[id(obj)] = (obj, bytes.fromhex(file_key_hex))


class _StablePickler(pickle.Pickler):
    """Pickles sets in sorted order and models as digests of their content. Python's pickler writes
    a set in iteration order, which follows string hashes and so differs per process; the set in
    every pydantic model (its fields set) would make every key differ between builds. A set left
    unsorted somewhere (inside a dataclass) only costs a cache miss, never a wrong page."""

    def reducer_override(self, obj):
        if isinstance(obj, BaseModel):
            return _model_ref, (f"{type(obj).__module__}.{type(obj).__qualname__}", model_digest(obj))
        return NotImplemented


def stable_pickle(value: Any) -> bytes:
    """Pickle with sets in sorted order (see _StablePickler) and without back-references.
    Raises (pickle.PicklingError, TypeError, AttributeError) for values that cannot be pickled."""
    buf = io.BytesIO()
    pickler = _StablePickler(buf, protocol=5)
    # No memo: equal values give equal bytes whether or not their parts are shared objects (models
    # read from YAML and models read back from the cache share strings differently). `fast` is the
    # C pickler's only way to that, though documented as deprecated; the Python pickler with a memo
    # that keeps nothing took 2,1 s for the page keys of 20 units (683 pages), this one 0,19–0,5 s.
    pickler.fast = True
    pickler.dump(_sorted_sets(value))
    return buf.getvalue()


def _sorted_sets(value):
    """Top-level and settings-level sets (a few) as sorted tuples; deeper sets are the models' (above)."""
    if isinstance(value, (set, frozenset)):
        return ("__set__", tuple(sorted(value, key=repr)))
    if isinstance(value, tuple):
        return tuple(_sorted_sets(v) for v in value)
    if isinstance(value, list):
        return [_sorted_sets(v) for v in value]
    if isinstance(value, dict):
        return {k: _sorted_sets(v) for k, v in value.items()}
    return value


def page_key(fingerprint: str, *parts: Any) -> Optional[str]:
    """The key of one page's output, or None when its inputs cannot be serialised (then it is always built)."""
    try:
        data = stable_pickle(parts)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


# ------------------------------------------------------------------------------------------------
# Storage

_writers: list = []  # workers writing what Store.writing_behind() handed on


def settle() -> None:
    """Wait until everything handed on by Store.writing_behind() is written (also a failed build's,
    while `mkdocs serve` goes on); a writer that failed raises its error here (workers.py)."""
    writers = list(_writers)
    _writers.clear()
    workers.settle(writers)


class Store:
    """Files kept under a key: `pages/ab/abcdef….html`, `search/<key>/…`, `model/ab/….pickle` (validated
    data files), `memo/ab/….pickle` (results of pure functions, see memo()), `blobs/ab/…` (downloads,
    by the digest of their bytes) and `manifest/la/last.pickle` (what the last build left for the next,
    macros/site/delta.py).

    Kept files are copied into the site and out of it (copy_out: a reflink where the file system
    has them), never hard-linked: an edit of the published site in place (a minifier, `sed -i`,
    `rsync --inplace`) must not change the cache, nor reach later builds through it."""

    def __init__(self, root: Path):
        self.root = root
        self.started = time.time()
        self._folders: set[str] = set()  # of the site, made by restore_page
        self._pending: Optional[dict[tuple[str, str], Any]] = None  # (kind, key) -> value, see writing_behind

    # pages ---------------------------------------------------------------------------------------
    def _page(self, key: str) -> Path:
        return self.root / "pages" / key[:2] / (key + ".html")

    def restore_page(self, key: Optional[str], dest: Path) -> bool:
        """Put the kept output of `key` at dest; False when there is none. (String paths and the
        folders made remembered: tens of thousands of pages per build at city scale.)"""
        if key is None:
            return False
        return self._place(os.path.join(self.root, "pages", key[:2], key + ".html"), dest)

    def keep_page(self, key: Optional[str], built: Path) -> None:
        if key is not None and built.is_file():
            _keep(self._page(key), built)

    def has_pages(self, keys: Iterable[str]) -> bool:
        root = os.path.join(self.root, "pages")
        return all(os.path.isfile(os.path.join(root, k[:2], k + ".html")) for k in keys)

    def _place(self, kept: str, dest) -> bool:
        """Copy a kept file into the site (with the time it was made, see copy_out), then mark it
        used (prune); False when it is not (or no longer) there."""
        if not os.path.exists(kept):
            return False
        dest = os.fspath(dest)
        folder = os.path.dirname(dest)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if os.path.lexists(dest):
            os.unlink(dest)  # never copy over a file that may itself be a link to a kept page
        try:
            copy_out(kept, dest)
            _touch(kept)
        except FileNotFoundError:  # removed meanwhile by another build's pruning
            return False
        return True

    # search indexes ----------------------------------------------------------------------------
    def _search(self, key: str) -> Path:
        return self.root / "search" / key

    def restore_dir(self, key: str, dest: Path) -> bool:
        kept = self._search(key)
        if not kept.is_dir():
            return False
        if dest.exists():
            shutil.rmtree(dest)
        try:
            _touch(kept)
            shutil.copytree(kept, dest, copy_function=copy_out)
        except (OSError, shutil.Error):  # removed meanwhile by another build's pruning: index again
            shutil.rmtree(dest, ignore_errors=True)
            return False
        return True

    def keep_dir(self, key: str, built: Path) -> None:
        kept = self._search(key)
        if kept.is_dir() or not built.is_dir():
            return
        tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        shutil.copytree(built, tmp, copy_function=copy_out)
        os.replace(tmp, kept)

    # downloads (a document's JSON and CSV files), by the digest of their bytes -----------------------
    def _blob(self, digest: str) -> Path:
        return self.root / "blobs" / digest[:2] / digest

    def keep_blob(self, digest: str, built: Path) -> None:
        _keep(self._blob(digest), built)

    def restore_blob(self, digest: str, dest: Path) -> bool:
        return self._place(os.path.join(self.root, "blobs", digest[:2], digest), dest)

    def has_blobs(self, digests: Iterable[str]) -> bool:
        root = os.path.join(self.root, "blobs")
        return all(os.path.isfile(os.path.join(root, d[:2], d)) for d in digests)

    # what the last build left for the next (macros/site/delta.py) -----------------------------------------
    def load_manifest(self):
        return self._load("manifest", "last")

    def keep_manifest(self, manifest) -> None:
        self._keep("manifest", "last", manifest)

    def drop_manifest(self) -> None:
        self._pickle("manifest", "last").unlink(missing_ok=True)

    # validated data files --------------------------------------------------------------------------
    def load_model(self, key: str):
        return self._load("model", key)

    def keep_model(self, key: str, value) -> None:
        self._keep("model", key, value)

    def _pickle(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / (key + ".pickle")

    def _load(self, kind: str, key: str):
        if self._pending is not None and (kind, key) in self._pending:
            return self._pending[(kind, key)]
        path = self._pickle(kind, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged entry is a miss, never an error
            return None
        _touch(path)
        return value

    def _keep(self, kind: str, key: str, value) -> None:
        if self._pending is not None:
            self._pending[(kind, key)] = value
            return
        path = self._pickle(kind, key)
        try:
            data = pickle.dumps(value, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    @contextlib.contextmanager
    def writing_behind(self):
        """Models and remembered results kept inside the block are written when it ends, by a forked
        process, while the build goes on: reading and planning run on one core, and pickling and
        writing what they keep took 1,1–1,4 s of it at 150 units. Call settle() before the cache is
        pruned."""
        if self._pending is not None:  # inside another such block: that one hands these on too
            yield
            return
        self._pending = {}
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            if pending:
                writer = workers.behind(lambda: self._keep_all(pending))
                if writer is not None:
                    _writers.append(writer)

    def _keep_all(self, pending: dict) -> None:
        for (kind, key), value in pending.items():
            self._keep(kind, key, value)

    # remembered results ------------------------------------------------------------------------------
    def memo(self, fingerprint: str) -> Callable[..., list]:
        """`each(fn, calls)`: [fn(*args) for args in calls], each kept under the function's name and
        its arguments (models by their content) and the code's fingerprint; those not kept are made
        on every core (workers.map). For pure functions whose results are costly to make again
        (a document's JSON and CSV files, at city scale megabytes per build)."""
        def each(fn: Callable[..., Any], calls: list[tuple]) -> list:
            name = f"{fn.__module__}.{fn.__qualname__}"
            keys = [page_key(fingerprint, "memo", name, args) for args in calls]
            out: list = [None] * len(calls)
            todo = []
            for i, key in enumerate(keys):
                kept = self._load("memo", key) if key is not None else None
                if kept is not None:
                    out[i] = kept[0]
                else:
                    todo.append(i)
            for i, value in zip(todo, workers.map(lambda i: fn(*calls[i]), todo)):
                out[i] = value
                if keys[i] is not None:
                    self._keep("memo", keys[i], (value,))
            return out
        return each

    # pruning ---------------------------------------------------------------------------------------
    def prune(self, kinds: Iterable[str]) -> int:
        """Remove entries of the given kinds not used since this Store was made (call after a full build)."""
        removed = 0
        limit = self.started - 1  # file times may be coarser than the clock
        for kind in kinds:
            base = self.root / kind
            if not base.is_dir():
                continue
            for entry in base.glob("*/*") if kind != "search" else base.glob("*"):
                try:
                    if entry.stat().st_ctime < limit:  # ctime: made or used (_touch); mtime: made
                        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                        removed += 1
                except FileNotFoundError:
                    pass
        return removed


def _keep(kept: Path, built: Path) -> None:
    """Keep a built file (copied, see copy_out) under its name in the cache, unless it is kept already."""
    if kept.exists():
        _touch(kept)
        return
    kept.parent.mkdir(parents=True, exist_ok=True)
    tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    copy_out(built, tmp)
    os.replace(tmp, kept)


def _touch(path) -> None:
    """Mark an entry used for prune(): a change of its times moves its ctime to now, while its
    mtime stays the time it was made, which copies into the site keep (copy_out)."""
    os.utime(path, ns=(time.time_ns(), os.stat(path).st_mtime_ns))


def copy_out(src, dst) -> None:
    """A file between the cache and the site: its own inode, so neither can change the other.
    copy_file_range copies in the kernel, and shares the blocks (a reflink) where the file system
    can (btrfs, XFS). The copy keeps the file's times: a page taken from the cache keeps the time
    it was made (a web server's Last-Modified stays as it was)."""
    with open(src, "rb") as fin:
        st = os.fstat(fin.fileno())
        with open(dst, "wb") as fout:
            size = st.st_size
            try:
                while size > 0:
                    copied = os.copy_file_range(fin.fileno(), fout.fileno(), size)
                    if copied == 0:
                        break
                    size -= copied
            except (AttributeError, OSError):  # not on this system or between these file systems
                fin.seek(0)
                fout.seek(0)
                fout.truncate()
                shutil.copyfileobj(fin, fout)
    os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))


def link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def file_key(fingerprint: str, shown: str, kind: str, content: bytes) -> str:
    return hashlib.sha256(f"{fingerprint}\0{shown}\0{kind}\0".encode() + content).hexdigest()


def plan_page_key(fingerprint: str, page, edit_base: str) -> Optional[str]:
    """The key of a planned page (macros.pages.Page): its whole plan, context included."""
    return page_key(fingerprint, page.path, page.title, page.description, page.template, page.searchable,
                    page.sources, page.context, edit_base)


def tree_key(fingerprint: str, name: str, members: Iterable[tuple[str, str]]) -> str:
    """The key of a search index: its name and every (page, key of its output) it covers."""
    h = hashlib.sha256(f"{fingerprint}\0{name}\0".encode())
    for rel, digest in sorted(members):
        h.update(f"{rel}\0{digest}\n".encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
