"""The guided lesson walked with the keyboard alone, from `/?lesson=1` to the last step, at 1280 px and on a phone:
every step at its own page's address, its chart drawn, no text cut, axe-core finding nothing serious or critical;
→ on the last step stays there and ← goes back. A focused slider keeps its arrow keys."""

from urllib.parse import parse_qs, urlparse

import pytest
from cut_text import cut_on_screen

from dashboard.lesson.steps import STEPS

BLOCKING = ("serious", "critical")


def shown_step(tab) -> tuple[str, str, str]:
    """(page path, ?lesson=, heading) of what the tab shows."""
    address = urlparse(tab.url)
    return address.path.strip("/"), parse_qs(address.query).get("lesson", [""])[0], tab.locator("h1").first.inner_text()


def wait_for_step(tab, wait_until_idle, wait_for_charts, number: int) -> None:
    step = STEPS[number - 1]
    tab.get_by_text(f"step {number} of {len(STEPS)}").wait_for()
    tab.locator("h1", has_text=step.heading).wait_for()
    wait_until_idle(tab)
    wait_for_charts(tab, 0 if step.page == "summary" else 1)


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])
def test_the_keyboard_alone_walks_the_lesson_with_nothing_cut_and_axe_clean(request, app_url, wait_until_idle,
                                                                           wait_for_charts, tab_fixture):
    from axe_playwright_python.sync_playwright import Axe
    tab = request.getfixturevalue(tab_fixture)
    tab.goto(f"{app_url}/?lesson=1")
    problems = {}
    for number, step in enumerate(STEPS, start=1):
        wait_for_step(tab, wait_until_idle, wait_for_charts, number)
        assert shown_step(tab) == (step.page, str(number), step.heading)
        cut = cut_on_screen(tab)
        serious = [f"{v['id']} ({len(v['nodes'])})" for v in Axe().run(tab).response["violations"]
                   if v["impact"] in BLOCKING]
        if cut or serious:
            problems[number] = {"cut": cut, "axe": serious}
        tab.keyboard.press("ArrowRight")                       # focus is on the page, not in a control
    tab.wait_for_timeout(1000)
    wait_until_idle(tab)
    assert shown_step(tab)[1] == str(len(STEPS))              # → on the last step has nowhere to go
    tab.keyboard.press("ArrowLeft")
    wait_for_step(tab, wait_until_idle, wait_for_charts, len(STEPS) - 1)
    assert not problems, problems


def test_a_focused_slider_keeps_its_arrow_keys(page, app_url, wait_until_idle, wait_for_charts):
    page.goto(f"{app_url}/why-lstm?lesson=1")
    wait_for_step(page, wait_until_idle, wait_for_charts, 1)
    slider = page.get_by_role("slider", name="Words in between")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function("window.location.search.includes('gap=101')")
    wait_until_idle(page)
    assert shown_step(page)[1] == "1"
    assert "with 101 words in between" in page.locator('[data-testid="stMain"]').inner_text()
