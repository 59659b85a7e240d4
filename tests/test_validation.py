"""Editors' mistakes are caught with file, line and a message that says what is wrong.

Each case edits one copy of the bundled data and expects a problem on the line
where the edit's marker stands, in the file edited, with the gist of the message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from builtsite import ROOT
from macros.model.load import DataError, load

PLAN = "data/enheter/enheten-for-personligt-stod/2024/verksamhetsplan.yaml"
REPORT = "data/enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse.yaml"
PLAN_001 = "data/enheter/stod-och-aktivitetsenheten/2024/verksamhetsplan.yaml"
CITY = "data/stad/2024.yaml"
BOARD_YEAR = "data/namnder/hagersten-alvsjo/2024.yaml"
UNIT = "data/enheter/enheten-for-personligt-stod/enhet.yaml"


@dataclass
class Case:
    name: str
    file: str
    old: str  # replaced once; '' appends `new` at the end
    new: str
    gist: str  # part of the expected message
    mark: Optional[str] = None  # the expected line is where this stands after the edit (default: new)
    line: Optional[int] = None  # or a fixed line
    reported_in: Optional[str] = None  # when the problem is reported in another file than the edited one


def edit(text: str, old: str, new: str) -> str:
    if not old:
        return text.rstrip("\n") + "\n" + new + "\n"
    assert old in text, old
    return text.replace(old, new, 1)


CASES = [
    # YAML syntax
    Case("unclosed flow list", UNIT, "namnd: hagersten-alvsjo", "namnd: [hagersten-alvsjo", "YAML-fel: en lista inom [ ] stängs aldrig"),
    Case("tab indentation", UNIT, "namnd: hagersten-alvsjo", "namnd:\n\thagersten-alvsjo", "tabbtecken", mark="\thagersten-alvsjo"),
    Case("unclosed quote", UNIT, "namnd: hagersten-alvsjo", 'namnd: "hagersten-alvsjo', "YAML-fel: filen tar slut innan ett citattecken har stängts"),
    Case("colon in a plain value", UNIT, "namn: Enheten för personligt stöd", "namn: Enheten: för personligt stöd", "kolon på fel ställe"),
    Case("duplicate key", PLAN, "  handlaggare: Kamran Ronaghi\n", "  handlaggare: Kamran Ronaghi\n  handlaggare: Någon annan\n",
         "nyckeln 'handlaggare' finns redan", mark="  handlaggare: Någon annan"),
    Case("duplicate unit goal key", BOARD_YEAR, "  - id: aldre\n", "  - id: aldre\n    id: aldre2\n", "finns redan", mark="    id: aldre2"),
    # Unknown keys and types
    Case("typo in a key", PLAN, "  telefon:", "  telefn:", "okänd nyckel 'telefn' (menade du 'telefon'?)"),
    Case("unknown top-level key", PLAN, "", "rubrik: Verksamhetsplan", "okänd nyckel 'rubrik'"),
    Case("typo in a nested key", REPORT, "    status: helt", "    statsu: helt", "menade du 'status'?"),
    Case("number with unit", PLAN, "arsmal: 72", 'arsmal: "72 st"', "väntade ett tal"),
    Case("boolean as number", PLAN, "arsmal: 72", "arsmal: true", "fann true"),
    Case("text where a list belongs", PLAN, "bilagor:\n", "bilagor: Kompetensplan\nx_bilagor:\n", "väntade en lista", mark="bilagor: Kompetensplan"),
    Case("list where a mapping belongs", UNIT, "namnd: hagersten-alvsjo", "namnd: [hagersten-alvsjo]", "väntade text"),
    Case("status not allowed", REPORT, "    status: helt", "    status: uppfylld", "väntade ett av: 'helt', 'delvis', 'inte'"),
    Case("periodicity not allowed", CITY, "    periodicitet: År\n    kf_arsmal: 83", "    periodicitet: Vecka\n    kf_arsmal: 83", "väntade ett av: 'År', 'Tertial'", mark="periodicitet: Vecka"),
    Case("KF target neither number nor board text", CITY, "kf_arsmal: 83", 'kf_arsmal: "83 st"', "eller en av texterna 'Tas fram av nämnd'"),
    Case("budget unit unknown", PLAN, "enhet: milj kr", "enhet: miljoner", "väntade ett av: 'kr', 'tkr', 'mkr', 'milj kr'"),
    Case("id not a slug", REPORT, "- id: god-arbetsmiljo", "- id: God Arbetsmiljö", "små bokstäver"),
    Case("area goal id format", CITY, '  - id: "3.6"', '  - id: "3,6"', "fel format"),
    Case("negative complaint count", REPORT, "vb: 46", "vb: -46", "minst 0"),
    Case("fractional complaint count", REPORT, "vb: 46", "vb: 4.5", "väntade ett heltal"),
    # Missing fields
    Case("missing phone", PLAN, '  telefon: "0850822000"\n', "", "[huvud.telefon] obligatoriskt fält saknas", mark="  handlaggare:"),
    Case("missing unit goal title", PLAN_001, "- id: sjalvstandigt-liv\n            titel:", "- id: sjalvstandigt-liv\n            rubrik:",
         "[mal[0].namndmal[0].enhetsmal[0].titel] obligatoriskt fält saknas", mark="- id: sjalvstandigt-liv"),
    Case("missing board name", "data/namnder/hagersten-alvsjo/namnd.yaml", "namn: Hägersten-Älvsjö stadsdelsnämnd\n", "",
         "[namn] obligatoriskt fält saknas", mark="forvaltning:"),
    # Dates and numbers out of range
    Case("invalid date", BOARD_YEAR, "startdatum: 2024-01-01", "startdatum: 2024-13-01", "datum"),
    Case("date as number", BOARD_YEAR, "startdatum: 2024-01-01", "startdatum: 20240101", "väntade ett datum ÅÅÅÅ-MM-DD"),
    Case("end before start", BOARD_YEAR, "slutdatum: 2024-12-31", "slutdatum: 2023-12-31", "slutdatum 2023-12-31 ligger före startdatum 2024-01-01"),
    Case("percentage over 100", PLAN, "arsmal: 9\n", "arsmal: 900\n", "mellan 0 och 100; fann 900", mark="arsmal: 900"),
    Case("negative percentage outcome", REPORT, "utfall: 11.6", "utfall: -11.6", "mellan 0 och 100"),
    Case("KF percentage over 100", CITY, "kf_arsmal: 70", "kf_arsmal: 170", "mellan 0 och 100"),
    Case("typed complaint total wrong", REPORT, "vb: 46\n", "vb: 46\n        totalt: 54\n", "totalt 54 stämmer inte med summan av perioderna (53)", mark="totalt: 54"),
    # References
    Case("unknown nämndmål", PLAN, "- id: funktionsnedsattning", "- id: funktionsnedsattnig",
         "nämndmålet 'funktionsnedsattnig' finns inte i data/namnder/hagersten-alvsjo/2024.yaml"),
    Case("unknown indicator", PLAN, "indikator: sjukfranvaro\n", "indikator: sjukfranvaron\n",
         "indikatorn 'sjukfranvaron' finns inte i data/stad/2024.yaml", mark="indikator: sjukfranvaron"),
    Case("indicator under the wrong KF goal", PLAN, "indikator: klimatpaverkan-livsmedel", "indikator: sjukfranvaro",
         "hör till KF-mål 3.4, inte 2.1", mark="indikator: sjukfranvaro\n        arsmal: 1.61"),
    Case("unknown KF goal", PLAN, 'kf_mal: "1.5"', 'kf_mal: "1.9"', "KF-målet '1.9' finns inte i data/stad/2024.yaml"),
    Case("nämndmål under another KF goal", PLAN, 'kf_mal: "1.5"', 'kf_mal: "1.3"', "hör till KF-mål 1.5, inte 1.3", mark="- id: kultur-och-foreningsliv"),
    Case("unknown board", UNIT, "namnd: hagersten-alvsjo", "namnd: okand-namnd", "nämnden 'okand-namnd' finns inte"),
    Case("area goal under a missing direction goal", CITY, '  - id: "3.6"', '  - id: "4.6"', "inriktningsmål 4 saknas"),
    Case("board goal under a missing KF goal", BOARD_YEAR, 'kf_mal: "3.6"', 'kf_mal: "3.9"', "KF-målet '3.9' finns inte"),
    Case("report goal not in the plan", REPORT, "- id: god-arbetsmiljo", "- id: god-arbetsmiljon",
         "enhetsmålet 'god-arbetsmiljon' finns inte i verksamhetsplanen för 2024"),
    Case("plan goal not followed up", REPORT, "- id: god-arbetsmiljo", "- id: god-arbetsmiljon",
         "enhetsmål i verksamhetsplanen som inte följs upp: god-arbetsmiljo", mark='  - kf_mal: "1.3"'),
    Case("duplicate unit goal id", PLAN, "- id: energieffektiv-och-resurssmart", "- id: personligt-utformat-stod",
         "enhetsmålet 'personligt-utformat-stod' finns redan i dokumentet", mark="- id: personligt-utformat-stod\n            titel: Enheten är"),
    # Unsafe text
    Case("javascript link", PLAN, "Enheten för personligt stöd är en kommunal", "[Klicka](javascript:alert(1)) Enheten för personligt stöd är en kommunal",
         "länkar får gå till http(s), mailto eller en sida", mark="[Klicka]"),
    Case("data link", REPORT, "Enheten har åtgärdat", "[x](data:text/html;base64,PHNjcmlwdD4=) Enheten har åtgärdat", "länkar får gå till", mark="[x](data"),
    Case("protocol-relative link", BOARD_YEAR, "Målet uppnås genom", "[x](//evil.example/) Målet uppnås genom", "länkar får gå till", mark="[x](//evil"),
    Case("alias", UNIT, "", "x: &a 1\ny: *a", "alias (*namn) används inte", mark="y: *a"),
    # Numbers no page can print (a NaN budget crashed the build, half-written)
    Case("NaN budget", PLAN, "belopp: 59", "belopp: .nan", "[ekonomi[1].budget.belopp] väntade ett ändligt tal"),
    Case("infinite outcome", REPORT, "utfall: 11.6", "utfall: -.inf", "ändligt tal"),
    Case("overflowing number", REPORT, "utfall: 11.6", "utfall: 1.0e+400", "ändligt tal"),
    Case("NaN KF target", CITY, "kf_arsmal: 83", "kf_arsmal: .NaN", "ändligt tal"),
    # Characters no page may hold, raw (PyYAML's reader raised a traceback) or escaped
    Case("raw vertical tab", UNIT, "namn: Enheten för", "namn: Enheten\x0b för", "otillåtet styrtecken U+000B"),
    Case("raw NUL", PLAN, "  telefon:", "  \x00telefon:", "U+0000", mark="\x00telefon"),
    Case("raw noncharacter", REPORT, "Enheten har åtgärdat", "Enheten har\ufffe åtgärdat", "icke-tecken U+FFFE"),
    Case("escaped escape character", UNIT, "namn: Enheten för personligt stöd", 'namn: "Enheten\\x1b[31m"',
         "[namn] otillåtet styrtecken U+001B"),
    Case("escaped C1 control", PLAN, "  telefon:", '  handlingstyp: "X\\u0085"\n  telefon:', "U+0085", mark="handlingstyp"),
    Case("right-to-left override", UNIT, "namn: Enheten för", "namn: Enheten \u202e för", "styr textens riktning U+202E"),
    Case("binary tag", PLAN, "bilagor:\n", "bilagor:\n  - !!binary aGVq\n", "taggen !!binary", mark="!!binary"),
]


def _line_of(text: str, mark: str) -> int:
    """The line where mark starts (a mark may span lines to be unique)."""
    return text.count("\n", 0, text.index(mark)) + 1


@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def problems_after(root: Path, rel: str, change: Callable[[str], str]):
    path = root / rel
    text = change(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(root / "data", display_root=root)
    return text, caught.value.problems


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_reported_with_file_line_and_gist(case: Case, data_copy):
    text, problems = problems_after(data_copy, case.file, lambda t: edit(t, case.old, case.new))
    target_file = case.reported_in or case.file
    if case.line is not None:
        line = case.line
    else:
        mark = case.mark if case.mark is not None else case.new.strip("\n").split("\n")[-1]
        line = _line_of(text, mark)
    matching = [p for p in problems if p.file == target_file and case.gist in f"[{p.path}] {p.message}"]
    assert matching, f"no problem mentions {case.gist!r} in {target_file}; got:\n" + "\n".join(map(str, problems))
    assert any(p.line == line for p in matching), f"expected line {line}; got:\n" + "\n".join(map(str, matching))
    # One line each: file:line:column: [field] message
    for p in problems:
        assert "\n" not in str(p) and str(p).startswith(f"{p.file}:{p.line}:{p.column}:")


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


def test_all_problems_of_a_run_are_reported_together(data_copy):
    def two_mistakes(t: str) -> str:
        return edit(edit(t, "  telefon:", "  telefn:"), "arsmal: 72", "arsmal: true")

    _, problems = problems_after(data_copy, PLAN, two_mistakes)
    messages = " | ".join(p.message for p in problems)
    assert "telefn" in messages and "fann true" in messages


# --- Files that are not data at all -------------------------------------------------------


def _only_problem(root: Path) -> list:
    with pytest.raises(DataError) as caught:
        load(root / "data", display_root=root)
    return caught.value.problems


def test_non_utf8_file_names_the_line(data_copy):
    path = data_copy / UNIT
    path.write_bytes("namn: Enheten\navdelning: Älvsjö\n".encode("latin-1") + b"namnd: hagersten-alvsjo\n")
    problems = _only_problem(data_copy)
    assert any(p.file == UNIT and p.line == 2 and "inte UTF-8" in p.message for p in problems)


def test_empty_file(data_copy):
    (data_copy / UNIT).write_text("# nothing here\n", encoding="utf-8")
    assert any(p.file == UNIT and "filen är tom" in p.message for p in _only_problem(data_copy))


def test_stray_and_misplaced_files(data_copy):
    (data_copy / "data/enheter/enheten-for-personligt-stod/anteckningar.txt").write_text("x", encoding="utf-8")
    (data_copy / "data/enheter/enheten-for-personligt-stod/2024/plan.yaml").write_text("a: 1\n", encoding="utf-8")
    messages = {p.file: p.message for p in _only_problem(data_copy)}
    assert "bara .yaml-filer" in messages["data/enheter/enheten-for-personligt-stod/anteckningar.txt"]
    assert "inte känns igen" in messages["data/enheter/enheten-for-personligt-stod/2024/plan.yaml"]


def test_symlink_out_of_the_data_folder_is_refused_without_quoting_its_target(data_copy):
    secret = data_copy / "token.txt"
    secret.write_text("namn: hemlig-token-123\nnamnd: hagersten-alvsjo\n", encoding="utf-8")  # valid YAML, too
    (data_copy / UNIT).unlink()
    (data_copy / UNIT).symlink_to(secret)
    problems = _only_problem(data_copy)
    assert [p.file for p in problems if "utanför datakatalogen" in p.message] == [UNIT]
    assert not any("hemlig" in str(p) or "token" in str(p) for p in problems)


def test_symlinks_inside_the_data_folder_are_followed(data_copy):
    unit = data_copy / UNIT
    shutil.move(unit, unit.with_name(".enhet.yaml"))  # dot files are not data files themselves
    unit.symlink_to(".enhet.yaml")
    year = data_copy / "data/enheter/enheten-for-personligt-stod/2024"
    shutil.move(year, year.with_name(".2024"))
    year.symlink_to(".2024")
    ds = load(data_copy / "data", display_root=data_copy)
    assert "enheten-for-personligt-stod" in ds.units and ("enheten-for-personligt-stod", 2024) in ds.plans


def test_fifo_and_devices_are_refused_without_waiting(data_copy):
    os.mkfifo(data_copy / "data/enheter/enheten-for-personligt-stod/2023.yaml")
    (data_copy / UNIT).unlink()
    os.mkfifo(data_copy / UNIT)  # a name that would be read
    start = time.perf_counter()
    problems = _only_problem(data_copy)
    assert time.perf_counter() - start < 10
    files = {p.file for p in problems if "inte en vanlig fil" in p.message}
    assert files == {UNIT, "data/enheter/enheten-for-personligt-stod/2023.yaml"}


def test_the_reader_reads_regular_files_only_and_no_further_than_its_limit(tmp_path):
    """Also when a caller did not look first: a FIFO is not waited on, /dev/zero not read into memory."""
    from macros.model.yamlfile import MAX_BYTES, YamlError, read_yaml
    os.mkfifo(tmp_path / "fifo.yaml")
    for path in (tmp_path / "fifo.yaml", Path("/dev/zero")):
        with pytest.raises(YamlError, match="inte en vanlig fil"):
            read_yaml(path, "x.yaml")
    (tmp_path / "big.yaml").write_bytes(b"a: 1\n" + b"#" * MAX_BYTES)
    with pytest.raises(YamlError, match="största tillåtna"):
        read_yaml(tmp_path / "big.yaml", "big.yaml")


def test_unreadable_file_and_folder_are_named_not_skipped(data_copy, monkeypatch):
    """As for a user without the right to read them (the tests run as root, who may read anything)."""
    import macros.model.load as load_module
    import macros.model.yamlfile as yamlfile
    real_open, real_scandir = os.open, os.scandir
    unit_dir = str(data_copy / "data/enheter/stod-och-aktivitetsenheten")

    def no_open(path, *args, **kwargs):
        if str(path).endswith(PLAN):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def no_scandir(path):
        if str(path) == unit_dir:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)
    monkeypatch.setattr(yamlfile.os, "open", no_open)
    monkeypatch.setattr(load_module.os, "scandir", no_scandir)
    problems = {p.file: p.message for p in _only_problem(data_copy)}
    assert "kan inte läsas (behörighet saknas)" in problems[PLAN]
    assert "mappen kan inte läsas" in problems["data/enheter/stod-och-aktivitetsenheten"]


def test_report_without_plan(data_copy):
    (data_copy / PLAN).unlink()
    problems = _only_problem(data_copy)
    assert any(p.file == REPORT and "saknar en verksamhetsplan för 2024" in p.message for p in problems)


def test_missing_year_of_kf_goals(data_copy):
    (data_copy / CITY).unlink()
    problems = _only_problem(data_copy)
    assert any(p.file == PLAN and "saknar KF:s mål i data/stad/2024.yaml" in p.message for p in problems)


def test_alias_bomb_is_refused_quickly(data_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (data_copy / UNIT).write_text(bomb, encoding="utf-8")
    start = time.perf_counter()
    problems = _only_problem(data_copy)
    assert time.perf_counter() - start < 5
    assert any(p.file == UNIT and "alias" in p.message for p in problems)


def test_deep_nesting_is_refused(data_copy):
    (data_copy / UNIT).write_text("namn: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert any(p.file == UNIT and "för djupt nästlad" in p.message for p in _only_problem(data_copy))


def test_character_is_named_with_its_line_and_column(data_copy):
    (data_copy / UNIT).write_text("namn: Enheten\navdelning: Äld\x0bre\nnamnd: hagersten-alvsjo\n", encoding="utf-8")
    assert [str(p) for p in _only_problem(data_copy)] == [
        f"{UNIT}:2:15: otillåtet styrtecken U+000B; ta bort det (det kommer ofta med när text klistras in)"]


def test_sections_nested_deeper_than_the_readme_allows_are_refused(data_copy):
    """The README's limit (40 levels) holds for valid data too, not only for what the slow reader sees."""
    def nested(depth: int) -> str:
        text = ""
        for level in range(depth):
            text += "  " * (2 * level + 1) + f"- rubrik: Nivå {level}\n" + "  " * (2 * level + 2) + "avsnitt:\n"
        return text + "  " * (2 * depth + 1) + "- rubrik: Botten\n"
    path = data_copy / PLAN
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("ovrigt:\n", "ovrigt:\n" + nested(10)), encoding="utf-8")
    load(data_copy / "data", display_root=data_copy)  # ten levels: fine
    path.write_text(original.replace("ovrigt:\n", "ovrigt:\n" + nested(25)), encoding="utf-8")  # 2 per level: 51 deep
    assert any(p.file == PLAN and "för djupt nästlad (mer än 40 nivåer)" in p.message for p in _only_problem(data_copy))


