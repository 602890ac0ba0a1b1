"""Why LSTM in a real browser: it opens at `/` and `/why-lstm` with the typical runs' numbers above the fold, the
gap slider updates them and the link, `run=` switches the featured run, hostile links get a notice and no script,
and the new charts stay on a phone screen."""

from urllib.parse import parse_qs, urlparse

import pytest

from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS, shipped_metadata, shipped_path

pytestmark = pytest.mark.skipif(not all(shipped_path(kind, run).is_file() for kind in SHIPPED_KINDS for run in RUNS),
                                reason="the shipped models are not in lstm_engine/memory/models/ yet")


def charts(tab):
    return tab.locator('[data-testid="stPlotlyChart"]')


def wait_for_charts(tab, count):
    for index in range(count):
        charts(tab).nth(index).locator(".main-svg").first.wait_for()


def shown_line(tab):
    return tab.get_by_role("heading", name="Right answers:")


def shown_metric(tab, label):
    text = shown_line(tab).inner_text().removeprefix("Right answers: ")
    return dict(part.rsplit(" ", 1) for part in text.split(" · "))[label]


def table_value(kind, run, gap):
    data = shipped_metadata(kind)["featured"][run]["every_gap"]
    return f"{data['correct'][gap] / data['samples']:.0%}"


@pytest.mark.parametrize("path", ["", "why-lstm"])
def test_opens_at_both_addresses_with_the_typical_runs_above_the_fold(page, app_url, path, wait_until_idle):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("heading", name="Why LSTM? The problem with RNNs").count() == 1
    wait_for_charts(page, 3)
    for kind, label in (("rnn", "RNN"), ("lstm", "LSTM")):
        assert shown_metric(page, label) == table_value(kind, "typical", 100)
    box = shown_line(page).bounding_box()
    assert box["y"] + box["height"] <= 800                                # above the fold on a laptop
    assert charts(page).nth(0).locator("g.point").count() == 3 * 8         # 3 models × 8 languages
    retention = charts(page).filter(has_text="Memory Retention Comparison")
    assert retention.get_by_text("guessing (12.5%)").count() == 1
    assert charts(page).filter(has_text="How fast each model learns").count() == 1


def test_the_gap_slider_updates_the_numbers_and_the_url(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/why-lstm")
    wait_until_idle(page)
    thumb = page.get_by_role("slider", name="Words in between")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("window.location.search.includes('gap=101')")
    wait_until_idle(page)
    page.get_by_text("Read the 101 words in between").wait_for()
    assert shown_metric(page, "RNN") == table_value("rnn", "typical", 101)
    assert parse_qs(urlparse(page.url).query) == {"gap": ["101"]}


def test_the_copied_link_follows_the_gap_slider_though_only_its_fragment_reruns(page, app_url, wait_until_idle,
                                                                              copied_link):
    page.goto(f"{app_url}/why-lstm")             # nothing in the fragment changes the link in the full run
    wait_until_idle(page)
    assert copied_link(page).endswith("/why-lstm")
    thumb = page.get_by_role("slider", name="Words in between")
    for key, gap, link_end in (("ArrowRight", 101, "/why-lstm?gap=101"),
                               ("ArrowLeft", 100, "/why-lstm")):            # back to the default: a bare address
        thumb.focus()
        thumb.press(key)
        page.get_by_text(f"Read the {gap} words in between").wait_for()
        wait_until_idle(page)
        assert copied_link(page).endswith(link_end), gap


def test_run_best_shows_the_best_runs_and_says_so(page, app_url, wait_until_idle):
    page.goto(f"{app_url}/why-lstm?run=best&gap=300")
    wait_until_idle(page)
    assert page.get_by_text("the best of", exact=False).count() >= 1
    assert shown_metric(page, "RNN") == table_value("rnn", "best", 300)
    page.get_by_text("Worst", exact=True).click()
    page.wait_for_function("window.location.search.includes('run=Worst')")      # Streamlit writes the label
    wait_until_idle(page)
    assert shown_metric(page, "RNN") == table_value("rnn", "worst", 300)


def test_a_hostile_link_shows_a_notice_and_runs_no_script(fresh_page, app_url, wait_until_idle):
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/why-lstm?gap=1e9&run=%3Cscript%3Ealert(1)%3C/script%3E"
              "&text=%3Cimg%20src=x%20onerror=alert(2)%3E")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    notice = page.get_by_text("Some settings in the link were adjusted")
    assert notice.count() == 1
    assert page.get_by_text("is not one of typical, best, worst").count() == 1
    wait_for_charts(page, 3)
    assert shown_metric(page, "LSTM") == table_value("lstm", "typical", 400)
    assert dialogs == []


def test_phone_width_keeps_every_chart_and_the_bar_subtitle_on_screen(phone, app_url, wait_until_idle):
    phone.goto(f"{app_url}/why-lstm?flow=1")
    wait_until_idle(phone)
    wait_for_charts(phone, 4)
    for index in range(charts(phone).count()):
        box = charts(phone).nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    for text in phone.locator('[data-testid="stPlotlyChart"] .gtitle tspan').all():
        box = text.bounding_box()
        if box:
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, text.text_content()
