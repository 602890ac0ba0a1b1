"""In a real browser: every page path opens, charts are drawn, Hidden size moves the counts, links reopen views."""

from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.serving.streamlit_internals import plotly_modules


def lstm_count(tab) -> str:
    metric = tab.locator('[data-testid="stMetric"]', has_text="LSTM parameters")
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def query(tab) -> dict:
    return parse_qs(urlparse(tab.evaluate("window.location.href")).query)


def test_the_root_path_opens_why_lstm_and_draws_its_charts(page, app_url, wait_until_idle, wait_for_charts):
    """The root address is Why LSTM (every page's own path is drawn in the accessibility tour)."""
    page.goto(app_url)
    wait_until_idle(page)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    wait_for_charts(page, 2)
    page.get_by_role("heading", name="Why LSTM? The problem with RNNs").wait_for()


def test_plotly_is_fetched_once_and_its_preload_takes_no_room(fresh_page, app_url, wait_until_idle):
    """The Plotly preload (dashboard/serving) imports Streamlit's Plotly component early: at the same address
    Streamlit then imports it from (one fetch, one evaluation), together with its own imports, from an element whose
    container is hidden."""
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    page.goto(f"{app_url}/gates")
    wait_until_idle(page)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                            ".filter(name => name.includes('/PlotlyChart.'))")
    assert len(fetched) == 1, fetched
    # Its own imports that index.html does not load are asked for beside it, not once it has arrived and been read.
    chunk, *imports = plotly_modules()
    timing = page.evaluate("""names => Object.fromEntries(performance.getEntriesByType('resource')
        .map(e => [e.name.split('/').pop(), [e.startTime, e.responseEnd]]).filter(([name]) => names.includes(name)))""",
                           [chunk, *imports])
    assert imports and sorted(timing) == sorted([chunk, *imports]), timing
    assert all(timing[name][0] < timing[chunk][1] for name in imports), timing
    preload = page.locator('[data-testid="stElementContainer"]:has(.plotly-preload)')
    assert preload.count() == 1 and preload.bounding_box() is None          # display: none: no box, no gap


@pytest.mark.parametrize("path", ["why-lstm", "gates"])
def test_first_screen_charts_start_from_the_margins_automargin_keeps(page, app_url, path, wait_until_idle):
    """dashboard/charts/theme.py: a chart whose margins automargin has to change is drawn a second time; at
    desktop width every chart of these pages starts from the margins it ends with (within Plotly's 1 px)."""
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    charts = page.evaluate("""[...document.querySelectorAll('.js-plotly-plot')].map(gd => [
        gd.layout.title.text,
        ['l', 'r', 't', 'b'].map(side => [gd.layout.margin[side], gd._fullLayout._size[side]])])""")
    assert len(charts) >= 3
    moved = {title: sides for title, sides in charts if any(abs(start - end) > 1 for start, end in sides)}
    assert not moved, moved


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


def notices(tab) -> str:
    box = tab.locator('[data-testid="stAlert"]', has_text="Some settings in the link were adjusted")
    return box.inner_text() if box.count() else ""


def test_a_copied_link_reopens_the_same_view_in_another_browser(browser, app_url, wait_until_idle, copied_link):
    link = f"{app_url}/rnn-vs-lstm?hidden=20&input=10&layers=2&convention=keras"      # the README's form
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.goto(link)
    wait_until_idle(tab)
    # Keras LSTM, two layers: 4·(10·20 + 20·20 + 20) + 4·(20·20 + 20·20 + 20)
    assert lstm_count(tab) == f"{4 * (10 * 20 + 20 * 20 + 20) + 4 * (20 * 20 + 20 * 20 + 20):,}"
    assert notices(tab) == ""
    shared = copied_link(tab)
    assert shared.endswith("/rnn-vs-lstm?hidden=20&input=10&layers=2&convention=Keras")    # Streamlit's own form
    other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    other.goto(shared)
    wait_until_idle(other)
    assert lstm_count(other) == lstm_count(tab)
    assert query(other) == {"hidden": ["20"], "input": ["10"], "layers": ["2"], "convention": ["Keras"]}
    other.context.close()
    context.close()


