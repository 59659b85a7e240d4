"""The preview (`mkdocs serve`, as scripts/serve runs it) never hangs on bad data: the browser shows
every problem with file, line and column in place of the site, and the site again by itself once
the file is fixed, both at the start page and at a deep address that no longer exists meanwhile."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_util import AXE_OPTIONS, new_context

from builtsite import ROOT

UNIT = "enheten-for-personligt-stod"
PLAN = f"data/enheter/{UNIT}/2024/verksamhetsplan.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    """`mkdocs serve` on a copy of the data, started with an error in it; yields (url, data copy)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for command in (["ny-ar", "--ar", "2025"], ["ny-plan", "--enhet", UNIT, "--ar", "2025"]):  # a draft to look at
        subprocess.run([sys.executable, "-m", "macros", *command, "--data", str(tmp_path / "data")], cwd=ROOT, check=True,
                       capture_output=True)
    plan = tmp_path / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("arsmal: 72", 'arsmal: "72 st"'), encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, PLANER_DATA=str(tmp_path / "data"), PLANER_SCOPE=f"enhet:{UNIT}", NO_MKDOCS_2_WARNING="1")
    for name in ("PLANER_SITE_URL", "PLANER_PUBLICERING", "PLANER_REPO_URL"):
        env.pop(name, None)
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()  # bad data must not stop the server
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        yield url, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_preview_shows_problems_and_then_the_site_again(browser, preview, axe):
    url, root = preview
    plan = root / PLAN
    line = next(i for i, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if 'arsmal: "72 st"' in text)
    context = new_context(browser)
    try:
        start, deep = context.new_page(), context.new_page()
        start.goto(url)
        problems = start.locator(".pl-fellista li")
        assert problems.count() == 1
        assert problems.first.inner_text().startswith(f"{PLAN}:{line}:17 [mal[3].indikatorer[0].arsmal] väntade ett tal")
        assert start.locator("h1").inner_text() == "Datafilerna har 1 fel"
        violations = axe.run(start, options=AXE_OPTIONS).response["violations"]
        assert not violations, [v["id"] for v in violations]
        deep.goto(url + f"enheter/{UNIT}/2024/verksamhetsplan/")  # not built while the data is wrong
        assert deep.locator(".pl-fellista li").count() == 1

        plan.write_text(plan.read_text(encoding="utf-8").replace('arsmal: "72 st"', "arsmal: 72"), encoding="utf-8")
        # Nobody reloads: both pages show the site again by themselves.
        deep.locator("h1", has_text="Verksamhetsplan 2024").wait_for(timeout=60_000)
        start.locator("h1", has_text="Verksamhetsplaner och verksamhetsberättelser").wait_for(timeout=60_000)
        assert start.locator(".pl-fellista").count() == 0

        # The draft, as the preview shows it: marked, with what remains, accessible.
        draft = context.new_page()
        draft.goto(url + f"enheter/{UNIT}/2025/verksamhetsplan/")
        assert draft.locator("h1 .pl-utkast-markering").inner_text() == "Utkast"
        assert "Indikatorn Sjukfrånvaro: årsmål" in draft.locator("section.pl-utkast").inner_text()
        violations = axe.run(draft, options=AXE_OPTIONS).response["violations"]
        assert not violations, [v["id"] for v in violations]

        # A new mistake while the site is shown: the open page turns into the list of problems.
        plan.write_text(plan.read_text(encoding="utf-8").replace("  telefon:", "  telefn:", 1), encoding="utf-8")
        deep.locator(".pl-fellista").wait_for(timeout=60_000)
        listed = deep.locator(".pl-fellista li").all_inner_texts()
        assert any("okänd nyckel 'telefn' (menade du 'telefon'?)" in p and p.startswith(f"{PLAN}:") for p in listed), listed
    finally:
        context.close()
