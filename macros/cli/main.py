"""Command line: `python -m macros validate [DATA_DIR]` checks all data without building;
`ny-ar`, `ny-plan` and `ny-berattelse` draft next year's files (drafts.py); `schema` writes the schemas;
`generate DIR` writes the site as Markdown files for any builder (adapters/markdown/)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from ..build import progress
from ..model.load import DataError, collector_paused, load
from .problem_formats import FORMATS, github_summary, render
from ..build.settings import project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="kontrollera all data utan att bygga webbplatsen")
    check.add_argument("data", nargs="?", type=Path, default=None, help="datakatalog (standard: $PLANER_DATA, annars extra.data_dir i mkdocs.yml, annars data/)")
    check.add_argument("--scope", default="", help="kontrollera bara en del: enhet:<id> eller namnd:<id>")
    check.add_argument("--publicering", action="store_true",
                       help="som inför publicering: utkast (det som står i att_fylla, att_flytta eller oplacerat) är fel, inte varningar")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (standard), github (anteckningar i GitHub Actions) eller gitlab (Code Quality-rapport, JSON)")
    check.add_argument("-q", "--quiet", action="store_true", help="visa inte hur långt kontrollen har kommit")
    year = sub.add_parser("ny-ar", help="skapa årets gemensamma filer (stad/<år>.yaml, namnder/<nämnd>/<år>.yaml) som utkast från förra årets")
    plan = sub.add_parser("ny-plan", help="skapa en enhets verksamhetsplan som utkast från den förra")
    who = plan.add_mutually_exclusive_group(required=True)
    who.add_argument("--enhet", help="enhetens id (mappnamnet under data/enheter/)")
    who.add_argument("--namnd", help="alla enheter under nämnden med detta id")
    report = sub.add_parser("ny-berattelse", help="skapa en enhets verksamhetsberättelse som utkast från årets verksamhetsplan")
    report.add_argument("--enhet", required=True, help="enhetens id (mappnamnet under data/enheter/)")
    for drafting, year_help in ((year, "det nya året"), (plan, "planens år"), (report, "berättelsens år")):
        drafting.add_argument("--ar", type=int, required=True, help=f"{year_help}, t.ex. 2025")
        drafting.add_argument("--data", type=Path, default=None, help="datakatalog (standard: som validate)")
    schema = sub.add_parser("schema", help="skriv JSON Schema för datafilerna till data/schema/ och lägg till schemaraden i varje fil")
    schema.add_argument("data", nargs="?", type=Path, default=None)
    gen = sub.add_parser("generate", help="skriv webbplatsen som Markdown-filer med meny (nav.yml) och mkdocs.yml utan "
                                          "vår hook, för MkDocs eller en annan byggare")
    gen.add_argument("folder", type=Path, help="mappen att skriva (ersätts helt; en befintlig mapp måste vara tom eller skriven av generate)")
    gen.add_argument("--data", type=Path, default=None, help="datakatalog (standard: som validate)")
    gen.add_argument("-q", "--quiet", action="store_true", help="visa inte hur långt det har kommit")
    from ..importer import cli as importer_cli

    importer_cli.add_parser(sub)
    args = parser.parse_args(argv)

    if args.command == "importera":
        return importer_cli.run(args)

    if args.command == "schema":
        return write_schemas(args.data or project().data)
    if args.command in ("ny-ar", "ny-plan", "ny-berattelse"):
        return draft(args)
    if args.command == "generate":
        return generate(args)
    return validate(args)


def validate(args) -> int:
    start = time.perf_counter()
    out = sys.stdout if args.format != "text" else sys.stderr
    try:
        with collector_paused():
            ds = load(args.data or project().data, scope=args.scope, progress=progress.wanted(args.quiet))
    except DataError as e:
        out.write(render(e.problems, [], args.format))
        _github_summary(args.format, e.problems, [])
        if args.format == "text":
            print(f"{len(e.problems)} fel hittades.", file=sys.stderr)
        return 1
    from ..site.outcomes import discrepancies

    drafts = ds.remaining_problems
    errors, warnings = (drafts, []) if args.publicering else ([], drafts)
    out.write(render(errors, warnings, args.format))
    _github_summary(args.format, errors, warnings)
    if args.format == "text":
        for d in discrepancies(ds):
            print(f"Varning: {d}", file=sys.stderr)
    docs = len(ds.plans) + len(ds.reports)
    summary = f"{len(ds.units)} enheter, {docs} dokument, {len(ds.years)} år ({time.perf_counter() - start:.2f} s)"
    if errors:
        print(f"{len(ds.remaining)} filer är utkast med {len(errors)} saker kvar att fylla i; de kan inte publiceras.", file=sys.stderr)
        return 1
    if args.format == "text":
        unfinished = f"; {len(ds.remaining)} filer är utkast ({len(warnings)} saker kvar att fylla i)" if warnings else ""
        print(f"OK: {summary}{unfinished}")
    return 0


def generate(args) -> int:
    from ..adapters.markdown.generate import GenerateError, generate as write_site

    start = time.perf_counter()
    try:
        site = project()
        if args.data is not None:
            site = replace(site, data=args.data.resolve())
        with collector_paused():
            written = write_site(site, args.folder, show_progress=progress.wanted(args.quiet))
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} fel i datafilerna; inget skrevs.", file=sys.stderr)
        return 1
    except (GenerateError, ValueError) as e:
        print(f"Fel: {e}", file=sys.stderr)
        return 1
    print(f"skrev {written.folder}: {written.pages} genererade sidor, {written.handwritten} handskrivna, "
          f"{written.files} andra filer ({time.perf_counter() - start:.2f} s); bygg med: "
          f"cd {written.folder} && mkdocs build")
    return 0


def _github_summary(fmt: str, errors, warnings) -> None:
    """In GitHub Actions, every problem also on the job's summary page (annotations are capped)."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        with open(summary, "a", encoding="utf-8") as f:
            f.write(github_summary(errors, warnings))


