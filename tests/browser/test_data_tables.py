"""The data tables in a real browser (dashboard/text/tables.py): opened on a phone, a wide table scrolls inside its
own box (the page does not), the box takes keyboard focus and shows it, and axe-core finds nothing serious."""

import pytest

BLOCKING = ("serious", "critical")


LABELS = {"data-flow": "C(t) for every token and unit", "gates": "Every word's gates and answer"}


def open_table(tab, app_url, wait_until_idle, path, toggle):
    tab.goto(f"{app_url}/{path}")
    wait_until_idle(tab)
    tab.get_by_text(toggle).click()
    box = tab.locator(f'.data-table[aria-label="{LABELS[path]}"]')
    box.wait_for()
    wait_until_idle(tab)
    return box


@pytest.mark.parametrize("path, toggle, columns", [
    ("data-flow", "Show the data as a table", 66),                       # position, token and 64 units
    ("gates", "Show the data: every word's gates and answer", 9),        # #, word, f, i, C of 2 units, P(answer)
])
def test_a_wide_table_scrolls_in_its_own_box_on_a_phone(phone, app_url, wait_until_idle, path, toggle, columns):
    box = open_table(phone, app_url, wait_until_idle, path, toggle)
    sizes = box.evaluate("b => ({box: b.clientWidth, table: b.scrollWidth, tall: b.scrollHeight > b.clientHeight,"
                         " page: document.documentElement.scrollWidth, view: window.innerWidth,"
                         " columns: b.querySelectorAll('thead th').length})")
    assert sizes["columns"] == columns
    assert sizes["table"] > sizes["box"]                    # wider than the phone: the box scrolls sideways
    assert sizes["tall"]                                    # and down, under a header that stays
    assert sizes["page"] <= sizes["view"]                   # the page itself does not


def test_the_table_box_takes_focus_by_keyboard_and_shows_it(page, app_url, wait_until_idle):
    box = open_table(page, app_url, wait_until_idle, "data-flow", "Show the data as a table")
    page.locator('[data-testid="stCheckbox"]:has-text("Show the data as a table") input').focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if box.evaluate("b => b === document.activeElement"):
            break
    assert box.evaluate("b => b === document.activeElement"), "Tab never reached the table's box"
    assert box.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"


@pytest.mark.parametrize("path, toggle", [("data-flow", "Show the data as a table"),
                                          ("gates", "Show the data: every word's gates and answer")])
def test_axe_finds_nothing_serious_in_an_open_table(page, app_url, wait_until_idle, path, toggle):
    from axe_playwright_python.sync_playwright import Axe

    open_table(page, app_url, wait_until_idle, path, toggle)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
