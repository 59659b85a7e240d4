"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, nor with search results shown."""

from __future__ import annotations

import pytest
from browser_util import SEARCH_STATE, axe_report
from test_links import PAGE_KINDS


@pytest.mark.parametrize("kind", [*PAGE_KINDS, SEARCH_STATE])
def test_no_wcag_violations(tour, kind):
    visit = tour.visits[kind]
    if visit.violations:
        pytest.fail(f"{kind} ({visit.url}):\n" + axe_report(visit.violations), pytrace=False)
