"""Read one YAML data file strictly, remembering where every value stands.

PyYAML silently keeps the last of two duplicate keys and knows nothing of
lines once a document is built; editors need both, so we compose the node
tree ourselves and keep a map from value path to (line, column).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

MAX_BYTES = 2_000_000  # a unit's year is ~50 kB; anything near this is a mistake
MAX_DEPTH = 40
MAX_NODES = 200_000

PathKey = tuple  # ("mal", 0, "namndmal", 1, "id")


@dataclass
class Problem:
    """One thing wrong in one file, said so an editor can find and fix it."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field_part = f" [{self.path}]" if self.path else ""
        return f"{where}:{field_part} {self.message}"


@dataclass
class YamlDoc:
    file: str
    data: Any
    text: str = ""  # the source, for finding lines when a problem needs them
    _marks: Optional[dict[PathKey, tuple[int, int]]] = None
    _blocks: set[PathKey] = field(default_factory=set)  # values written as `|` or `>` blocks

    @property
    def marks(self) -> dict[PathKey, tuple[int, int]]:
        if self._marks is None:  # parsed again, with lines, only when asked (errors are rare)
            careful = _parse(_Loader, self.text, self.file)
            self._marks, self._blocks = careful._marks, careful._blocks
        return self._marks

    def where(self, path: PathKey) -> tuple[int, int]:
        """The line and column of the value at path, or of its nearest parent."""
        marks = self.marks
        path = tuple(path)
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return marks.get((), (1, 1))

    def where_in_text(self, path: PathKey, line_index: int) -> tuple[int, int]:
        """The line of the line_index-th line inside a text value (exact for `|` blocks)."""
        line, col = self.where(path)
        if tuple(path) in self._blocks:
            return line + 1 + line_index, 1
        return line, col


class YamlError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _walk(node: yaml.Node, path: PathKey, doc: YamlDoc, problems: list[Problem], depth: int, count: list[int],
          visited: set[int]) -> None:
    count[0] += 1
    if id(node) in visited:
        raise YamlError([Problem(doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                                 "alias (*namn) används inte i datafiler; skriv ut värdet")])
    visited.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError([Problem(doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                                 f"för djupt nästlad (mer än {MAX_DEPTH} nivåer)")])
    if count[0] > MAX_NODES:
        raise YamlError([Problem(doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                                 f"för många värden (mer än {MAX_NODES}); är det en alias-bomb?")])
    doc._marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        doc._blocks.add(path)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        f"nyckeln '{key}' finns redan på rad {seen[key]}; ta bort en av dem",
                                        dotted(path + (key,))))
                continue
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), doc, problems, depth + 1, count, visited)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), doc, problems, depth + 1, count, visited)


