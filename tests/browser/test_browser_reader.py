"""A reader goes from the start page to a unit, its plan, a goal, the report, and back, by clicking links only."""

from __future__ import annotations

from macros.site import urls

UNIT = "enheten-for-personligt-stod"


def _at(page, base_url, path: str, h1: str):
    page.wait_for_url(lambda u: u.split("#")[0].split("?")[0] == base_url + path)
    heading = page.locator("main h1").first.inner_text()
    assert h1 in heading, (path, heading)


def test_start_unit_plan_goal_report_and_back(page, base_url):
    content = page.locator("#innehall")
    page.goto(base_url)
    _at(page, base_url, "", "Verksamhetsplaner och verksamhetsberättelser")

    content.get_by_role("link", name="Enheten för personligt stöd", exact=True).first.click()
    _at(page, base_url, urls.unit(UNIT), "Enheten för personligt stöd")

    content.get_by_role("link", name="Verksamhetsplan 2024", exact=True).click()
    _at(page, base_url, urls.document(UNIT, 2024, "verksamhetsplan"), "Verksamhetsplan 2024")

    content.locator('h5 a[href$="mal/god-arbetsmiljo/"]').click()
    _at(page, base_url, urls.unit_goal(UNIT, 2024, "god-arbetsmiljo"), "Enhetsmål")

    content.get_by_role("link", name="Målet i verksamhetsberättelsen 2024").click()
    _at(page, base_url, urls.document(UNIT, 2024, "verksamhetsberattelse"), "Verksamhetsberättelse 2024")
    assert page.url.endswith("#" + urls.goal_anchor("god-arbetsmiljo"))
    assert page.locator("#" + urls.goal_anchor("god-arbetsmiljo")).is_visible()

    # and back: to the plan, the unit and the start page
    content.get_by_role("navigation", name="Relaterade dokument").get_by_role("link", name="Verksamhetsplan 2024").click()
    _at(page, base_url, urls.document(UNIT, 2024, "verksamhetsplan"), "Verksamhetsplan 2024")

    content.locator("dl").get_by_role("link", name="Enheten för personligt stöd").click()
    _at(page, base_url, urls.unit(UNIT), "Enheten för personligt stöd")

    page.locator("header a.md-logo").click()
    _at(page, base_url, "", "Verksamhetsplaner och verksamhetsberättelser")
