"""In a real browser: the Gates and Data Flow pages load, the animation plays in the browser, its step slider moves
the highlight, a preset redraws the cell, and a click on the heatmap opens that token."""

import time

import pytest
from tick_labels import overlapping, tick_boxes

ANIMATION = '[data-testid="stPlotlyChart"]:has-text("Stage by stage")'


def stroke_widths(chart) -> list[str]:
    """The drawn width of every path of the cell diagram: the active stage's path is drawn twice as wide."""
    return chart.locator("g.scatterlayer path.js-line").evaluate_all("paths => paths.map(p => p.style.strokeWidth)")


def box_texts(chart) -> list[str]:
    return chart.locator("g.scatterlayer g.trace text").evaluate_all("texts => texts.map(t => t.textContent)")


def click_slider_at(tab, chart, fraction: float) -> None:
    """Click the animation's step slider `fraction` of the way along (Plotly jumps to the nearest step)."""
    rail_element = chart.locator("rect.slider-rail-touch-rect")
    rail_element.scroll_into_view_if_needed()
    rail = rail_element.bounding_box()
    tab.mouse.click(rail["x"] + rail["width"] * fraction, rail["y"] + rail["height"] / 2)


def wait_until(condition, what: str, seconds=15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {seconds} s: {what}")
        time.sleep(0.25)


def forget_box_shows(tab, value: str) -> bool:
    texts = box_texts(tab.locator('[data-testid="stPlotlyChart"]').first)
    return any(text.startswith("f σ") and text.endswith(value) for text in texts)


def wait_for_change(read, before, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = read()
        if now != before:
            return now
        time.sleep(0.25)
    raise AssertionError(f"nothing changed in {seconds} s: {before}")


@pytest.mark.parametrize("path", ["gates", "data-flow"])
def test_both_pages_load_and_draw(page, app_url, wait_until_idle, path):
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.nth(1).wait_for()                                # Streamlit mounts each chart when its code has loaded
    diagram = charts.first
    diagram.locator(".main-svg").first.wait_for()
    assert "cell-state highway" in " ".join(diagram.locator("text").all_text_contents())


def test_play_exists_and_the_step_slider_moves_the_highlight(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/data-flow")
    wait_until_idle(page)
    chart = page.locator(ANIMATION)
    chart.locator(".main-svg").first.wait_for()
    buttons = chart.locator("g.updatemenu-button").evaluate_all("bs => bs.map(b => b.textContent)")
    assert any("Play" in text for text in buttons) and any("Pause" in text for text in buttons)

    at_inputs = stroke_widths(chart)
    click_slider_at(page, chart, 2 / 6)                     # the third stage: the input gate
    at_input_gate = wait_for_change(lambda: stroke_widths(chart), at_inputs)
    assert max(at_input_gate, key=lambda w: float(w.removesuffix("px"))) != "3px"
    assert any(text.startswith("3 · Input gate") for text in box_texts(chart))
    assert page.evaluate("window.location.search") == ""    # no server round trip: nothing written to the URL

    click_slider_at(page, chart, 0.0)
    wait_for_change(lambda: stroke_widths(chart), at_input_gate)
    chart.locator("g.updatemenu-button", has_text="Play").click()
    wait_for_change(lambda: stroke_widths(chart), at_inputs)  # playing moves on to the forget gate


def test_a_preset_redraws_the_playground_cell(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/gates")
    wait_until_idle(page)
    wait_until(lambda: forget_box_shows(page, "0.998"), "the remember preset's open forget gate")
    page.get_by_text("Forget everything").click()
    page.wait_for_function("new URLSearchParams(window.location.search).get('preset') === 'Forget everything'")
    wait_until_idle(page)
    wait_until(lambda: forget_box_shows(page, "0.002"), "the forget preset's shut forget gate")


def test_clicking_the_heatmap_opens_that_token(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/data-flow")
    wait_until_idle(page)
    heatmap = page.locator('[data-testid="stPlotlyChart"]').nth(1)
    heatmap.locator("rect.nsewdrag").first.scroll_into_view_if_needed()
    area = heatmap.locator("rect.nsewdrag").first.bounding_box()
    page.mouse.click(area["x"] + area["width"] * 0.9, area["y"] + area["height"] * 0.5)
    page.wait_for_function("new URLSearchParams(window.location.search).get('token') !== null")
    wait_until_idle(page)
    token = int(page.evaluate("new URLSearchParams(window.location.search).get('token')"))
    assert token > 5
    assert page.get_by_text(f"Token {token} of").count() == 1


def test_on_a_phone_the_token_axes_thin_to_what_fits(phone, app_url, wait_until_idle):
    phone.goto(f"{app_url}/gates")
    wait_until_idle(phone)
    story = phone.locator('[data-testid="stPlotlyChart"]', has_text="Forget and input gates")
    story.scroll_into_view_if_needed()
    story.locator("g.x3tick text").first.wait_for()
    words = len(story.locator("g.x3tick text").all())
    hover = story.evaluate("c => c.querySelector('.js-plotly-plot').data[0].customdata.length")
    assert 5 <= words < hover                               # fewer labels than tokens; hover keeps every token
    assert overlapping(tick_boxes(story, "x3tick")) == []

    phone.goto(f"{app_url}/data-flow")
    wait_until_idle(phone)
    heatmap = phone.locator('[data-testid="stPlotlyChart"]', has_text="every word and unit")
    heatmap.scroll_into_view_if_needed()
    heatmap.locator("g.xtick text").first.wait_for()
    columns = heatmap.evaluate("c => c.querySelector('.js-plotly-plot').data[0].x.length")
    assert 5 <= len(heatmap.locator("g.xtick text").all()) < columns
    assert overlapping(tick_boxes(heatmap, "xtick")) == []


def test_cell_size_4_is_no_wall_of_sliders_on_a_phone(phone, app_url, wait_until_idle):
    phone.goto(f"{app_url}/gates?size=4&xsize=2")
    wait_until_idle(phone)
    main = phone.locator('[data-testid="stMain"]')
    main.get_by_text("The cell of unit 1").wait_for()
    # 13 in the playground (it had 41: every unit's row of one gate) and the trained model's "Units shown"
    sliders = main.locator('input[type="range"]')
    sliders.nth(13).wait_for(state="attached")             # every slider mounted (Streamlit loads them lazily)
    assert sliders.count() == 14
    bars = phone.locator('[data-testid="stPlotlyChart"]', has_text="Gates and new states")
    bars.scroll_into_view_if_needed()
    legend = bars.locator("g.legend")
    legend.locator("g.traces").first.wait_for()
    assert legend.locator("g.traces").count() == 4
    swatches = legend.locator("g.traces g.legendpoints path").evaluate_all(
        "ps => ps.map(p => p.style.fill)")
    assert len({fill for fill in swatches if fill}) == 4                      # four different swatches
    phone.get_by_role("radiogroup", name="Unit to set and show").get_by_text("unit 3").click()
    wait_until_idle(phone)
    main.get_by_text("The cell of unit 3").wait_for()
    main.locator('input[type="range"][aria-label="weight on h3(t-1)"]').wait_for(state="attached")
    assert sliders.count() == 14


def test_the_token_slider_works_from_the_keyboard(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/data-flow")
    wait_until_idle(page)
    title = page.locator(ANIMATION).locator("g.g-gtitle text")
    before = title.text_content()
    for _ in range(40):                                     # Tab through the page until the token slider has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label') || ''").startswith("Token to open up"):
            break
    else:
        raise AssertionError("Tab never reached the token slider")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("new URLSearchParams(window.location.search).get('token') !== null")
    wait_until_idle(page)
    assert page.locator(ANIMATION).locator("g.g-gtitle text").text_content() != before
