"""Load every file under data/ into one validated Dataset, or report every problem at once."""

from __future__ import annotations

import gc
import os
import re
import time
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from . import model as m
from ..build.cache import Store, code_fingerprint, file_key, seed_digest
from ..build import workers
from .messages import explain
from .remaining import Remaining, find as find_remaining
from ..build.progress import Progress
from .text import link_problems
from .yamlfile import Problem, YamlDoc, YamlError, dotted, read_bounded, read_yaml

DOC_KINDS = {"verksamhetsplan": m.Plan, "verksamhetsberattelse": m.Report}
YEAR = re.compile(r"^(19|20)\d\d$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

T = TypeVar("T", bound=BaseModel)


@dataclass
class Dataset:
    """Everything published, validated and cross-checked. Read-only after load."""

    root: Path
    info: m.DatasetInfo = field(default_factory=m.DatasetInfo)
    scope: str = ""  # "" for everything; "enhet:<id>" or "namnd:<id>" for a preview of part of the data
    cities: dict[int, m.CityYear] = field(default_factory=dict)
    boards: dict[str, m.Board] = field(default_factory=dict)
    board_years: dict[tuple[str, int], m.BoardYear] = field(default_factory=dict)
    units: dict[str, m.Unit] = field(default_factory=dict)
    plans: dict[tuple[str, int], m.Plan] = field(default_factory=dict)
    reports: dict[tuple[str, int], m.Report] = field(default_factory=dict)
    # Where each object came from, relative to the repository, for "Redigera" links and errors.
    sources: dict[tuple, str] = field(default_factory=dict)
    # Drafts: what is left to fill, per file key, and the same as warnings with file and line.
    remaining: dict[tuple, list[Remaining]] = field(default_factory=dict)
    remaining_problems: list[Problem] = field(default_factory=list)
    # Every document in the data folder, (kind, unit id, year), also those a partial load left
    # unread (load's `documents`): what exists, for pages that count or list documents.
    document_keys: set[tuple] = field(default_factory=set)
    # Each file's key (cache.file_key), for files read with a build cache: what the next build compares,
    # and the file's stat() then (file_keys: a file with the same stat is not read again).
    file_keys: dict[tuple, str] = field(default_factory=dict)
    file_stats: dict[tuple, tuple] = field(default_factory=dict)

    def unit_years(self, unit_id: str) -> dict[int, tuple[Optional[m.Plan], Optional[m.Report]]]:
        """The unit's documents by year (plan, report), from an index made once."""
        def build():
            index: dict[str, dict[int, list]] = {}
            for (u, y), plan in self.plans.items():
                index.setdefault(u, {}).setdefault(y, [None, None])[0] = plan
            for (u, y), report in self.reports.items():
                index.setdefault(u, {}).setdefault(y, [None, None])[1] = report
            return {u: {y: tuple(v) for y, v in sorted(ys.items())} for u, ys in index.items()}

        return self._lookup("_by_unit", build).get(unit_id, {})

    @property
    def years(self) -> list[int]:
        return self._lookup("_years", lambda: sorted({y for _, y in self.plans} | {y for _, y in self.reports} | set(self.cities)))

    def area_goal(self, year: int, goal_id: str) -> Optional[m.AreaGoal]:
        return self._lookup("_areas", lambda: {(y, g.id): g for y, c in self.cities.items()
                                               for g in c.mal_for_verksamhetsomradet}).get((year, goal_id))

    def direction_goal(self, year: int, goal_id: str) -> Optional[m.DirectionGoal]:
        return self._lookup("_directions", lambda: {(y, g.id): g for y, c in self.cities.items()
                                                    for g in c.inriktningsmal}).get((year, goal_id))

    def indicator(self, year: int, indicator_id: str) -> Optional[m.IndicatorDefinition]:
        return self._lookup("_indicators", lambda: {(y, i.id): i for y, c in self.cities.items()
                                                    for i in c.indikatorer}).get((year, indicator_id))

    def board_goal(self, board: str, year: int, goal_id: str) -> Optional[m.BoardGoal]:
        return self._lookup("_board_goals", lambda: {(b, y, g.id): g for (b, y), by in self.board_years.items()
                                                      for g in by.namndmal}).get((board, year, goal_id))

    def indicator_row(self, kind: str, unit_id: str, year: int, indicator_id: str):
        """A plan's or report's row for an indicator (the first, in the document's order), or None.
        Indexed once: pages look rows up per indicator, year and unit, thousands of times a build."""
        def build():
            rows: dict[tuple, object] = {}
            for k, docs in (("verksamhetsplan", self.plans), ("verksamhetsberattelse", self.reports)):
                for (u, y), doc in docs.items():
                    for block in doc.mal:
                        for r in block.indikatorer:
                            rows.setdefault((k, u, y, r.indikator), r)
            return rows
        return self._lookup("_indicator_rows", build).get((kind, unit_id, year, indicator_id))

    def _lookup(self, name: str, build):
        """An index made on first use; the dataset does not change after load."""
        if name not in self.__dict__:
            self.__dict__[name] = build()
        return self.__dict__[name]


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(map(str, self.problems)))


