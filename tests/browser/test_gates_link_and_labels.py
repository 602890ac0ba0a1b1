"""In a real browser: "Copy link to this view" on Gates carries every playground value, so the link opened in a
fresh browser shows the same playground; and on a phone the words the lesson is about stay labelled on the token
axes (the countries, where the forget gate drops, the token opened on Data Flow)."""

import pytest
from tick_labels import overlapping, tick_boxes, tick_words

from dashboard.engine_calls.lstm_reading import DEFAULT_SENTENCE, display_tokens
from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.gate_moments import forget_drop
from lstm_engine.memory.memory_task import tokenize
from lstm_engine.memory.shipped import load_shipped, shipped_path

SLIDERS = '[data-testid="stMain"] input[type="range"]'
BARS = '[data-testid="stPlotlyChart"]:has-text("Gates and new states")'


def playground(tab) -> dict:
    """What the playground shows: every drawn slider by its label, the chosen radio buttons, the bars of every
    unit (the units whose sliders are not drawn included) and the cell's caption."""
    sliders = dict(tab.locator(SLIDERS).evaluate_all(
        "ss => ss.map(s => [s.getAttribute('aria-label'), s.getAttribute('aria-valuetext')])"))
    chosen = tab.locator('[data-testid="stMain"] [role="radiogroup"] input:checked').evaluate_all(
        "rs => rs.map(r => r.closest('label').textContent)")
    tab.locator(BARS).locator(".main-svg").first.wait_for()
    bars = tab.locator(BARS).evaluate("c => c.querySelector('.js-plotly-plot').data.map(t => t.y)")
    caption = tab.get_by_text("The cell of unit").text_content()
    return dict(sliders=sliders, chosen=chosen, bars=bars, caption=caption)


def nudge(tab, wait_until_idle, label: str, key: str) -> None:
    """Focus the slider labelled `label` and press `key` once; wait for the run it starts."""
    tab.locator(f'{SLIDERS}[aria-label="{label}"]').focus()
    tab.keyboard.press(key)
    wait_until_idle(tab)


def test_a_copied_link_reopens_the_playground_in_a_fresh_browser(browser, page, app_url, wait_until_idle,
                                                                   copied_link):
    page.goto(f"{app_url}/gates?size=2")
    wait_until_idle(page)
    page.get_by_text("New subject", exact=True).click()
    wait_until_idle(page)
    page.get_by_role("radiogroup", name="Unit to set and show").get_by_text("unit 2").click()
    wait_until_idle(page)
    nudge(page, wait_until_idle, "C2(t-1)", "ArrowLeft")
    page.get_by_role("radiogroup", name="Weights of").get_by_text("Input gate i").click()
    wait_until_idle(page)
    nudge(page, wait_until_idle, "bias b_i", "ArrowRight")
    before = playground(page)
    assert before["sliders"]["C2(t-1)"] != "0.80" and before["sliders"]["bias b_i"] != "-4.00"   # moved off the preset
    link = copied_link(page)
    assert "c_prev=" in link and "b_i=" in link and "W_f" not in link      # only what differs from the preset
    assert page.evaluate("location.search").count("=") == link.count("=")  # the address bar carries it too

    fresh = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        tab = fresh.new_page()
        tab.set_default_timeout(45_000)
        tab.goto(link)
        wait_until_idle(tab)
        tab.wait_for_function("([sliders, n]) => document.querySelectorAll(sliders).length >= n",   # drawn lazily
                              arg=[SLIDERS, len(before["sliders"])])
        assert playground(tab) == before
        assert tab.locator('[data-testid="stAlert"]', has_text="link were adjusted").count() == 0
    finally:
        fresh.close()


@pytest.mark.skipif(not shipped_path("lstm").is_file(),
                    reason="the shipped LSTM is not in lstm_engine/memory/models/ yet")
def test_on_a_phone_the_story_charts_label_the_countries_and_the_forget_drop(phone, app_url, wait_until_idle):
    story = forget_story(load_shipped("lstm"), DEFAULT_SENTENCE)
    words = display_tokens(story.tokens)
    drop = forget_drop(story, story.carrier_units[:2])                      # the page shows two units at first
    phone.goto(f"{app_url}/gates")
    wait_until_idle(phone)
    for title, axis in (("Forget and input gates", "x3tick"), ("Output gate on", "x2tick")):
        chart = phone.locator('[data-testid="stPlotlyChart"]', has_text=title)
        chart.scroll_into_view_if_needed()
        chart.locator(f"g.{axis} text").first.wait_for()
        shown = tick_words(chart, axis)
        assert {words[p] for p in story.country_positions} <= set(shown), shown
        if title.startswith("Forget"):
            assert words[drop.position] in shown
        assert overlapping(tick_boxes(chart, axis)) == []


@pytest.mark.parametrize("token", [2, 14])
def test_on_a_phone_the_heatmap_labels_the_opened_token_and_the_countries(phone, app_url, wait_until_idle, token):
    words = display_tokens(tokenize(DEFAULT_SENTENCE))
    phone.goto(f"{app_url}/data-flow?token={token}")
    wait_until_idle(phone)
    heatmap = phone.locator('[data-testid="stPlotlyChart"]', has_text="every word and unit")
    heatmap.scroll_into_view_if_needed()
    heatmap.locator("g.xtick text").first.wait_for()
    shown = tick_words(heatmap, "xtick")
    assert {words[token - 1], "France", "Spain"} <= set(shown), shown
    drawn = dict(heatmap.locator("g.xtick text").evaluate_all("ts => ts.map(t => [t.textContent, t.innerHTML])"))
    assert "font-weight:bold" in drawn[words[token - 1]] and "font-weight" not in drawn["Spain"]   # the opened one
    assert overlapping(tick_boxes(heatmap, "xtick")) == []