def draft(args) -> int:
    from ..model import drafts

    root = args.data or project().data
    unit = getattr(args, "enhet", None)
    board = getattr(args, "namnd", None)
    # Each command reads only what it drafts from: a unit, a board's units, or the shared files.
    scope = f"enhet:{unit}" if unit else f"namnd:{board}" if board else "gemensamt:"
    if unit and not (Path(root) / "enheter" / unit / "enhet.yaml").is_file():
        print(f"Fel: enheten '{unit}' finns inte (data/enheter/{unit}/enhet.yaml saknas)", file=sys.stderr)
        return 1
    if board and not (Path(root) / "namnder" / board / "namnd.yaml").is_file():
        print(f"Fel: nämnden '{board}' finns inte (data/namnder/{board}/namnd.yaml saknas)", file=sys.stderr)
        return 1
    try:
        ds = load(root, scope=scope)
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} fel i datan; rätta dem först. Inget skrevs.", file=sys.stderr)
        return 1
    try:
        if args.command == "ny-ar":
            made = drafts.new_year(ds, args.ar)
        elif args.command == "ny-berattelse":
            made = [drafts.new_report(ds, unit, args.ar)]
        elif unit:
            made = [drafts.new_plan(ds, unit, args.ar)]
        else:
            made = drafts.new_plans_for_board(ds, board, args.ar)
    except drafts.DraftError as e:
        print(f"Fel: {e}", file=sys.stderr)
        return 1
    written = []
    for d in made:
        shown = _shown(d.path, root)
        if drafts.write_new(d):
            written.append(d)
            print(f"skrev {shown}")
            for note in d.notes:
                print(f"  obs: {note}")
        else:
            print(f"{shown} finns redan och lämnades orörd", file=sys.stderr)
    if not written:
        return 1
    return _check_written(root, scope, written)


def _check_written(root: Path, scope: str, written) -> int:
    """Read the data again with the drafts: they must load, and say what is left to fill."""
    try:
        ds = load(root, scope=scope)
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print("Utkasten kunde inte läsas (ett fel i verktyget; anmäl det).", file=sys.stderr)
        return 1
    paths = {str(_shown(d.path, root)) for d in written}
    left = [p for p in ds.remaining_problems if p.file in paths]
    print(f"{len(left)} saker kvar att fylla i; se dem med python -m macros validate")
    return 0


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(Path(root).resolve().parent)
    except ValueError:
        return path


def write_schemas(root: Path) -> int:
    from ..model.schema import header_line, write_all

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
