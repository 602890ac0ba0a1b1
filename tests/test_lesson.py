"""The guided lesson (`?lesson=k`): ten steps in the seed's order across the five pages, each one heading, one chart,
at most one control; Next and Back walk them and their pages; each step has its own link; bad step numbers are
clamped with a notice; the words' numbers are the engine's; each step's control is its page's control."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from lstm_page_support import copied_link
from streamlit.testing.v1 import AppTest

from dashboard.controls.shared import HIDDEN, INPUT
from dashboard.engine_calls.memory_measurements import findings
from dashboard.engine_calls.parameter_counts import counts_at
from dashboard.lesson import steps
from dashboard.lesson.guide import page_file
from dashboard.lesson.steps import GAP, PRESET, QUANTITY, STEPS
from dashboard.text.memory_insight import contrast, long_only_phrase

APP = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"
SEED_ORDER = ["why-lstm", "why-lstm", "gates", "gates", "gates", "data-flow", "data-flow", "rnn-vs-lstm",
              "rnn-vs-lstm", "summary"]


def open_app(query=None, page="app_pages/why_lstm.py", first="app_pages/gates.py"):
    """A session opened at a link: a first run on `first` (AppTest finds a page by file name only before its first
    run), which must draw none of the link's controls (a drawn control keeps its value over the link's)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(first).run()
    at.query_params.clear()
    at.query_params.update(query or {})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def step_number(at) -> int:
    shown = re.search(r"step (\d+) of (\d+)", at.get("progress")[0].proto.text)
    assert int(shown.group(2)) == len(STEPS)
    return int(shown.group(1))


def notices(at) -> str:
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def main_controls(at) -> list:
    return [*at.main.slider, *at.main.radio, *at.main.toggle, *at.main.multiselect, *at.main.text_area]


def test_the_steps_follow_the_seeds_order_over_the_five_pages():
    assert 8 <= len(STEPS) <= 12
    assert [step.page for step in STEPS] == SEED_ORDER
    assert all((APP.parent / page_file(step.page)).is_file() for step in STEPS)


def test_next_walks_every_step_with_one_chart_and_at_most_one_control_and_back_returns():
    at = open_app({"lesson": "1"})
    seen = []
    for number, step in enumerate(STEPS, start=1):
        assert step_number(at) == number and at.title[0].value == step.heading
        assert at.query_params["lesson"] == str(number)
        charts = at.main.get("plotly_chart")
        assert len(charts) == (0 if step.page == "summary" else 1), step.heading
        assert len(main_controls(at)) <= 1, step.heading
        assert at.button(key="lesson-back").disabled == (number == 1)
        seen.append(json.loads(charts[0].proto.spec)["layout"]["title"]["text"] if charts else "")
        if number < len(STEPS):
            at.button(key="lesson-next").click().run()
            assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="lesson-next").disabled
    assert len(set(seen)) == len(seen)                        # ten different charts, no step repeats another
    at.button(key="lesson-back").click().run()
    assert step_number(at) == len(STEPS) - 1


def test_each_step_has_its_own_link():
    at = open_app({"lesson": "4"}, page="app_pages/gates.py")
    assert step_number(at) == 4
    link = copied_link(at)
    assert urlparse(link).path.endswith("/gates") and parse_qs(urlparse(link).query) == {"lesson": ["4"]}


@pytest.mark.parametrize("raw,number,notice", [
    ("99", 10, "`?lesson=99` is above the maximum; using 10."),
    ("abc", 1, "`?lesson=abc` is not a number; using 1."),
    ("0", 1, "`?lesson=0` is below the minimum; using 1."),
    ("4.5", 4, "`?lesson=4.5` is not a whole number; using 4."),
])
def test_a_bad_step_number_is_clamped_with_a_one_line_notice_on_the_steps_page(raw, number, notice):
    at = open_app({"lesson": raw})
    assert step_number(at) == number and at.title[0].value == STEPS[number - 1].heading
    assert notice in notices(at) and len([line for line in notices(at).splitlines() if line.startswith("- ")]) == 1
    assert at.query_params["lesson"] == str(number)


def test_a_step_opened_on_another_pages_address_moves_to_its_own():
    at = open_app({"lesson": "8", "hide": "layers"}, page="app_pages/summary.py")
    assert step_number(at) == 8
    assert urlparse(copied_link(at)).path.endswith("/rnn-vs-lstm")
    assert at.query_params["hide"] == "layers"                      # teacher mode goes along


