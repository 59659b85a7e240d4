"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, nor with search results shown."""

from __future__ import annotations

import pytest
from browser_util import search
from test_links import PAGE_KINDS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # axe-core's JS ships inside the package: nothing is fetched


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl'].split('?')[0]}")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            for msg in node.get("failureSummary", "").splitlines():
                lines.append(f"       {msg.strip()}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def scan(axe, page) -> list[dict]:
    return axe.run(page, options=AXE_OPTIONS).response["violations"]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_wcag_violations(axe, page, base_url, kind):
    page.goto(base_url + PAGE_KINDS[kind])
    violations = scan(axe, page)
    if violations:
        pytest.fail(f"{kind} ({PAGE_KINDS[kind]}):\n" + report(violations), pytrace=False)


def test_no_wcag_violations_with_search_results_shown(axe, page, base_url):
    page.goto(base_url)
    search(page, "medarbetarna")
    violations = scan(axe, page)
    if violations:
        pytest.fail("search results shown:\n" + report(violations), pytrace=False)
