"""The projector theme in a real browser: a projector link turns the page dark (loading it once more when the address
lacks Streamlit's dark option), the copied link opens dark at once, the sidebar switches at run time, the charts
stay exactly as in the standard theme (white paper, the same colour for every text), and axe-core finds nothing
serious at desktop or phone width."""

from urllib.parse import parse_qs, urlparse

import pytest

PAGES = ["why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary"]
BLACK, WHITE = "rgb(0, 0, 0)", "rgb(255, 255, 255)"
APP_BACKGROUND = """getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor"""
# Every chart: its paper colour, then the colour of each of its texts, in order.
CHART_COLOURS = """[...document.querySelectorAll('.js-plotly-plot')].map(chart => [
    getComputedStyle(chart.querySelector('svg.main-svg')).backgroundColor,
    ...[...chart.querySelectorAll('svg.main-svg text')].filter(t => t.textContent.trim())
        .map(t => t.textContent.trim().slice(0, 12) + ' ' + getComputedStyle(t).fill)])"""


def query(tab) -> dict:
    return parse_qs(urlparse(tab.url).query)


def open_drawn(tab, url, wait_until_idle, wait_for_charts):
    tab.goto(url)
    wait_until_idle(tab)
    wait_for_charts(tab, 0 if urlparse(url).path.endswith("/summary") else 1)


def test_a_projector_link_opens_dark_and_its_copy_opens_dark_at_once(browser, app_url, wait_until_idle, copied_link):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{app_url}/why-lstm?theme=projector&gap=40")
    tab.wait_for_function("window.location.search.includes('embed_options=dark_theme')")
    wait_until_idle(tab)
    assert tab.evaluate(APP_BACKGROUND) == BLACK
    shared = copied_link(tab)
    assert parse_qs(urlparse(shared).query) == {"gap": ["40"], "theme": ["Projector"], "embed_options": ["dark_theme"]}
    fresh = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    loads = []
    fresh.on("framenavigated", lambda frame: frame == fresh.main_frame and loads.append(frame.url))
    fresh.goto(shared)
    wait_until_idle(fresh)
    assert fresh.evaluate(APP_BACKGROUND) == BLACK and len(loads) == 1         # dark from the first load
    fresh.get_by_text("Read the 40 words in between").wait_for()                # the link's gap, too
    fresh.context.close()
    context.close()


def test_the_sidebar_switches_the_theme_and_back(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/gates?size=2")
    wait_until_idle(page)
    assert page.evaluate(APP_BACKGROUND) == WHITE
    page.locator('[data-testid="stSidebar"]').get_by_text("Projector", exact=True).click()
    page.wait_for_function("window.location.search.includes('embed_options=dark_theme')")
    wait_until_idle(page)
    assert page.evaluate(APP_BACKGROUND) == BLACK and query(page)["size"] == ["2"]
    page.locator('[data-testid="stSidebar"]').get_by_text("Standard", exact=True).click()
    page.wait_for_function("!window.location.search.includes('dark_theme')")
    wait_until_idle(page)
    assert page.evaluate(APP_BACKGROUND) == WHITE and query(page)["size"] == ["2"]


@pytest.mark.parametrize("path", ["why-lstm", "gates", "rnn-vs-lstm"])
def test_charts_are_drawn_in_the_projector_theme_as_in_the_standard_one(page, app_url, wait_until_idle, wait_for_charts,
                                                                       path):
    open_drawn(page, f"{app_url}/{path}", wait_until_idle, wait_for_charts)
    standard = page.evaluate(CHART_COLOURS)
    open_drawn(page, f"{app_url}/{path}?theme=projector&embed_options=dark_theme", wait_until_idle, wait_for_charts)
    assert page.evaluate(APP_BACKGROUND) == BLACK
    projector = page.evaluate(CHART_COLOURS)
    assert len(standard) >= 2 and all(chart[0] == WHITE for chart in standard)
    assert projector == standard


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])          # 1280 px and 390 px wide
def test_axe_finds_nothing_serious_in_the_projector_theme(request, app_url, wait_until_idle, wait_for_charts,
                                                          tab_fixture):
    from axe_playwright_python.sync_playwright import Axe
    tab = request.getfixturevalue(tab_fixture)
    found = {}
    for path in PAGES:
        open_drawn(tab, f"{app_url}/{path}?theme=projector&embed_options=dark_theme", wait_until_idle, wait_for_charts)
        assert tab.evaluate(APP_BACKGROUND) == BLACK
        violations = Axe().run(tab).response["violations"]
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = serious
    assert not found, found