def test_the_words_carry_the_engines_numbers_and_follow_the_control():
    at = open_app({"lesson": "1", "gap": "250"})
    said = " ".join(m.value for m in at.main.markdown)
    rnn, lstm = findings().accuracy("rnn", 250), findings().accuracy("lstm", 250)
    assert f"RNN names the right language in **{rnn.accuracy:.0%}**, the LSTM in **{lstm.accuracy:.0%}**" in said
    assert f"On {lstm.samples:,} new sentences with 250 words in between" in said
    at = open_app({"lesson": "8", "hidden": "40"}, page="app_pages/rnn_vs_lstm.py")
    counts = counts_at(INPUT.default, 40, 1, False, "pytorch")
    said = " ".join(m.value for m in at.main.markdown)
    assert f"RNN **{counts['rnn'].total:,}** parameters, LSTM **{counts['lstm'].total:,}**" in said
    at.slider(key="hidden").set_value(41).run()
    said = " ".join(m.value for m in at.main.markdown)
    assert f"LSTM **{counts_at(INPUT.default, 41, 1, False, 'pytorch')['lstm'].total:,}**" in said


def test_teacher_mode_applies_to_a_steps_control():
    at = open_app({"lesson": "1", "hide": "gap", "gap": "40"})
    assert not main_controls(at)
    assert "with 40 words in between" in " ".join(m.value for m in at.main.markdown)


@pytest.mark.parametrize("spec,page,kind", [
    (GAP, "app_pages/why_lstm.py", "slider"),
    (PRESET, "app_pages/gates.py", "radio"),
    (QUANTITY, "app_pages/data_flow.py", "radio"),
    (HIDDEN, "app_pages/rnn_vs_lstm.py", "slider"),
])
def test_a_steps_control_is_its_pages_control(spec, page, kind):
    """Same URL name, label, range or options and default: a value set in the lesson means the same on the page."""
    widget = getattr(open_app(page=page), kind)(key=spec.param)
    assert widget.label == spec.label
    if kind == "slider":
        assert (widget.min, widget.max, widget.value) == (spec.min_value, spec.max_value, spec.default)
    else:
        assert (tuple(widget.options), widget.value) == (spec.labels, spec.default)


def test_the_sidebar_starts_the_lesson_and_the_lesson_leaves_for_the_whole_page():
    at = open_app(page="app_pages/summary.py")
    at.button(key="lesson-start").click().run()
    assert step_number(at) == 1 and urlparse(copied_link(at)).path.endswith("/why-lstm")
    at = open_app({"lesson": "3", "lock": "preset"}, page="app_pages/gates.py")
    at.button(key="lesson-leave").click().run()
    assert at.title[0].value == "Gates" and not at.get("progress")
    assert "lesson" not in at.query_params and at.query_params["lock"] == "preset"
    assert at.radio(key="weights")                                    # the whole page: its other controls
    at = open_app({"lesson": "1", "gap": "40"})
    at.button(key="lesson-whole-page").click().run()
    assert at.title[0].value.startswith("Why LSTM?") and at.slider(key="gap").value == 40


def test_the_cell_step_shows_the_engines_step_for_the_chosen_preset():
    at = open_app({"lesson": "3", "preset": "forget"}, page="app_pages/gates.py", first="app_pages/summary.py")
    step = steps.playground_step(steps.preset_weights("forget"), **steps.CELL_INPUTS)
    said = " ".join(m.value for m in at.main.markdown)
    assert f"forget f = {step.f[0]:.2f}" in said and f"**{step.c[0]:.2f}**" in said


def test_the_gradient_and_summary_steps_quote_the_shipped_measurements():
    at = open_app({"lesson": "9"}, page="app_pages/rnn_vs_lstm.py")
    rnn, lstm = (findings().reach_at_country(kind) for kind in ("rnn", "lstm"))
    said = " ".join(m.value for m in at.main.markdown)
    assert f"{lstm.words_back} words back is **{rnn.typical_h:.1e}** in the RNN and **{lstm.typical_h:.1e}**" in said
    at = open_app({"lesson": "10"}, page="app_pages/summary.py")
    counts = counts_at(INPUT.default, HIDDEN.default, 1, False, "pytorch")
    said = " ".join(m.value for m in at.main.markdown)
    assert (f"{long_only_phrase(findings(), contrast(findings()) or 200)}, for "
            f"{counts['lstm'].ratio_to(counts['rnn']):.1f}× the parameters") in said