def _validate(cls: type[T], doc: YamlDoc, problems: list[Problem]) -> Optional[T]:
    try:
        return cls.model_validate(doc.data)
    except ValidationError as e:
        for loc, message in explain(e.errors(), cls):
            line, col = doc.where(loc)
            problems.append(Problem(doc.file, line, col, message, dotted(loc)))
        return None


def _parse(job: tuple[Path, str]) -> "YamlDoc | list[Problem]":
    """A file parsed (yamlfile.py), or what is wrong with it; picklable either way (macros/build/workers.py)."""
    path, shown = job
    try:
        return read_yaml(path, shown)
    except YamlError as e:
        return e.problems


def _read_one(path: Path, cls: type[T], key: tuple, shown: str,
              doc: "YamlDoc | list[Problem]") -> tuple[tuple, Optional[T], list[Problem], bool]:
    """Validate one parsed file (_parse), and check the links in its texts. The flag: it may be a draft."""
    problems: list[Problem] = []
    if isinstance(doc, list):
        return key, None, doc, False
    obj = _validate(cls, doc, problems)
    for path_in_file, value in _strings(doc.data, ()):
        for index, text_line in enumerate(value.splitlines()):
            for message in link_problems(text_line):
                line, col = doc.where_in_text(path_in_file, index)
                problems.append(Problem(doc.file, line, col, message, dotted(path_in_file)))
    return key, (obj if not problems else None), problems, _mentions_marks(doc.text.encode("utf-8"))