def test_the_address_bar_follows_the_controls_and_drops_defaults(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/rnn-vs-lstm")
    wait_until_idle(page)
    assert query(page) == {}
    page.get_by_text("Keras", exact=True).click()
    page.wait_for_function("window.location.search.includes('convention=Keras')")
    wait_until_idle(page)
    page.get_by_text("PyTorch", exact=True).click()                      # back to the default: it leaves the URL
    page.wait_for_function("!window.location.search.includes('convention')")


def test_page_switch_keeps_the_shared_settings(page, app_url, wait_until_idle, copied_link):
    page.goto(f"{app_url}/rnn-vs-lstm?hidden=20&layers=2")
    wait_until_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Summary").click()
    page.wait_for_function("window.location.pathname.endsWith('/summary')")
    wait_until_idle(page)
    assert "layers" not in query(page) and "hidden" not in query(page)   # neither is a setting of Summary
    nav.get_by_text("RNN vs LSTM").click()
    page.wait_for_function("window.location.pathname.endsWith('/rnn-vs-lstm')")
    wait_until_idle(page)
    # Streamlit keeps the values across the switches but not always their address-bar parameters; the copied link
    # is whole
    assert copied_link(page).endswith("/rnn-vs-lstm?hidden=20&layers=2")


def test_a_clamped_value_the_address_bar_drops_is_in_the_copied_link(page, app_url, wait_until_idle, copied_link):
    page.goto(f"{app_url}/rnn-vs-lstm?hidden=1e9&layers=2")
    wait_until_idle(page)
    assert "?hidden=1e9 is above the maximum; using 1024." in notices(page)
    assert lstm_count(page) == f"{4 * (64 * 1024 + 1024 * 1024 + 2 * 1024) + 4 * (2 * 1024 * 1024 + 2 * 1024):,}"
    assert "hidden" not in query(page)               # Streamlit drops the value it could not read ...
    assert copied_link(page).endswith("/rnn-vs-lstm?hidden=1024&layers=2")     # ... the copied link has it


def test_hostile_link_shows_a_notice_not_a_traceback(fresh_page, app_url, wait_until_idle, copied_link):
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/rnn-vs-lstm?hidden=-5&input=abc&models=%3Cscript%3Ealert(1)%3C/script%3E&layers=1e9")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    said = notices(page)
    for line in ("?hidden=-5 is below the minimum; using 1.", "?input=abc is not a number; using 64.",
                 "?layers=1e9 is above the maximum; using 4.", "names no known option"):
        assert line in said
    assert dialogs == []
    # hidden 1, input 64, 4 layers
    assert lstm_count(page) == f"{4 * (64 * 1 + 1 * 1 + 2 * 1) + 3 * 4 * (1 + 1 + 2):,}"
    assert "<script>" not in page.evaluate("window.location.href")
    assert copied_link(page).endswith("/rnn-vs-lstm?hidden=1&layers=4")


def test_root_forwards_the_lessons_hostile_link_to_why_lstm(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/?gap=abc&country=%3Cscript%3E&text=%3Cb%3Ehi%3C/b%3E&hidden=1e9&models=%3Cscript%3E")
    page.wait_for_function("window.location.pathname.endsWith('/why-lstm')")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    said = notices(page)
    for line in ("?gap=abc is not a number", "?country=<script> is not one of", "names no known option",
                 "?hidden=1e9 does nothing on this page"):
        assert line in said
    assert page.locator("b", has_text="hi").count() == 0                         # typed text is never markup


@pytest.mark.parametrize("link,lines", [
    ("hide=layer&lock=hiden", ["?hide=: layer is not a control name; controls here: hidden, input,",
                               "?lock=: hiden is not a control name"]),
    ("hide=nonexistent", ["?hide=: nonexistent is not a control name"]),
    ("lock=*", ["?lock=: * is not a control name"]),
    ("hidden=5&hidden=9", ["?hidden= appears 2 times (5, 9); using the last, 9."]),
])
def test_teacher_link_typos_each_get_a_notice(page, app_url, wait_until_idle, link, lines):
    page.goto(f"{app_url}/rnn-vs-lstm?{link}")
    wait_until_idle(page)
    said = notices(page)
    for line in lines:
        assert line in said
    assert len([line for line in said.splitlines() if line.startswith("?")]) == len(lines)   # one line per problem


def test_phone_width_draws_the_charts(phone, app_url, wait_until_idle):
    phone.goto(f"{app_url}/rnn-vs-lstm")
    wait_until_idle(phone)
    chart = phone.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for()
    assert chart.bounding_box()["width"] <= 390


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])
def test_the_largest_counts_fit_their_cards_uncut(request, app_url, tab_fixture, wait_until_idle):
    """Streamlit cuts a metric value wider than its card with "…" (hidden 1024 showed "1,116,…"): at the largest
    sizes every count is shown whole, and a phone still has two cards a row."""
    tab = request.getfixturevalue(tab_fixture)
    tab.goto(f"{app_url}/rnn-vs-lstm?hidden=1024&input=1024&layers=4&bidirectional=true")
    wait_until_idle(tab)
    tab.locator('[data-testid="stMetricValue"]').nth(3).wait_for()   # a busy machine may draw the cards late
    values = tab.evaluate("""[...document.querySelectorAll('[data-testid="stMetricValue"]')].map(value => {
        const text = value.querySelector('div') || value;
        return [value.innerText, text.scrollWidth, text.clientWidth, value.getBoundingClientRect().top]; })""")
    first = 4 * (1024 * 1024 + 1024 * 1024 + 2 * 1024)          # 4 gates: W_ih, W_hh, two biases (PyTorch)
    later = 4 * (2048 * 1024 + 1024 * 1024 + 2 * 1024)          # layers 2-4 read both directions' h
    assert values[2][0] == f"{2 * (first + 3 * later):,}"       # LSTM, two directions
    assert len(values) == 4 and all(scroll <= client for _, scroll, client, _ in values), values
    assert len({round(top) for *_, top in values}) == (1 if tab_fixture == "page" else 2)      # rows of cards


def test_on_a_phone_the_hidden_size_and_the_counts_it_changes_are_on_screen_together(phone, app_url,
                                                                                      wait_until_idle):
    phone.goto(f"{app_url}/rnn-vs-lstm?hidden=20")
    wait_until_idle(phone)
    slider = phone.get_by_role("slider", name="Hidden size")
    card = phone.locator('[data-testid="stMetric"]', has_text="LSTM parameters")
    phone.evaluate("window.scrollTo(0, 0)")
    card.scroll_into_view_if_needed()
    for element in (slider, card):
        box = element.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844 and box["x"] + box["width"] <= 390
    assert lstm_count(phone) == f"{4 * (64 * 20 + 20 * 20 + 2 * 20):,}"
    slider.focus()
    slider.press("ArrowRight")                                                  # 21: the card follows
    phone.wait_for_function("window.location.search.includes('hidden=21')")
    wait_until_idle(phone)
    assert lstm_count(phone) == f"{4 * (64 * 21 + 21 * 21 + 2 * 21):,}"
    assert slider.bounding_box()["y"] >= 0
