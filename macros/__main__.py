"""Command line: `python -m macros validate [DATA_DIR]` checks all data without building."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import progress
from .load import DataError, load
from .settings import data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="kontrollera all data utan att bygga webbplatsen")
    check.add_argument("data", nargs="?", type=Path, default=None, help="datakatalog (standard: data/ eller $PLANER_DATA)")
    check.add_argument("--scope", default="", help="kontrollera bara en del: enhet:<id> eller namnd:<id>")
    check.add_argument("-q", "--quiet", action="store_true", help="visa inte hur långt kontrollen har kommit")
    schema = sub.add_parser("schema", help="skriv JSON Schema för datafilerna till data/schema/ och lägg till schemaraden i varje fil")
    schema.add_argument("data", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "schema":
        return write_schemas(args.data or data_dir())

    start = time.perf_counter()
    try:
        ds = load(args.data or data_dir(), scope=args.scope, progress=progress.wanted(args.quiet))
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} fel hittades.", file=sys.stderr)
        return 1
    from .outcomes import discrepancies

    for d in discrepancies(ds):
        print(f"Varning: {d}", file=sys.stderr)
    docs = len(ds.plans) + len(ds.reports)
    print(f"OK: {len(ds.units)} enheter, {docs} dokument, {len(ds.years)} år ({time.perf_counter() - start:.2f} s)")
    return 0


def write_schemas(root: Path) -> int:
    from .schema import header_line, write_all

    for path in write_all(root):
        print(f"skrev {path}")
    for path in sorted(root.rglob("*.yaml")):
        header = header_line(root, path)
        if header is None:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n", 1)
        if lines[0].startswith("# yaml-language-server:"):
            text = lines[1] if len(lines) > 1 else ""
        path.write_text(header + "\n" + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