@contextmanager
def collector_paused():
    """No garbage collection while data is read (and planned): every object made lives on, so
    collecting finds nothing, yet it scanned the growing heap again and again (the build's reading
    and planning at 50 units: 4,0–4,4 s with it, 2,6–3,7 s without). As it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Fewer files than this are parsed in one process: a preview or a build after edits reads a few.
_FORK_FILES = 200

# Only files that mention a draft's marks are searched for them (remaining.py); most are finished.
# `oplacerat`: text an import could not place (importer/), left for the editor like a draft's marks.
_MARKS = (b"att_fylla", b"att_flytta", b"oplacerat")


def _mentions_marks(content: bytes) -> bool:
    return any(mark in content for mark in _MARKS)


class _Reader:
    def __init__(self, data_dir: Path, display_root: Path, show_progress: bool = False, store: Optional[Store] = None):
        self.data_dir = data_dir
        self.show_progress = show_progress
        self.store = store
        self.display_root = display_root
        self.problems: list[Problem] = []
        self.sources: dict[tuple, tuple[Path, str]] = {}  # key -> (path, path as editors know it)
        self.failed: set[tuple] = set()  # files already reported; checks that need them stay quiet
        self._marks: dict[tuple, YamlDoc] = {}
        self.drafts: set[tuple] = set()  # files whose text mentions a mark (_MARKS)
        self.keys: dict[tuple, str] = {}  # file -> its key in the cache, for files read with one
        self.stats: dict[tuple, tuple] = {}  # file -> its stat() when read (_stat)
        self._root = str(display_root) + os.sep

    def display(self, path: Path) -> str:
        # As path.relative_to(display_root), without pathlib's cost for each of 10 000 files.
        shown = str(path)
        return shown[len(self._root):] if shown.startswith(self._root) else shown

    def read(self, path: Path, cls: type[T], key: tuple) -> Optional[T]:
        return self.read_all([(path, cls, key)]).get(key)

    def read_all(self, tasks: list[tuple[Path, type, tuple]]) -> dict[tuple, object]:
        jobs = [(path, cls, key, self.display(path)) for path, cls, key in tasks]
        for path, _, key, shown in jobs:
            self.sources[key] = (path, shown)
        shown = Progress("Läser datafiler", len(jobs), self.show_progress and len(jobs) > 1, shared=len(jobs) >= _FORK_FILES)
        results = {job[2]: self._kept(*job) for job in jobs}  # None: not in the cache, to be read
        todo = [job for job in jobs if results[job[2]] is None]
        shown.step(len(jobs) - len(todo))
        # Parsing YAML is most of a full load; the parsed files pickle back from a second core in
        # about a quarter of the time. Models are made here, in order: pickling those costs half
        # of making them (measured on 2 378 documents).
        parsed = workers.map(_parse, [(path, shown_) for path, _, _, shown_ in todo], _FORK_FILES, shown.step)
        for i, job in enumerate(todo):
            results[job[2]] = self._checked(*job, parsed[i])
            parsed[i] = None  # a parsed file goes once its model is made (peak memory)
        shown.finish()
        out = {}
        for key, obj, problems, draft in results.values():
            self.problems.extend(problems)
            if draft:
                self.drafts.add(key)
            if obj is None:
                self.failed.add(key)
            else:
                out[key] = obj
        return out

    def _kept(self, path: Path, cls: type, key: tuple, shown: str):
        """A file that passed its checks before with the same bytes (and the same code) is not read again:
        its validated model comes from the build cache. None: the file must be read."""
        if self.store is None:
            return None
        try:
            stat = _stat(path)
            content = read_bounded(path, shown)
        except (YamlError, OSError):
            return None  # read as the cache is not there: its problem is reported with the file
        fkey = self.file_key(shown, cls, content)
        self.keys[key] = fkey
        if stat:
            self.stats[key] = stat
        obj = self.store.load_model(fkey)
        if isinstance(obj, cls):
            seed_digest(obj, fkey)
            return key, obj, [], _mentions_marks(content)
        return None

    def _checked(self, path: Path, cls: type, key: tuple, shown: str, doc: "YamlDoc | list[Problem]"):
        """The model of a parsed file, kept in the build cache when it passed (files with problems
        are always read)."""
        key, obj, problems, draft = _read_one(path, cls, key, shown, doc)
        if self.store is not None and obj is not None and not problems:
            self.store.keep_model(self.keys[key], obj)
            seed_digest(obj, self.keys[key])
        return key, obj, problems, draft

    def file_key(self, shown: str, cls: type, content: bytes) -> str:
        """The file's key in the build cache: its bytes, where it is, what it holds, the code."""
        return file_key(code_fingerprint(), shown, cls.__name__, content)

    def doc(self, key: tuple) -> YamlDoc:
        """The parsed file with its line marks, read again only when a problem needs a line."""
        if key not in self._marks:
            path, shown = self.sources[key]
            self._marks[key] = read_yaml(path, shown)
        return self._marks[key]

    def stray(self, path: Path, why: str) -> None:
        self.problems.append(Problem(self.display(path), 1, 1, why))


