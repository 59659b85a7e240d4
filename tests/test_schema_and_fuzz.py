"""The JSON Schemas match the model, and no mutation of valid data ends in a traceback."""

from __future__ import annotations

import re
import shutil

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from builtsite import ROOT
from macros.site import render
from macros.model.load import DataError, load
from macros.site.pages import plan_site
from macros.model.schema import KINDS, header_line, schema_text
from macros.build.settings import project

DATA = ROOT / "data"


def test_published_schemas_match_the_model():
    for kind in KINDS:
        path = DATA / "schema" / f"{kind}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(kind), f"run: python -m macros schema ({path.name} is stale)"


def test_every_data_file_names_its_schema_on_the_first_line():
    for path in DATA.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == header_line(DATA, path), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.exists(), target


FILES = sorted(p.relative_to(DATA) for p in DATA.rglob("*.yaml"))
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "</div></table>",
           "<div>\n\nraw block\n\n</div>", "**", "- ", "", "1e400", "ÅÄÖ" * 50]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                   st.booleans(), st.none(), st.lists(st.text(max_size=5), max_size=3), st.text(max_size=30),
                   st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _mutate(data, path, action, new):
    if not path:
        return new if action == "replace" else data
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    last = path[-1]
    if action == "replace":
        parent[last] = new
    elif action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif action == "rename" and isinstance(parent, dict):
        parent[str(last) + "x"] = parent.pop(last)
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file_index=st.integers(0, len(FILES) - 1), pick=st.integers(0, 10**6),
       action=st.sampled_from(["replace", "delete", "duplicate", "rename"]), new=VALUES)
def test_mutated_data_builds_or_fails_cleanly(tmp_path_factory, file_index, pick, action, new):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(DATA, root / "data")
    path = root / "data" / FILES[file_index]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    paths = list(_paths(data))
    data = _mutate(data, paths[pick % len(paths)], action, new)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        ds = load(root / "data")
    except DataError as e:
        assert e.problems and all(p.file and p.line >= 1 for p in e.problems)
        return
    env = render.environment(project(ROOT).templates)
    for page in plan_site(ds).pages:
        html = render.render(env, page)
        # Markup from data must arrive escaped: never a tag of its own (its text, escaped, may show).
        assert "<script>" not in html and not re.search(r"<[a-z][^<>]*\sonerror=", html)
