"""The build reads the data and templates of the site it builds, wherever the package is installed (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builtsite import ROOT, BuiltPage

UNIT = "enheter/enheten-for-personligt-stod/"
MKDOCS = Path(sys.executable).parent / "mkdocs"  # the console script: sys.path does not start at the checkout


def _checkout(tmp: Path, unit_name: str) -> Path:
    """A second checkout of the site whose data and unit template differ from this one's."""
    copy = tmp / "checkout"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv*", ".git", "site", "synthetic", ".cache",
                                                              "__pycache__", "*.egg-info", "build"))
    unit_file = copy / "data" / UNIT / "enhet.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8").replace(
        "namn: Enheten för personligt stöd", f"namn: {unit_name}"), encoding="utf-8")
    template = copy / "overrides" / "sidor" / "enhet.html"
    template.write_text(template.read_text(encoding="utf-8") + '\n<p>Mallen i den andra utcheckningen</p>\n',
                        encoding="utf-8")
    return copy


def _build(checkout: Path, out: Path, **env) -> BuiltPage:
    run_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    run_env.pop("PLANER_DATA", None)
    result = subprocess.run([str(MKDOCS), "build", "--strict", "-q", "-d", str(out)], cwd=checkout, env=run_env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return BuiltPage(out / UNIT / "index.html")


def test_a_second_checkout_builds_its_own_data_and_templates(tmp_path):
    checkout = _checkout(tmp_path, "Enheten i den andra utcheckningen")
    page = _build(checkout, tmp_path / "site")  # with this checkout's environment and package
    assert "Enheten i den andra utcheckningen" in page.text
    assert "Mallen i den andra utcheckningen" in page.text
    assert "Enheten för personligt stöd" not in page.text


def test_the_data_folder_is_set_in_mkdocs_yml(tmp_path):
    checkout = _checkout(tmp_path, "Enheten i den flyttade datamappen")
    (checkout / "data").rename(checkout / "uppgifter")
    config = checkout / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  data_dir: data\n", "  data_dir: uppgifter\n"),
                      encoding="utf-8")
    page = _build(checkout, tmp_path / "site")
    assert "Enheten i den flyttade datamappen" in page.text
    check = subprocess.run([sys.executable, "-c", "import sys; from macros.__main__ import main; sys.exit(main(['validate']))"],
                           cwd=checkout, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.startswith("OK: 3 enheter"), check.stdout + check.stderr


def test_a_non_editable_install_builds_the_site(tmp_path):
    target = tmp_path / "installed"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                          "--target", str(target), str(ROOT)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' work folder in the checkout
    where = subprocess.run([sys.executable, "-c", "import macros; print(macros.__file__)"], cwd=tmp_path,
                           env=dict(os.environ, PYTHONPATH=str(target)), capture_output=True, text=True)
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr
    checkout = _checkout(tmp_path, "Enheten med installerat paket")
    page = _build(checkout, tmp_path / "site", PYTHONPATH=str(target))
    assert "Enheten med installerat paket" in page.text


def test_the_data_folder_may_come_from_the_environment_in_mkdocs_yml(tmp_path, monkeypatch):
    """`data_dir: !ENV [...]` is read as MkDocs reads it, not silently as the default folder."""
    from macros.build.settings import project

    monkeypatch.delenv("PLANER_DATA", raising=False)
    monkeypatch.delenv("PLANER_TEST_DATA", raising=False)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  data_dir: !ENV [PLANER_TEST_DATA, uppgifter]\n", encoding="utf-8")
    assert project(tmp_path).data == (tmp_path / "uppgifter").resolve()
    monkeypatch.setenv("PLANER_TEST_DATA", "annat")
    assert project(tmp_path).data == (tmp_path / "annat").resolve()
    config.write_text("site_name: x\nextra:\n  data_dir: !relative uppgifter\n", encoding="utf-8")
    with pytest.raises(ValueError, match="!relative"):
        project(tmp_path)