def dotted(path: PathKey) -> str:
    """('mal', 0, 'titel') -> 'mal[0].titel': where in a file a problem is, as problems name it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# LibYAML's parser (C) when PyYAML has it: 20 times faster on large trees. Aliases are refused in
# _walk (an alias is the same node object met twice), which also stops alias bombs before expansion.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


class _Careful(Exception):
    """The fast reading met something the careful one must say with lines: let it."""


class _FastLoader(_Base):  # type: ignore[misc, valid-type]
    """Data straight from LibYAML without walking nodes: most files are fine and need no lines."""

    def construct_mapping(self, node, deep=False):
        keys = [k.value for k, _ in node.value]
        if len(keys) != len(set(keys)):
            raise _Careful()
        return super().construct_mapping(node, deep)

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:  # the same node again: an alias
            raise _Careful()
        return super().construct_object(node, deep)


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser, used again on a file that failed: its messages and marks are exact,
    and it names the line of an alias rather than of its anchor."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "alias (*namn) används inte i datafiler; skriv ut värdet", event.start_mark)
        return super().compose_node(parent, index)


# PyYAML's words for the mistakes editors make most, in Swedish; anything else keeps its own words.
_YAML_PROBLEMS = [
    ("mapping values are not allowed here", "kolon på fel ställe: ett värde som innehåller ': ' måste stå inom citattecken"),
    ("found character '\\t' that cannot start any token", "tabbtecken är inte tillåtna för indrag; använd mellanslag"),
    ("could not find expected ':'", "en rad saknar ':' mellan nyckel och värde (eller har fel indrag)"),
    ("found unexpected end of stream", "filen tar slut innan ett citattecken har stängts"),
    ("expected ',' or ']'", "en lista inom [ ] stängs aldrig"),
    ("expected ',' or '}'", "en mappning inom { } stängs aldrig"),
    ("expected <block end>", "fel indrag: raden passar inte in i strukturen ovanför"),
    ("found undefined alias", "alias (*namn) används inte i datafiler; skriv ut värdet"),
    ("found unknown escape character", "okänd escape-sekvens med \\ i en text inom citattecken"),
]


def _swedish(problem: str) -> str:
    for english, swedish in _YAML_PROBLEMS:
        if problem.startswith(english):
            return swedish
    return problem


# Dates stay text until the model reads them: PyYAML would raise a bare ValueError without a
# line for 2024-13-01. The model turns valid ones into dates.
_Loader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_tag(loader, node):
    raise yaml.constructor.ConstructorError(None, None, f"taggen {node.tag.replace('tag:yaml.org,2002:', '!!')} används "
                                            "inte i datafiler; skriv värdet som text, tal eller lista", node.start_mark)


# Bytes, sets and ordered pairs are no value of our model, and bytes would pass around the checks of
# texts (links, characters); the reader refuses them with their line.
for _tag in ("binary", "set", "omap", "pairs", "timestamp"):
    for _cls in (_Loader, _PyLoader, _FastLoader):
        _cls.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def read_bounded(path: Path, display: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, read no further than that: a FIFO, a device
    or a symlink to a huge file is refused before anything is read (nothing hangs, nothing fills
    memory); an unreadable file is a problem naming it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not wait
    except PermissionError:
        raise YamlError([Problem(display, 1, 1, "filen kan inte läsas (behörighet saknas)")]) from None
    except OSError as e:
        raise YamlError([Problem(display, 1, 1, f"filen kan inte öppnas ({e.strerror or 'okänt fel'})")]) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise YamlError([Problem(display, 1, 1, "inte en vanlig fil (t.ex. en FIFO eller en enhet); bara .yaml-filer hör hemma här")])
        if st.st_size > MAX_BYTES:
            raise YamlError([Problem(display, 1, 1, f"filen är {st.st_size // 1000} kB; största tillåtna är {MAX_BYTES // 1000} kB")])
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_BYTES + 1)  # bounded even if the file grew after fstat
    except OSError as e:
        raise YamlError([Problem(display, 1, 1, f"filen kan inte läsas ({e.strerror or 'okänt fel'})")]) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise YamlError([Problem(display, 1, 1, f"filen är större än {MAX_BYTES // 1000} kB, största tillåtna")])
    return raw


# Characters no text of ours may hold, raw or written as an escape ("\x0b"): C0 controls but tab,
# newline and carriage return; DEL and C1 controls (Word pastes some); noncharacters; and the
# bidirectional controls that reorder the text after them (a unit's name reversed in the tab).
_FORBIDDEN = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufdd0-\\ufdef\\ufffe\\uffff\\ud800-\\udfff"
                        "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]")
# The noncharacters U+1FFFE … U+10FFFF, found in the UTF-8 bytes: in the pattern above they would
# make it five times slower (20 against 4 ms over a small city's 1,7 MB).
_FORBIDDEN_ASTRAL = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_FORBIDDEN_CHARS = _FORBIDDEN.pattern[:-1] + "".join(chr(p + 0xFFFE) + chr(p + 0xFFFF) for p in range(0x10000, 0x110000, 0x10000)) + "]"
_FORBIDDEN_ANY = re.compile(_FORBIDDEN_CHARS)  # for the few parsed strings that hold an escape
FORBIDDEN_CHARACTERS = _FORBIDDEN_ANY  # for text that becomes data (the importer drops them)
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _character_problem(ch: str) -> str:
    kind = "tecken som styr textens riktning" if ch in _BIDI else (
        "icke-tecken" if ord(ch) >= 0xFDD0 and ch not in _BIDI else "styrtecken")
    return f"otillåtet {kind} U+{ord(ch):04X}; ta bort det (det kommer ofta med när text klistras in)"


def _refuse_characters(text: str, raw: bytes, display: str) -> None:
    """Every forbidden character standing raw in the file, with its line and column (at most 20)."""
    problems = []
    pattern = _FORBIDDEN_ANY if _FORBIDDEN_ASTRAL.search(raw) else _FORBIDDEN
    for found in pattern.finditer(text):
        i = found.start()
        line_start = text.rfind("\n", 0, i) + 1
        problems.append(Problem(display, text.count("\n", 0, i) + 1, i - line_start + 1, _character_problem(found.group())))
        if len(problems) == 20:
            break
    if problems:
        raise YamlError(problems)


def _refuse_escaped(doc: YamlDoc) -> None:
    """Forbidden characters written as escapes in quoted text ("\x0b"), in keys or values; the
    problem stands at the value."""
    problems: list[Problem] = []
    stack: list[tuple[PathKey, Any]] = [((), doc.data)]
    while stack and len(problems) < 20:
        path, value = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                stack.append((path + (k,), v))
                if isinstance(k, str) and _FORBIDDEN_ANY.search(k):
                    problems.append(Problem(doc.file, *doc.where(path), _character_problem(_FORBIDDEN_ANY.search(k).group())))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str) and _FORBIDDEN_ANY.search(value):
            problems.append(Problem(doc.file, *doc.where(path), _character_problem(_FORBIDDEN_ANY.search(value).group()),
                                    dotted(path)))
    if problems:
        raise YamlError(problems)


def _depth(data: Any) -> int:
    """How deeply the data nests (a scalar: 0), without recursion."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
        stack.extend((v, depth) for v in value if isinstance(v, (dict, list)))
    return deepest