def _scope_filter(data_dir: Path, scope: str, r: "_Reader", ds: Dataset):
    """Which boards and units a scoped preview reads: one unit (and its board), or one board's units.

    Returns (boards, units) or None for everything. Everything else a page links to (KF goals,
    indicator definitions) is always read; it is small."""
    kind, _, ident = scope.partition(":")
    if kind == "enhet":
        unit = r.read(data_dir / "enheter" / ident / "enhet.yaml", m.Unit, ("enhet", ident)) \
            if (data_dir / "enheter" / ident / "enhet.yaml").exists() else None
        if unit is None:
            raise DataError(r.problems or [Problem(f"PLANER_SCOPE={scope}", 1, 1, f"enheten '{ident}' finns inte i data/enheter/")])
        ds.units[ident] = unit
        return {unit.namnd}, {ident}
    if kind == "namnd":
        if not (data_dir / "namnder" / ident).is_dir():
            raise DataError([Problem(f"PLANER_SCOPE={scope}", 1, 1, f"nämnden '{ident}' finns inte i data/namnder/")])
        units = set()
        for path in sorted((data_dir / "enheter").glob("*/enhet.yaml")):
            unit = r.read(path, m.Unit, ("enhet", path.parent.name))
            if unit and unit.namnd == ident:
                ds.units[path.parent.name] = unit
                units.add(path.parent.name)
        return {ident}, units
    if kind == "gemensamt":  # the shared files only (stad/, namnder/), for drafting a new year (drafts.py)
        return {p.name for p in (data_dir / "namnder").glob("*") if p.is_dir()}, set()
    raise DataError([Problem(f"PLANER_SCOPE={scope}", 1, 1, "väntade enhet:<id> eller namnd:<id>")])


def load(data_dir: Path, display_root: Optional[Path] = None, scope: str = "", progress: bool = False,
         store: Optional[Store] = None, documents: Optional[Callable[[tuple], bool]] = None) -> Dataset:
    """Read and check all of data_dir (or a scoped part, for previews); raise DataError listing every problem found.
    With `progress`, a terminal shows how many files are read (macros.progress); with a `store`
    (macros.cache), files unchanged since they last passed are not parsed again.

    `documents`: read only the plans and reports whose key ((kind, unit id, year)) it accepts,
    and every shared file (macros/site/delta.py: a build after edits to some documents). The others
    are known to exist (document_keys) and to have passed their checks in an earlier build."""
    data_dir = Path(data_dir).resolve()
    display_root = (display_root or data_dir.parent).resolve()
    r = _Reader(data_dir, display_root, progress, store)
    ds = Dataset(root=data_dir, scope=scope)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 1, 1, "datakatalogen finns inte")])
    boards_in_scope, units_in_scope = _scope_filter(data_dir, scope, r, ds) if scope else (None, None)
    tasks = [t for t in _tasks(data_dir, _candidates(data_dir, scope, boards_in_scope, units_in_scope, r), r)
             if not (scope and t[2][0] == "enhet")]  # read already, to find the part
    ds.document_keys = {key for _, _, key in tasks if key[0] in DOC_KINDS}
    ds.sources.update((key, r.display(path)) for path, _, key in tasks)
    if documents is not None:
        tasks = [t for t in tasks if t[2][0] not in DOC_KINDS or documents(t[2])]

    for key, obj in r.read_all(tasks).items():
        kind = key[0]
        if kind == "dataset":
            ds.info = obj
        elif kind == "stad":
            ds.cities[key[1]] = obj
        elif kind == "namnd":
            ds.boards[key[1]] = obj
        elif kind == "namndar":
            ds.board_years[(key[1], key[2])] = obj
        elif kind == "enhet":
            ds.units[key[1]] = obj
        elif kind == "verksamhetsplan":
            ds.plans[(key[1], key[2])] = obj
        else:
            ds.reports[(key[1], key[2])] = obj

    for key, (_, shown) in r.sources.items():
        ds.sources[key] = shown
    ds.file_keys, ds.file_stats = r.keys, r.stats
    _cross_check(ds, r)
    if r.problems:
        raise DataError(r.problems)
    _find_drafts(ds, r)
    return ds


