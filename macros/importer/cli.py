"""`python -m macros importera FIL... --enhet ID --ar ÅR --typ verksamhetsplan|verksamhetsberattelse`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import KINDS, ImportFault, check, import_file


def add_parser(sub) -> None:
    p = sub.add_parser("importera", help="gör ett YAML-utkast av en verksamhetsplan eller verksamhetsberättelse (.docx, .pdf, .txt, .md)")
    p.add_argument("filer", nargs="+", type=Path, metavar="FIL")
    p.add_argument("--enhet", required=True, help="enhetens id, t.ex. enheten-for-personligt-stod")
    p.add_argument("--ar", required=True, type=int, help="dokumentets år, t.ex. 2024")
    p.add_argument("--typ", required=True, choices=KINDS)
    p.add_argument("--data", type=Path, default=None, help="datakatalog (standard som för validate: $PLANER_DATA, annars extra.data_dir i mkdocs.yml, annars data/)")
    p.add_argument("--skriv-over", action="store_true", help="ersätt ett befintligt utkast")


def run(args: argparse.Namespace) -> int:
    files: list[Path] = args.filer
    if args.data is None:
        from ..build.settings import project

        args.data = _shown(project().data)
    failures = 0
    for n, path in enumerate(files, start=1):
        start = time.perf_counter()
        if len(files) > 1:  # progress, for a folder of documents
            print(f"[{n}/{len(files)}] {path}", file=sys.stderr, flush=True)
        try:
            result = import_file(path, args.enhet, args.ar, args.typ, args.data, overwrite=args.skriv_over)
        except ImportFault as e:
            print(f"{path}: {e}", file=sys.stderr)
            failures += 1
            continue
        except OSError as e:
            print(f"{path}: kan inte läsas ({e.strerror or e})", file=sys.stderr)
            failures += 1
            continue
        except Exception as e:  # a reader library failing on an odd file: one line, nothing written
            print(f"{path}: kunde inte importeras ({type(e).__name__}: {str(e)[:120]}); inget skrevs", file=sys.stderr)
            failures += 1
            continue
        for note in result.notes:
            print(f"Inte i de gemensamma filerna: {note}", file=sys.stderr)
        if result.new_unit:
            print(f"skrev {result.path.parent.parent / 'enhet.yaml'} (ny enhet)", file=sys.stderr)
        problems = check(args.data, args.enhet)
        for problem in problems:  # e.g. a link to a javascript: address in the document's text
            print(problem, file=sys.stderr)
        if problems:
            print(f"{path}: utkastet skrevs men har {len(problems)} fel (se ovan); rätta dem och kör python -m macros validate", file=sys.stderr)
            failures += 1
        print(f"{path} → {result.path}: {result.summary()} ({time.perf_counter() - start:.2f} s)")
    return 1 if failures else 0


def _shown(path: Path) -> Path:
    """A path as the editor typed it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
