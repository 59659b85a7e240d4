"""Command line: `python -m macros validate [DATA_DIR]` checks all data without building."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .load import DataError, load
from .settings import project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="kontrollera all data utan att bygga webbplatsen")
    check.add_argument("data", nargs="?", type=Path, default=None, help="datakatalog (standard: $PLANER_DATA, annars extra.data_dir i mkdocs.yml, annars data/)")
    check.add_argument("--scope", default="", help="kontrollera bara en del: enhet:<id> eller namnd:<id>")
    schema = sub.add_parser("schema", help="skriv JSON Schema för datafilerna till data/schema/ och lägg till schemaraden i varje fil")
    schema.add_argument("data", nargs="?", type=Path, default=None)
    from .importer import cli as importer_cli

    importer_cli.add_parser(sub)
    args = parser.parse_args(argv)

    if args.command == "importera":
        return importer_cli.run(args)

    if args.command == "schema":
        return write_schemas(args.data or project().data)

    start = time.perf_counter()
    try:
        ds = load(args.data or project().data, scope=args.scope)
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} fel hittades.", file=sys.stderr)
        return 1
    from .outcomes import discrepancies

    for d in discrepancies(ds):
        print(f"Varning: {d}", file=sys.stderr)
    for kind, docs_ in (("verksamhetsplan", ds.plans), ("verksamhetsberattelse", ds.reports)):
        for (unit, year), doc in sorted(docs_.items()):
            for item in doc.oplacerat:  # left by `importera`: text an editor still has to place
                shown = ds.sources.get((kind, unit, year), f"{unit}/{year}/{kind}.yaml")
                print(f"Varning: {shown}: [oplacerat] oplacerad text från {item.kalla}: {item.text[:80]}", file=sys.stderr)
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