def _files(data_dir: Path, under: str = "", r: Optional["_Reader"] = None) -> list[str]:
    """Every file under data_dir/under, as a path relative to data_dir with "/" between parts.

    What cannot be read as a data file is reported to `r` (naming it, never what a link points at),
    not skipped: a symbolic link leading out of data_dir, anything but a regular file or a folder
    (a FIFO would hang the reading), a folder that cannot be read. Links inside data_dir are
    followed, to files and folders alike (each folder once)."""
    root = os.path.realpath(data_dir)
    out: list[str] = []
    seen = {os.path.realpath(data_dir / under)}
    stack = [(data_dir / under, "" if not under else under.strip("/") + "/")]
    report = r.stray if r is not None else (lambda path, why: None)
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            report(Path(folder), f"mappen kan inte läsas ({e.strerror or 'okänt fel'})")
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if target != root and not target.startswith(root + os.sep):
                        report(path, "en symbolisk länk som pekar utanför datakatalogen; lägg filen själv i data/")
                        continue
                if entry.is_dir():
                    if entry.name.startswith("."):
                        continue  # as dot files: not data (.git, an editor's folder); a link to one is read
                    if os.path.realpath(entry.path) not in seen:
                        seen.add(os.path.realpath(entry.path))
                        stack.append((path, prefix + entry.name + "/"))
                elif entry.is_file() or entry.name.startswith("."):
                    out.append(prefix + entry.name)  # dot files are passed over by _tasks, whatever they are
                else:
                    report(path, "inte en vanlig fil (en FIFO, en enhet eller en länk till något som inte finns)")
            except OSError as e:
                report(path, f"kan inte läsas ({e.strerror or 'okänt fel'})")
    return out


def _candidates(data_dir: Path, scope: str, boards_in_scope, units_in_scope, r: "_Reader") -> list[str]:
    if scope:  # only the part's folders: a preview must not walk the whole city's files
        roots = ["stad"] + [f"namnder/{b}" for b in boards_in_scope] + [f"enheter/{u}" for u in units_in_scope]
        return [n for n in os.listdir(data_dir) if (data_dir / n).is_file()] + \
            [f for root in roots if (data_dir / root).is_dir() for f in _files(data_dir, root, r)]
    return _files(data_dir, r=r)


def _tasks(data_dir: Path, candidates: list[str], r: "_Reader") -> list[tuple[Path, type, tuple]]:
    """Each data file (`candidates`: paths relative to data_dir) with the model it holds and its key;
    files out of place are reported to `r`."""
    tasks: list[tuple[Path, type, tuple]] = []
    for rel in sorted(c.split("/") for c in candidates):  # by parts, as pathlib sorts paths
        stem, suffix = os.path.splitext(rel[-1])
        if rel[-1].startswith(".") or (len(rel) > 1 and rel[-2] == "schema"):
            continue
        path = data_dir.joinpath(*rel)
        if suffix not in (".yaml", ".yml"):
            r.stray(path, "okänd fil i data/; bara .yaml-filer hör hemma här")
            continue
        if rel == ["dataset.yaml"]:
            tasks.append((path, m.DatasetInfo, ("dataset",)))
        elif rel[0] == "stad" and len(rel) == 2 and YEAR.match(stem):
            tasks.append((path, m.CityYear, ("stad", int(stem))))
        elif rel[0] == "namnder" and len(rel) == 3 and SLUG.match(rel[1]):
            if stem == "namnd":
                tasks.append((path, m.Board, ("namnd", rel[1])))
            elif YEAR.match(stem):
                tasks.append((path, m.BoardYear, ("namndar", rel[1], int(stem))))
            else:
                r.stray(path, "väntade namnd.yaml eller <år>.yaml, t.ex. 2024.yaml")
        elif rel[0] == "enheter" and len(rel) == 3 and SLUG.match(rel[1]) and stem == "enhet":
            tasks.append((path, m.Unit, ("enhet", rel[1])))
        elif rel[0] == "enheter" and len(rel) == 4 and SLUG.match(rel[1]) and YEAR.match(rel[2]) and stem in DOC_KINDS:
            tasks.append((path, DOC_KINDS[stem], (stem, rel[1], int(rel[2]))))
        else:
            r.stray(path, "filen ligger på en plats som inte känns igen; se README (Så lägger du till en enhet)")
    return tasks


