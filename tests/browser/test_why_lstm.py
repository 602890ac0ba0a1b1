"""Why LSTM in a real browser: it opens at `/` and `/why-lstm`, draws its charts, and the gap slider moves them."""

from urllib.parse import parse_qs, urlparse

import pytest

from lstm_engine.memory.shipped import SHIPPED_KINDS, shipped_path

pytestmark = pytest.mark.skipif(not all(shipped_path(kind).is_file() for kind in SHIPPED_KINDS),
                                reason="the shipped models are not in lstm_engine/memory/models/ yet")


def charts(tab):
    return tab.locator('[data-testid="stPlotlyChart"]')


def retention_chart(tab):
    return charts(tab).filter(has_text="Memory Retention Comparison")


def wait_for_charts(tab, count):
    for index in range(count):
        charts(tab).nth(index).locator(".main-svg").first.wait_for()


@pytest.mark.parametrize("path", ["", "why-lstm"])
def test_opens_at_both_addresses_and_draws_both_charts(page, app_url, path, wait_until_idle):
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("heading", name="Why LSTM? The problem with RNNs").count() == 1
    wait_for_charts(page, 2)
    bars, retention = charts(page).nth(0), retention_chart(page)
    assert bars.locator("g.point").count() == 3 * 8                      # 3 models × 8 languages
    assert retention.get_by_text("your gap: 100 words").count() == 1
    assert retention.get_by_text("chance: 1 in 8 (12.5%)").count() == 1


def test_the_gap_slider_moves_the_marked_point_and_the_url(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/why-lstm")
    wait_until_idle(page)
    thumb = page.get_by_role("slider", name="Words in between")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("window.location.search.includes('gap=101')")
    wait_until_idle(page)
    retention = retention_chart(page)
    retention.get_by_text("your gap: 101 words").wait_for()
    assert retention.get_by_text("your gap: 100 words").count() == 0
    assert page.get_by_text("Read the 101 words in between").count() == 1
    assert parse_qs(urlparse(page.url).query) == {"gap": ["101"]}


def test_a_hostile_link_shows_a_notice_and_runs_no_script(page, app_url, wait_until_idle):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/why-lstm?gap=1e9&country=%3Cscript%3Ealert(1)%3C/script%3E"
              "&text=%3Cimg%20src=x%20onerror=alert(2)%3E")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Some settings in the link were adjusted").count() == 1
    wait_for_charts(page, 3)
    assert retention_chart(page).get_by_text("your gap: 400 words").count() == 1
    assert dialogs == []


def test_phone_width_keeps_every_chart_on_screen(browser, app_url, wait_until_idle):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    tab.goto(f"{app_url}/why-lstm")
    wait_until_idle(tab)
    wait_for_charts(tab, 2)
    for index in range(2):
        box = charts(tab).nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
