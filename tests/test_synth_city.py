"""scripts/synth_city.py: a synthetic city that is deterministic, valid, clearly synthetic and never in data/."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.model.load import load

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "synth_city.py"
# Small enough to load in a couple of seconds, big enough for year-over-year changes.
SMALL = ["--boards", "2", "--units", "8", "--years", "3", "--seed", "3", "--first-year", "2022"]
YEARS = [2022, 2023, 2024]


def _synth():
    spec = importlib.util.spec_from_file_location("synth_city", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_city"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


synth = _synth()


def _run(out: Path, hash_seed: str) -> None:
    # Different hash seeds: output must not depend on set or dict-of-str iteration order.
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *SMALL],
                            env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == 1, result.stdout


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "city"
    _run(out, "1")
    return out


@pytest.fixture(scope="module")
def dataset(city):
    return load(city)


def test_same_arguments_give_identical_bytes(city, tmp_path):
    again = tmp_path / "again"
    _run(again, "2")
    first, second = _tree(city), _tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"{len(different)} filer skiljer sig, t.ex. {different[:3]}"


def test_another_seed_gives_another_city(tmp_path):
    a = synth.City(2, 3, 1, 1, 2024)
    b = synth.City(2, 3, 1, 2, 2024)
    assert dict(a.files()) != dict(b.files())


def test_rerun_replaces_the_folder(city, tmp_path):
    out = tmp_path / "c"
    synth.generate(out, boards=1, units=2, years=1, seed=1, first_year=2024)
    (out / "stale.yaml").write_text("x: 1\n", encoding="utf-8")
    synth.generate(out, boards=1, units=2, years=1, seed=1, first_year=2024)
    assert not (out / "stale.yaml").exists()


def test_small_city_validates(dataset):
    ds = dataset
    assert len(ds.boards) == 2 and len(ds.units) == 8
    assert ds.years == YEARS
    assert len(ds.plans) == 8 * 3
    assert len(ds.board_years) == 2 * 3
    for board in ds.boards:
        units = [u for u in ds.units.values() if u.namnd == board]
        assert units and len({u.avdelning for u in units if u.avdelning}) <= 4


def test_dataset_says_synthetic(city, dataset):
    assert dataset.info.syntetisk is True
    assert "scripts/synth_city.py" in dataset.info.beskrivning
    assert "syntetisk: true" in (city / "dataset.yaml").read_text(encoding="utf-8")


def test_names_are_clearly_synthetic(dataset):
    assert all(b.namn.startswith("Syntetiska ") and b.forvaltning.startswith("Syntetiska ")
               for b in dataset.boards.values())
    assert all(u.namn.startswith("Testenheten ") for u in dataset.units.values())


def test_shape_like_the_real_data(dataset):
    ds = dataset
    for year in YEARS:
        city = ds.cities[year]
        assert len(city.inriktningsmal) == 3 and 8 <= len(city.mal_for_verksamhetsomradet) <= 9
        kinds = {i.enhet for i in city.indikatorer}
        assert {"%", None, "kg CO₂ per kg livsmedel"} <= kinds
        assert {i.riktning for i in city.indikatorer} >= {"hogre", "lagre"}
    for (unit, year), plan in ds.plans.items():
        goals = [g for b in plan.mal for n in b.namndmal for g in n.enhetsmal]
        rows = [r for b in plan.mal for r in b.indikatorer]
        assert 3 <= len(goals) <= 8, (unit, year)
        assert 5 <= len(rows) <= 15, (unit, year)
    # Some units have not reported the last year; every earlier year is reported.
    last = YEARS[-1]
    assert 0 < sum((u, last) not in ds.reports for u in ds.units) < len(ds.units)
    assert all((u, y) in ds.reports for u in ds.units for y in YEARS[:-1])
    reports = list(ds.reports.values())
    assert any(r.klagomal for r in reports)
    statuses = {g.status for r in reports for b in r.mal for n in b.namndmal for g in n.enhetsmal}
    assert statuses == {"helt", "delvis", "inte"}


def test_outcomes_carry_over_to_next_year(dataset):
    ds = dataset
    checked = 0
    for (unit, year), report in ds.reports.items():
        before = ds.reports.get((unit, year - 1))
        if not before:
            continue
        last_year = {r.indikator: r.utfall for b in before.mal for r in b.indikatorer}
        for b in report.mal:
            for row in b.indikatorer:
                if row.indikator in last_year:
                    assert row.utfall_foregaende_ar == last_year[row.indikator], (unit, year, row.indikator)
                    checked += 1
    assert checked > 20


def test_unit_goals_mostly_persist_with_some_change(dataset):
    ds = dataset

    def goals(unit, year):
        plan = ds.plans[(unit, year)]
        return {g.id: g for b in plan.mal for n in b.namndmal for g in n.enhetsmal}

    kept = changed = new = 0
    for unit in ds.units:
        for year in YEARS[1:]:
            before, now = goals(unit, year - 1), goals(unit, year)
            kept += len(before.keys() & now.keys())
            new += len(now.keys() - before.keys())
            changed += sum(before[g] != now[g] for g in before.keys() & now.keys())
    assert kept > new > 0
    assert 0 < changed < kept


def test_prose_has_inflected_forms_for_search(city):
    text = "\n".join(p.read_text(encoding="utf-8") for p in city.rglob("verksamhetsplan.yaml"))
    for word in ("medarbetarna", "medarbetare", "brukarna", "brukare"):
        assert f" {word} " in text or f" {word}." in text, word


def test_yaml_writer_round_trips():
    tricky = {"a": "yes", "b": "1.3", "c": "- x", "d": "k: v", "e": "# no", "f": "Nivå 1", "g": "ja ", "h": "0850822000",
              "i": "rad ett\n\nrad två\n- punkt\n  fortsättning\n", "j": "utan radslut\nsist", "k": " inledande\n",
              "l": "citat \"så\" och 'så'", "m": "2024-01-01", "n": "null", "o": "~", "p": "@x", "q": "%",
              "r": [{"x": 1, "y": [1.5, "två"]}], "s": True, "t": 0.1}
    assert yaml.safe_load(synth.dump(tricky, "kommentar")) == tricky


def test_every_generated_file_round_trips():
    def without_empty(v):
        if isinstance(v, dict):
            return {k: without_empty(x) for k, x in v.items()
                    if x is not None and not (isinstance(x, (str, list, dict)) and not x)}
        if isinstance(v, list):
            return [without_empty(x) for x in v]
        return v

    for rel, obj, comment in synth.City(2, 4, 2, 9, 2023).documents():
        assert yaml.safe_load(synth.dump(obj, comment)) == without_empty(obj), rel


def test_refuses_to_replace_what_it_did_not_make(tmp_path):
    with pytest.raises(SystemExit):
        synth.generate(ROOT / "data", units=1, boards=1, years=1)
    with pytest.raises(SystemExit):
        synth.generate(ROOT, units=1, boards=1, years=1)
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "viktig.txt").write_text("rör ej", encoding="utf-8")
    with pytest.raises(SystemExit):
        synth.generate(keep, units=1, boards=1, years=1)
    assert (keep / "viktig.txt").read_text(encoding="utf-8") == "rör ej"


def test_nothing_synthetic_under_data():
    data = ROOT / "data"
    assert not (data / "dataset.yaml").exists() or "syntetisk: true" not in (data / "dataset.yaml").read_text(encoding="utf-8")
    assert not list((data / "enheter").glob("testenheten-*"))
    assert not list((data / "namnder").glob("syntetiska-*"))
    # data/schema/ holds the generated JSON Schema, whose field titles include "Syntetisk"; only data files count.
    for path in data.rglob("*.y*ml"):
        if "schema" in path.relative_to(data).parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "Syntetisk" not in text and "Testenheten" not in text, path