# A file changed within this many nanoseconds of being read may change again within the same tick
# of the file system's clock, leaving its stat() as it was; such a file is read again next time.
_RACY_NS = 2_000_000_000


def _stat(path: Path) -> Optional[tuple]:
    """What tells, without reading it, that a file is as it was: size, modification time, inode, mode;
    None for a file modified a moment ago (_RACY_NS), as git treats its index."""
    st = os.stat(path)
    # The mode too: a file made unreadable since is read again, and its problem said (not kept from the cache).
    return None if st.st_mtime_ns >= time.time_ns() - _RACY_NS else (st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode)


def file_keys(data_dir: Path, before: Optional[tuple[dict, dict]] = None) -> Optional[tuple[dict, dict]]:
    """Every data file's key (its bytes, its place and the code that reads it; see _Reader) and
    stat() by the file's key in the Dataset, without parsing anything; None when a file is out of
    place (a full load reports it). `before`: the last build's (Dataset.file_keys, .file_stats);
    a file with the same stat() as then is not read: its key is as then."""
    data_dir = Path(data_dir).resolve()
    r = _Reader(data_dir, data_dir.parent)
    if not data_dir.is_dir():
        return None
    tasks = _tasks(data_dir, _files(data_dir, r=r), r)
    if r.problems:
        return None
    keys_then, stats_then = before or ({}, {})

    def one(task) -> tuple[str, Optional[tuple]]:
        path, cls, key = task
        stat = _stat(path)
        if stat is not None and stats_then.get(key) == stat and key in keys_then:
            return keys_then[key], stat
        return r.file_key(r.display(path), cls, read_bounded(path, r.display(path))), stat

    # Reading and hashing release the GIL: two threads halve it (a quarter of a gigabyte at 600 units).
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = list(zip(tasks, pool.map(one, tasks)))
    except (YamlError, OSError):  # a file that cannot be read: a full load says so
        return None
    return {key: k for (_, _, key), (k, _) in done}, {key: s for (_, _, key), (_, s) in done if s}


def read_document(data_dir: Path, key: tuple, store: Optional[Store] = None):
    """One plan or report ((kind, unit id, year)) as load reads it, or None when it has a problem
    (load reports it). With a store, the model is kept there, and load takes it from there."""
    data_dir = Path(data_dir).resolve()
    kind, unit_id, year = key
    r = _Reader(data_dir, data_dir.parent, store=store)
    obj = r.read(data_dir / "enheter" / unit_id / str(year) / f"{kind}.yaml", DOC_KINDS[kind], key)
    return None if r.problems else obj


