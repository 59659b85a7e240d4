"""The editor's year: next year's files drafted with one command each, checked and previewed as
drafts, refused for publishing until complete, and problems said in the formats CI shows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builtsite import ROOT

UNIT = "enheten-for-personligt-stod"
BOARD = "hagersten-alvsjo"


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})))


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the bundled data; problems are reported relative to its parent, as data/..."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def unit_goals(doc: dict) -> dict[str, dict]:
    return {g["id"]: g for b in doc.get("mal", []) for n in b.get("namndmal", []) for g in n.get("enhetsmal", [])}


def indicators(doc: dict) -> dict[str, dict]:
    return {i["indikator"]: i for b in doc.get("mal", []) for i in b.get("indikatorer", [])}


def test_next_year_plan_and_report_start_from_last_years(data):
    assert run("ny-ar", "--ar", "2025", "--data", str(data)).returncode == 0
    city, old_city = read(data / "stad/2025.yaml"), read(data / "stad/2024.yaml")
    assert [i["id"] for i in city["indikatorer"]] == [i["id"] for i in old_city["indikatorer"]]
    eco = next(i for i in city["indikatorer"] if i["id"] == "ekologiska-livsmedel")
    assert "kf_arsmal" not in eco and eco["att_fylla"] == ["kf_arsmal"]  # last year's 70 is not carried over
    sick = next(i for i in city["indikatorer"] if i["id"] == "sjukfranvaro")
    assert sick["kf_arsmal"] == "Tas fram av nämnd/styrelse" and sick["att_fylla"] == ["kf_arsmal"]  # kept, to confirm
    board = read(data / f"namnder/{BOARD}/2025.yaml")
    assert [g["id"] for g in board["namndmal"]] == [g["id"] for g in read(data / f"namnder/{BOARD}/2024.yaml")["namndmal"]]

    made = run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data))
    assert made.returncode == 0, made.stderr
    assert f"skrev data/enheter/{UNIT}/2025/verksamhetsplan.yaml" in made.stdout
    old, new = read(data / f"enheter/{UNIT}/2024/verksamhetsplan.yaml"), read(data / f"enheter/{UNIT}/2025/verksamhetsplan.yaml")
    assert unit_goals(new).keys() == unit_goals(old).keys()  # same ids: the goal links across years
    for gid, goal in unit_goals(new).items():
        assert goal["titel"] == unit_goals(old)[gid]["titel"]
        assert goal["arbetssatt"] == unit_goals(old)[gid]["arbetssatt"]  # kept for revision ...
        assert "arbetssatt" in goal["att_fylla"]  # ... and marked to look at again
    for ind in indicators(new).values():
        assert "arsmal" not in ind and ind["att_fylla"] == ["arsmal"]
    assert "datum" not in new["huvud"] and new["huvud"]["att_fylla"] == ["datum"]

    made = run("ny-berattelse", "--enhet", UNIT, "--ar", "2025", "--data", str(data))
    assert made.returncode == 0, made.stderr
    report = read(data / f"enheter/{UNIT}/2025/verksamhetsberattelse.yaml")
    assert unit_goals(report).keys() == unit_goals(new).keys()
    assert all(g["att_fylla"] == ["status", "analys"] and "status" not in g for g in unit_goals(report).values())
    rows = indicators(report)
    assert rows.keys() == indicators(new).keys()
    assert all("utfall" in r["att_fylla"] for r in rows.values())
    # Last year's outcome comes from last year's report: sjukfrånvaro was 11.6 in 2024.
    assert rows["sjukfranvaro"]["utfall_foregaende_ar"] == 11.6
    assert rows["sjukfranvaro"]["period"] == "VB 2025"
    # Where only an id is kept, a comment says what it stands for.
    text = (data / f"enheter/{UNIT}/2025/verksamhetsberattelse.yaml").read_text(encoding="utf-8")
    assert "- id: god-arbetsmiljo  # Enhetens medarbetare erbjuds en god arbetsmiljö\n" in text
    assert "- indikator: sjukfranvaro  # Sjukfrånvaro\n" in text


def test_drafting_never_overwrites(data):
    assert run("ny-ar", "--ar", "2025", "--data", str(data)).returncode == 0
    assert run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data)).returncode == 0
    plan = data / f"enheter/{UNIT}/2025/verksamhetsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("att_fylla: [datum]", "datum: 2025-02-01"), encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    again = run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data))
    assert again.returncode == 1 and "finns redan" in again.stderr
    assert plan.read_text(encoding="utf-8") == before
    existing = run("ny-berattelse", "--enhet", UNIT, "--ar", "2024", "--data", str(data))
    assert existing.returncode == 1 and "finns redan" in existing.stderr
    city = run("ny-ar", "--ar", "2025", "--data", str(data))
    assert city.returncode == 1 and "data/stad/2025.yaml finns redan" in city.stderr


def test_plan_needs_the_years_shared_files_first(data):
    result = run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data))
    assert result.returncode == 1
    assert "python -m macros ny-ar --ar 2025" in result.stderr and "Traceback" not in result.stderr
    assert not (data / f"enheter/{UNIT}/2025").exists()


def test_goal_whose_board_goal_is_gone_is_listed_to_move(data):
    assert run("ny-ar", "--ar", "2025", "--data", str(data)).returncode == 0
    board_file = data / f"namnder/{BOARD}/2025.yaml"
    board = read(board_file)
    board["namndmal"] = [g for g in board["namndmal"] if g["id"] != "attraktiv-arbetsgivare"]
    board_file.write_text(yaml.safe_dump(board, allow_unicode=True, sort_keys=False), encoding="utf-8")
    made = run("ny-plan", "--namnd", BOARD, "--ar", "2025", "--data", str(data))
    assert made.returncode == 0, made.stderr
    plan = read(data / f"enheter/{UNIT}/2025/verksamhetsplan.yaml")
    assert [m["namndmal"] for m in plan["att_flytta"]] == ["attraktiv-arbetsgivare"]
    assert [g["id"] for g in plan["att_flytta"][0]["enhetsmal"]] == ["god-arbetsmiljo"]
    assert "god-arbetsmiljo" not in unit_goals(plan)
    warnings = run("validate", str(data)).stderr
    assert re.search(rf"data/enheter/{UNIT}/2025/verksamhetsplan.yaml:\d+:\d+: \[att_flytta\[0\]\] utkast: enhetsmålet "
                     r"'Enhetens medarbetare erbjuds en god arbetsmiljö' \(under nämndmålet 'attraktiv-arbetsgivare'", warnings)


def _line_of(path: Path, needle: str, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    return next(i for i in range(first, len(lines)) if needle in lines[i]) + 1


def test_validate_warns_and_publishing_refuses_by_line(data, tmp_path):
    assert run("ny-ar", "--ar", "2025", "--data", str(data)).returncode == 0
    assert run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data)).returncode == 0
    plan = data / f"enheter/{UNIT}/2025/verksamhetsplan.yaml"
    sick_line = _line_of(plan, "att_fylla: [arsmal]", "indikator: sjukfranvaro")

    preview = run("validate", str(data))
    assert preview.returncode == 0, preview.stderr
    expected = f"data/enheter/{UNIT}/2025/verksamhetsplan.yaml:{sick_line}:"
    assert any(line.startswith(f"Varning: {expected}") and "årsmål för indikatorn Sjukfrånvaro" in line
               for line in preview.stderr.splitlines()), preview.stderr
    assert "filer är utkast" in preview.stdout

    publish = run("validate", "--publicering", str(data))
    assert publish.returncode == 1
    assert any(line.startswith(expected) for line in publish.stderr.splitlines())

    github = run("validate", "--publicering", "--format", "github", str(data))
    assert github.returncode == 1
    assert re.search(rf"^::error file=data/enheter/{UNIT}/2025/verksamhetsplan.yaml,line={sick_line},col=\d+,title=.*::utkast: "
                     r"att fylla i årsmål för indikatorn Sjukfrånvaro$", github.stdout, re.M), github.stdout
    summary = tmp_path / "summary.md"
    annotated = run("validate", "--format", "github", str(data), env={"GITHUB_STEP_SUMMARY": str(summary)}).stdout
    warnings = [line for line in annotated.splitlines() if line.startswith("::warning ")]
    assert warnings
    # GitHub shows only 10 warning annotations on the diff: the job's summary lists every one.
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| Utkast |")]
    assert len(rows) == len(warnings)
    assert any(f"`data/enheter/{UNIT}/2025/verksamhetsplan.yaml:{sick_line}:" in row for row in rows)

    report = json.loads(run("validate", "--publicering", "--format", "gitlab", str(data)).stdout)
    ours = [f for f in report if f["location"]["path"] == f"data/enheter/{UNIT}/2025/verksamhetsplan.yaml"
            and f["location"]["lines"]["begin"] == sick_line]
    assert ours and ours[0]["severity"] == "major" and "Sjukfrånvaro" in ours[0]["description"]
    assert len({f["fingerprint"] for f in report}) == len(report)

    # Filling everything in (and deleting the marks) makes the data publishable again.
    for path in [data / "stad/2025.yaml", data / f"namnder/{BOARD}/2025.yaml", plan]:
        text = re.sub(r"\n *att_fylla: \[[^\]]*\]", "", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    done = run("validate", "--publicering", str(data))
    assert done.returncode == 0, done.stderr
    assert "Varning" not in done.stderr


def test_errors_in_ci_formats_point_at_the_line(data):
    plan = data / f"enheter/{UNIT}/2024/verksamhetsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("arsmal: 72", 'arsmal: "72 st"'), encoding="utf-8")
    line = _line_of(plan, 'arsmal: "72 st"', "arsmal")
    github = run("validate", "--format", "github", str(data))
    assert github.returncode == 1
    assert re.fullmatch(rf"::error file=data/enheter/{UNIT}/2024/verksamhetsplan.yaml,line={line},col=17,"
                        r"title=\[mal\[\d\].indikatorer\[\d\].arsmal\]::väntade ett tal .*; fann '72 st'\n", github.stdout), github.stdout
    gitlab = json.loads(run("validate", "--format", "gitlab", str(data)).stdout)
    assert [(f["location"]["path"], f["location"]["lines"]["begin"]) for f in gitlab] == [(f"data/enheter/{UNIT}/2024/verksamhetsplan.yaml", line)]
    assert json.loads(run("validate", "--format", "gitlab", str(ROOT / "data")).stdout) == []


def test_draft_page_says_utkast_and_publishing_build_refuses(data, tmp_path):
    assert run("ny-ar", "--ar", "2025", "--data", str(data)).returncode == 0
    assert run("ny-plan", "--enhet", UNIT, "--ar", "2025", "--data", str(data)).returncode == 0
    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1", PLANER_SCOPE=f"enhet:{UNIT}")
    site = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    page = (site / f"enheter/{UNIT}/2025/verksamhetsplan/index.html").read_text(encoding="utf-8")
    assert f"<title>Verksamhetsplan 2025 – Enheten för personligt stöd (utkast) - " in page
    box = page[page.index('<section class="pl-utkast"'):]
    box = box[: box.index("</section>")]
    assert "Utkast: detta återstår" in box and "Indikatorn Sjukfrånvaro: årsmål" in box and "Dokumentets huvud: datum" in box
    finished = (site / f"enheter/{UNIT}/2024/verksamhetsplan/index.html").read_text(encoding="utf-8")
    assert "pl-utkast" not in finished
    unit_page = (site / f"enheter/{UNIT}/index.html").read_text(encoding="utf-8")
    assert re.search(r'>Verksamhetsplan 2025</a> \(utkast\)</li>', unit_page)
    assert re.search(r'>Verksamhetsplan 2024</a></li>', unit_page)
    assert "Verksamhetsplan 2025 (utkast)" in page  # in the menu

    out = tmp_path / "published"
    refused = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT,
                             env=dict(env, PLANER_PUBLICERING="1"), capture_output=True, text=True)
    assert refused.returncode != 0
    assert re.search(rf"data/enheter/{UNIT}/2025/verksamhetsplan.yaml:\d+:\d+: \[huvud.att_fylla\] utkast", refused.stderr)
    assert "inget publicerades" in refused.stdout + refused.stderr
    assert not out.exists()


def test_publishing_build_needs_a_published_address(tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_SCOPE=f"enhet:{UNIT}", PLANER_PUBLICERING="1")
    for name in ("PLANER_DATA", "PLANER_SITE_URL"):
        env.pop(name, None)
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d"]
    refused = subprocess.run(build + [str(tmp_path / "a")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "sätt den publicerade adressen i PLANER_SITE_URL" in refused.stderr
    assert not (tmp_path / "a").exists()
    env["PLANER_SITE_URL"] = "https://intranat.example.se/planer/"
    # Open data without a contact e-mail: the catalogue would lack a property DCAT-AP-SE requires.
    env.pop("PLANER_KONTAKT_EPOST", None)
    refused = subprocess.run(build + [str(tmp_path / "c")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "kontakt_epost saknas" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "c").exists()
    published = subprocess.run(build + [str(tmp_path / "b")], cwd=ROOT, capture_output=True, text=True,
                               env=dict(env, PLANER_KONTAKT_EPOST="oppnadata@example.se"))
    assert published.returncode == 0, published.stderr
    assert "https://intranat.example.se/planer/om/" in (tmp_path / "b/sitemap.xml").read_text(encoding="utf-8")
    assert "mailto:oppnadata@example.se" in (tmp_path / "b/datasets/dcat.rdf").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, publishing", [("sant", True), ("J", True), ("nej", False), ("kanske", None)])
def test_publishing_setting_is_read_in_swedish_and_english_and_never_guessed(tmp_path, value, publishing):
    """"sant", "j" and "y" read as false before: drafts published silently. A word not understood stops the build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_SCOPE=f"enhet:{UNIT}", PLANER_PUBLICERING=value)
    for name in ("PLANER_DATA", "PLANER_SITE_URL"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if publishing is None:
        said = done.stdout + done.stderr  # MkDocs prints an Abort on stdout
        assert done.returncode != 0 and f"PLANER_PUBLICERING='{value}' förstås inte" in said and "Traceback" not in said
    else:  # a publishing build refuses the local address; another builds
        assert (done.returncode != 0 and "PLANER_SITE_URL" in done.stderr) == publishing, done.stderr[-500:]