def test_oversized_file_is_refused_without_parsing(data_copy):
    (data_copy / UNIT).write_text("namn: x\n" + "# fyllnad\n" * 300_000, encoding="utf-8")
    start = time.perf_counter()
    problems = _only_problem(data_copy)
    assert time.perf_counter() - start < 5
    assert any(p.file == UNIT and "största tillåtna" in p.message for p in problems)


# --- The commands -------------------------------------------------------------------------------


def run(args: list[str], cwd: Path, data: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_validate_command_exit_code_and_one_line_per_problem(data_copy):
    path = data_copy / PLAN
    path.write_text(edit(path.read_text(encoding="utf-8"), "  telefon:", "  telefn:"), encoding="utf-8")
    result = run(["-m", "macros", "validate"], ROOT, data_copy / "data")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any("verksamhetsplan.yaml:" in ln and "telefn" in ln for ln in lines)
    assert lines[-1] == "2 fel hittades."  # the unknown key, and the phone it left missing


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a big city's files are parsed on two cores only where there are two")
def test_every_problem_of_a_big_city_is_reported_whichever_core_read_its_file(tmp_path):
    """A city of hundreds of files is parsed on every core (macros/build/workers.py): each broken file
    is still reported once, with its line, in the same order as when one process reads them all."""
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "3", "--units", "40",
                    "--years", "3", "--seed", "3"], cwd=ROOT, check=True, capture_output=True)
    plans = sorted(data.glob("enheter/*/*/verksamhetsplan.yaml"))
    assert len(list(data.rglob("*.yaml"))) > 200  # enough to be shared among processes
    broken = plans[5:11]  # neighbours in reading order: some parsed by each process
    where = []
    for path in broken:  # a list never closed, on a last line of its own
        lines = path.read_text(encoding="utf-8").splitlines() + ["fel: [inte stängd"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        where.append(f"data/{path.relative_to(data).as_posix()}:{len(lines)}:6:")
    by_one, by_all = (subprocess.run([sys.executable, "-m", "macros", "validate", "-q", str(data)], cwd=ROOT,
                                     env=dict(os.environ, PLANER_WORKERS=workers), capture_output=True, text=True,
                                     timeout=300) for workers in ("1", "2"))
    assert by_all.returncode == 1 and "Traceback" not in by_all.stderr
    reported = [ln for ln in by_all.stderr.splitlines() if "YAML-fel" in ln]
    assert [ln[:len(w)] for ln, w in zip(reported, where)] == where and len(reported) == len(where)
    assert by_all.stderr == by_one.stderr


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    out = tmp_path / "site"
    good = run(["-m", "mkdocs", "build", "-q", "-d", str(out)], ROOT, tmp_path / "data")
    assert good.returncode == 0, good.stderr
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    path = tmp_path / REPORT
    path.write_text(edit(path.read_text(encoding="utf-8"), "    status: helt", "    status: kanske"), encoding="utf-8")
    bad = run(["-m", "mkdocs", "build", "-q", "-d", str(out)], ROOT, tmp_path / "data")
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    assert "verksamhetsberattelse.yaml" in bad.stderr and "status" in bad.stderr
    after = {p: p.read_bytes() for p in out.rglob("*.html")}
    assert after == before