def _find_drafts(ds: Dataset, r: _Reader) -> None:
    """What is left to fill in draft files (see remaining.py), with the line of each mark."""
    def names(year: int, unit_id: str | None = None) -> dict[str, str]:
        out = {i.id: i.namn for i in ds.cities[year].indikatorer} if year in ds.cities else {}
        plan = ds.plans.get((unit_id, year)) if unit_id else None
        if plan:
            out.update({"enhetsmal:" + g.id: g.titel for b in plan.mal for n in b.namndmal for g in n.enhetsmal})
        return out

    stores = {"stad": ds.cities, "namndar": ds.board_years, "verksamhetsplan": ds.plans, "verksamhetsberattelse": ds.reports}
    for key in sorted(r.drafts, key=str):  # only files whose text mentions a mark
        store = stores.get(key[0], {})
        obj = store.get(key[1] if len(key) == 2 else key[1:])
        if obj is None:
            continue
        kind, year = key[0], key[-1]
        known = names(year, key[1] if kind == "verksamhetsberattelse" else None) if kind.startswith("verksamhets") else {}
        found = find_remaining(obj, known)
        unplaced = getattr(obj, "oplacerat", [])
        if not found and not unplaced:
            continue
        ds.remaining[key] = found
        doc = r.doc(key)
        for item in found:
            line, col = doc.where(item.path)
            ds.remaining_problems.append(Problem(doc.file, line, col, item.message, dotted(item.path)))
        for i, item in enumerate(unplaced):
            line, col = doc.where(("oplacerat", i))
            ds.remaining_problems.append(Problem(doc.file, line, col, f"oplacerad text från {item.kalla}, att flytta "
                                                 f"till rätt fält: {item.text[:80]}", f"oplacerat[{i}]"))
    ds.remaining_problems.sort(key=lambda p: (p.file, p.line, p.column))


