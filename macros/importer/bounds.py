"""What an import may take: every limit is checked before the bytes it guards are read or inflated,
and a reader runs in a child process whose memory is capped, so a hostile document (a zip bomb, a
PDF whose content stream inflates to gigabytes) ends in one Swedish line, never in a machine out
of memory. A plan or report is tens of pages; the limits are far above any real one."""

from __future__ import annotations

import os
import pickle
import resource
import signal
import struct
import unicodedata
from pathlib import Path
from typing import Callable

from .blocks import ImportFault

# Bytes of the file itself, by format: a text export is a few hundred kB, a Word file with photos tens of MB.
MAX_FILE = {".txt": 4_000_000, ".md": 4_000_000, ".docx": 60_000_000, ".pdf": 60_000_000}
MAX_PAGES = 1_000  # of a PDF
# A .docx is a zip: entries, and what they inflate to, from its central directory before any is read.
# The XML is parsed whole by python-docx (a tree ~10 times its size), so it has its own, lower limit.
MAX_ENTRIES = 2_000
MAX_INFLATED = 200_000_000
MAX_XML = 32_000_000
# Memory a reader may take beyond what the importer had when it started it (address space).
READER_MEMORY = 768 * 2**20
READER_SECONDS = 300


def check_size(path: Path) -> None:
    limit = MAX_FILE.get(path.suffix.lower())
    size = path.stat().st_size
    if limit is not None and size > limit:
        raise ImportFault(f"filen är {size // 1_000_000} MB; största som kan importeras är {limit // 1_000_000} MB")


def check_zip(path: Path) -> None:
    """The entries of a .docx and what they inflate to, from its central directory (read by hand:
    zipfile would first make an object of each of a million entries)."""
    with path.open("rb") as f:
        if f.read(2) != b"PK":
            return  # not a zip at all: the reader says what it is (an encrypted or old Word file)
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 66_000))
        tail = f.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise ImportFault("filen är ingen läsbar Word-fil (.docx)")
        entries, directory_size, directory_at = struct.unpack("<HII", tail[at + 10:at + 20])
        if entries == 0xFFFF or directory_at == 0xFFFFFFFF:
            raise ImportFault("Word-filen är en zip64-fil med fler delar än en Word-fil har; spara den på nytt i Word")
        if entries > MAX_ENTRIES:
            raise ImportFault(f"Word-filen har {entries} delar; en Word-fil har några tiotal (högst {MAX_ENTRIES} tillåts)")
        f.seek(directory_at)
        directory = f.read(min(directory_size, 200 * MAX_ENTRIES + 66_000))
    inflated = xml = 0
    pos = 0
    for _ in range(entries):
        if directory[pos:pos + 4] != b"PK\x01\x02" or len(directory) < pos + 46:
            raise ImportFault("filen är ingen läsbar Word-fil (.docx)")
        real_size, name_len, extra_len, comment_len = struct.unpack("<IHHH", directory[pos + 24:pos + 34])
        name = directory[pos + 46:pos + 46 + name_len].decode("utf-8", "replace")
        if real_size == 0xFFFFFFFF:  # zip64: the size stands in the extra field (id 1), first of its values
            extra = directory[pos + 46 + name_len:pos + 46 + name_len + extra_len]
            while len(extra) >= 12:
                kind, length = struct.unpack("<HH", extra[:4])
                if kind == 1:
                    real_size = struct.unpack("<Q", extra[4:12])[0]
                    break
                extra = extra[4 + length:]
        inflated += real_size
        if name.endswith((".xml", ".rels")):
            xml += real_size
        pos += 46 + name_len + extra_len + comment_len
    if inflated > MAX_INFLATED or xml > MAX_XML:
        raise ImportFault(f"Word-filen packas upp till {max(inflated, xml) // 1_000_000} MB"
                          f"{' XML' if xml > MAX_XML else ''}; högst {(MAX_XML if xml > MAX_XML else MAX_INFLATED) // 1_000_000} MB "
                          "tillåts (en plan är några MB)")


def read_capped(reader: Callable[[Path], list], path: Path) -> list:
    """reader(path) in a forked child with its memory and time capped; its blocks come back pickled.
    An ImportFault in the child is raised here; running out of memory or dying (PDFium aborts when an
    allocation fails) is one line, as is any other failure of a reader library."""
    if not hasattr(os, "fork"):
        return reader(path)
    # Forked also beside other threads (a test run's): CPython takes the import lock and resets
    # logging's around a fork, and the child only reads the file and writes its blocks back.
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: capped, reads, writes its result, leaves without cleaning up
        os.close(r)
        try:
            with open("/proc/self/statm") as statm:
                now = int(statm.read().split()[0]) * resource.getpagesize()
            resource.setrlimit(resource.RLIMIT_AS, (now + READER_MEMORY, now + READER_MEMORY))
            resource.setrlimit(resource.RLIMIT_CPU, (READER_SECONDS, READER_SECONDS))
            try:
                result = ("ok", reader(path))
            except ImportFault as e:
                result = ("fault", str(e))
            except MemoryError:
                result = ("memory", "")
            except Exception as e:  # noqa: BLE001 - said in one line by the parent
                result = ("error", f"{type(e).__name__}: {str(e)[:120]}")
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        with os.fdopen(w, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise ImportFault(f"läsningen tog mer än {READER_SECONDS} s; filen är för stor eller trasig")
        raise ImportFault(f"filen kräver mer än {READER_MEMORY // 2**20} MB minne att läsa, eller är trasig; inget skrevs")
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "fault":
        raise ImportFault(value)
    if kind == "memory":
        raise ImportFault(f"filen kräver mer än {READER_MEMORY // 2**20} MB minne att läsa; inget skrevs")
    raise ImportFault(f"kunde inte läsas ({value}); inget skrevs")


def safe_name(name: str) -> str:
    """A file's name as it may stand in a draft (a comment, a `kalla`) and in a message: control,
    format and line-separating characters become '?', so a name cannot add a line or a key."""
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch for ch in name)