def read_yaml(path: Path, display: str) -> YamlDoc:
    """Parse path; raise YamlError naming display (the path editors know) on anything wrong."""
    raw = read_bounded(path, display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlError([Problem(display, line, 1, "filen är inte UTF-8; spara den som UTF-8")]) from None
    _refuse_characters(text, raw, display)  # also all PyYAML's reader would raise on, said with a line
    doc = _read_text(text, display)
    if "\\" in text:  # only a double-quoted escape writes a character that is not in the text
        _refuse_escaped(doc)
    return doc


def _read_text(text: str, display: str) -> YamlDoc:
    fast = _FastLoader(text)
    try:
        data = fast.get_single_data()
        # LibYAML's reading knows no depth limit; the careful one says where it is passed.
        if data is not None and _depth(data) <= MAX_DEPTH:
            return YamlDoc(display, data, text)
    except (_Careful, yaml.YAMLError, RecursionError):
        pass
    finally:
        fast.dispose()
    try:
        return _parse(_Loader, text, display)
    except (YamlError, yaml.YAMLError, RecursionError):
        # Say it as the pure-Python parser does: exact lines, known messages, the alias's own line.
        return _parse(_PyLoader, text, display)


def _parse(loader_cls, text: str, display: str) -> YamlDoc:
    doc = YamlDoc(display, None, text, {})
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlError([Problem(display, 1, 1, "filen är tom")])
        problems: list[Problem] = []
        _walk(node, (), doc, problems, 0, [0], set())
        if problems:
            raise YamlError(problems)
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark and e.problem and ("stream end" in e.problem or "end of stream" in e.problem):
            mark = e.context_mark  # where the unclosed list or quote was opened, not the file's end
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = _swedish(e.problem or str(e))
        raise YamlError([Problem(display, line, col, f"YAML-fel: {msg}")]) from None
    except yaml.YAMLError as e:  # one line, whatever PyYAML's message spans
        raise YamlError([Problem(display, 1, 1, "YAML-fel: " + " ".join(str(e).split()))]) from None
    except RecursionError:
        raise YamlError([Problem(display, 1, 1, f"för djupt nästlad (mer än {MAX_DEPTH} nivåer)")]) from None
    finally:
        loader.dispose()
    return doc