def _strings(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _cross_check(ds: Dataset, r: _Reader) -> None:
    """References between files: every id used must be defined where the README says."""

    def at(key: tuple, path: tuple, message: str) -> None:
        doc = r.doc(key)
        line, col = doc.where(path)
        r.problems.append(Problem(doc.file, line, col, message, dotted(path)))

    def percent(key: tuple, path: tuple, value, unit) -> None:
        if unit == "%" and isinstance(value, (int, float)) and not 0 <= value <= 100:
            at(key, path, f"en procentsats ska ligga mellan 0 och 100; fann {value}")

    for year, city in ds.cities.items():
        for i, ind in enumerate(city.indikatorer):
            percent(("stad", year), ("indikatorer", i, "kf_arsmal"), ind.kf_arsmal, ind.enhet)

    for year, city in ds.cities.items():
        key = ("stad", year)
        directions = {g.id for g in city.inriktningsmal}
        for i, g in enumerate(city.mal_for_verksamhetsomradet):
            if g.direction_id not in directions:
                at(key, ("mal_for_verksamhetsomradet", i, "id"),
                   f"inriktningsmål {g.direction_id} saknas i inriktningsmal i samma fil")
        areas = {g.id for g in city.mal_for_verksamhetsomradet}
        for i, ind in enumerate(city.indikatorer):
            if ind.kf_mal not in areas:
                at(key, ("indikatorer", i, "kf_mal"), f"KF-målet '{ind.kf_mal}' finns inte i mal_for_verksamhetsomradet")

    for (board, year), by in ds.board_years.items():
        key = ("namndar", board, year)
        if board not in ds.boards and ("namnd", board) not in r.failed:
            at(key, (), f"nämnden '{board}' saknar data/namnder/{board}/namnd.yaml")
        if year not in ds.cities and ("stad", year) not in r.failed:
            at(key, (), f"året {year} saknar KF:s mål i data/stad/{year}.yaml")
        for i, g in enumerate(by.namndmal):
            if year in ds.cities and not ds.area_goal(year, g.kf_mal):
                at(key, ("namndmal", i, "kf_mal"), f"KF-målet '{g.kf_mal}' finns inte i data/stad/{year}.yaml")
            for j, a in enumerate(g.aktiviteter):
                if a.slutdatum < a.startdatum:
                    at(key, ("namndmal", i, "aktiviteter", j, "slutdatum"),
                       f"slutdatum {a.slutdatum} ligger före startdatum {a.startdatum}")

    for unit_id, unit in ds.units.items():
        if unit.namnd not in ds.boards and ("namnd", unit.namnd) not in r.failed:
            at(("enhet", unit_id), ("namnd",), f"nämnden '{unit.namnd}' finns inte; lägg till data/namnder/{unit.namnd}/namnd.yaml")

    for kind, docs in (("verksamhetsplan", ds.plans), ("verksamhetsberattelse", ds.reports)):
        for (unit_id, year), doc in docs.items():
            key = (kind, unit_id, year)
            unit = ds.units.get(unit_id)
            if not unit:
                if ("enhet", unit_id) not in r.failed:
                    at(key, (), f"enheten saknar data/enheter/{unit_id}/enhet.yaml")
                continue
            if year not in ds.cities:
                if ("stad", year) not in r.failed:
                    at(key, (), f"året {year} saknar KF:s mål i data/stad/{year}.yaml")
                continue
            board_ok = ("namndar", unit.namnd, year) not in r.failed
            plan = ds.plans.get((unit_id, year)) if kind == "verksamhetsberattelse" else None
            plan_goals = {g.id for b in plan.mal for n in b.namndmal for g in n.enhetsmal} if plan else None
            seen_goals: set[str] = set()
            for i, block in enumerate(doc.mal):
                if not ds.area_goal(year, block.kf_mal):
                    at(key, ("mal", i, "kf_mal"), f"KF-målet '{block.kf_mal}' finns inte i data/stad/{year}.yaml")
                for j, row in enumerate(block.indikatorer):
                    ind = ds.indicator(year, row.indikator)
                    for name in ("arsmal", "utfall", "utfall_man", "utfall_kvinnor", "utfall_foregaende_ar"):
                        percent(key, ("mal", i, "indikatorer", j, name), getattr(row, name, None), ind.enhet if ind else None)
                    if not ind:
                        at(key, ("mal", i, "indikatorer", j, "indikator"),
                           f"indikatorn '{row.indikator}' finns inte i data/stad/{year}.yaml")
                    elif ind.kf_mal != block.kf_mal:
                        at(key, ("mal", i, "indikatorer", j, "indikator"),
                           f"indikatorn '{row.indikator}' hör till KF-mål {ind.kf_mal}, inte {block.kf_mal}")
                for j, ref in enumerate(block.namndmal):
                    goal = ds.board_goal(unit.namnd, year, ref.id)
                    if not goal and board_ok:
                        at(key, ("mal", i, "namndmal", j, "id"),
                           f"nämndmålet '{ref.id}' finns inte i data/namnder/{unit.namnd}/{year}.yaml")
                    elif goal and goal.kf_mal != block.kf_mal:
                        at(key, ("mal", i, "namndmal", j, "id"),
                           f"nämndmålet '{ref.id}' hör till KF-mål {goal.kf_mal}, inte {block.kf_mal}")
                    for k, ug in enumerate(ref.enhetsmal):
                        if ug.id in seen_goals:
                            at(key, ("mal", i, "namndmal", j, "enhetsmal", k, "id"), f"enhetsmålet '{ug.id}' finns redan i dokumentet")
                        seen_goals.add(ug.id)
                        if plan_goals is not None and ug.id not in plan_goals:
                            at(key, ("mal", i, "namndmal", j, "enhetsmal", k, "id"),
                               f"enhetsmålet '{ug.id}' finns inte i verksamhetsplanen för {year}")
            for i, group in enumerate(getattr(doc, "klagomal", [])):
                for j, cat in enumerate(group.kategorier):
                    if cat.totalt is not None and cat.totalt != (cat.total or 0):
                        at(key, ("klagomal", i, "kategorier", j, "totalt"),
                           f"totalt {cat.totalt} stämmer inte med summan av perioderna ({cat.total or 0}); "
                           "ta bort totalt, webbplatsen räknar fram det")
            if kind == "verksamhetsberattelse" and plan is None and ("verksamhetsplan", unit_id, year) not in r.failed:
                at(key, (), f"verksamhetsberättelsen saknar en verksamhetsplan för {year} (data/enheter/{unit_id}/{year}/verksamhetsplan.yaml)")
            elif plan_goals is not None and plan_goals - seen_goals:
                missing = ", ".join(sorted(plan_goals - seen_goals))
                at(key, ("mal",), f"enhetsmål i verksamhetsplanen som inte följs upp: {missing}")
