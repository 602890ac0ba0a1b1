"""In a real browser: every page path opens, charts are drawn, Hidden size moves the counts, links reopen views."""

from urllib.parse import parse_qs, urlparse

import pytest

PATHS = ["", "why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary"]


def lstm_count(tab) -> str:
    metric = tab.locator('[data-testid="stMetric"]', has_text="LSTM parameters")
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def query(tab) -> dict:
    return parse_qs(urlparse(tab.evaluate("window.location.href")).query)


@pytest.mark.parametrize("path", PATHS)
def test_every_page_path_opens_and_draws_its_charts(page, app_url, path, wait_until_idle):
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for index in range(charts.count()):
        charts.nth(index).locator(".main-svg").first.wait_for()
    if path == "rnn-vs-lstm":
        assert charts.count() >= 2
        assert charts.first.locator("g.point").count() >= 12          # 3 models × 4 weight groups


def test_moving_hidden_size_changes_the_counts(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/rnn-vs-lstm")
    wait_until_idle(page)
    before = lstm_count(page)
    thumb = page.get_by_role("slider", name="Hidden size")
    thumb.focus()
    thumb.press("End")                                                          # jump to 1024
    page.wait_for_function("window.location.search.includes('hidden=1024')")
    wait_until_idle(page)
    after = lstm_count(page)
    assert after != before
    assert after == f"{4 * (64 * 1024 + 1024 * 1024 + 2 * 1024):,}"            # torch.nn.LSTM(64, 1024)


def test_a_copied_link_reopens_the_same_view_in_another_browser(browser, app_url, wait_until_idle):
    link = f"{app_url}/rnn-vs-lstm?hidden=20&input=10&layers=2&convention=keras"
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.goto(link)
    wait_until_idle(tab)
    # Keras LSTM, two layers: 4·(10·20 + 20·20 + 20) + 4·(20·20 + 20·20 + 20)
    assert lstm_count(tab) == f"{4 * (10 * 20 + 20 * 20 + 20) + 4 * (20 * 20 + 20 * 20 + 20):,}"
    assert query(tab) == {"hidden": ["20"], "input": ["10"], "layers": ["2"], "convention": ["keras"]}
    tab.get_by_text("Copy link to this view").click()
    shared = tab.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text()
    assert shared.strip().endswith("/rnn-vs-lstm?hidden=20&input=10&layers=2&convention=keras")
    context.close()


def test_page_switch_keeps_the_shared_settings(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/rnn-vs-lstm?hidden=20&layers=2")
    wait_until_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Summary").click()
    page.wait_for_function("window.location.pathname.endsWith('/summary')")
    wait_until_idle(page)
    assert query(page) == {"hidden": ["20"]}                   # layers belongs to the RNN vs LSTM page
    assert "hidden 20" in page.get_by_text("With the sizes in your sidebar").inner_text()


def test_hostile_link_shows_a_notice_not_a_traceback(page, app_url, wait_until_idle):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/rnn-vs-lstm?hidden=-5&input=abc&models=%3Cscript%3Ealert(1)%3C/script%3E&layers=1e9")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Some settings in the link were adjusted").count() == 1
    assert dialogs == []
    assert query(page) == {"hidden": ["1"], "layers": ["4"]}


def test_phone_width_draws_the_charts(browser, app_url, wait_until_idle):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{app_url}/rnn-vs-lstm")
    wait_until_idle(tab)
    chart = tab.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for()
    assert chart.bounding_box()["width"] <= 390
    context.close()
