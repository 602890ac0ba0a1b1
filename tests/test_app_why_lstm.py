"""Why LSTM page: every number on its charts is what the engine says for the shipped models, the controls move
them, and hostile links or text end in a clamped value or a plain message, never a traceback."""

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text.memory_insight import key_insight
from lstm_page_support import link_query
from lstm_engine.memory.gradient_flow import gradient_flow
from lstm_engine.memory.memory_task import lesson_sentence
from lstm_engine.memory.retention import RetentionCurve, retention_curve, runs_remembering
from lstm_engine.memory.shipped import SHIPPED_KINDS, load_shipped, shipped_metadata, shipped_path, training_runs

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}

pytestmark = pytest.mark.skipif(not all(shipped_path(kind).is_file() for kind in SHIPPED_KINDS),
                                reason="the shipped models are not in lstm_engine/memory/models/ yet")


@cache
def model(kind):
    return load_shipped(kind)


def open_page(query=None):
    """Open the app's root `/` (it forwards to Why LSTM) with a link's query string."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith("Why LSTM")
    return at


def charts(at):
    return {spec["layout"]["title"]["text"].split("<br>")[0]: spec
            for spec in (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))}


def traces(spec):
    return {trace.get("name"): trace for trace in spec["data"]}


def bars(at, title="What each model answers for the blank"):
    return {name: trace["x"] for name, trace in traces(charts(at)[title]).items()}


def retention(at):
    return charts(at)["Memory Retention Comparison (measured)"]


def marked_gap(at):
    (rule,) = [shape for shape in retention(at)["layout"]["shapes"] if shape["x0"] == shape["x1"]]
    return rule["x0"]


def notices(at):
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def test_default_view_shows_the_lessons_sentence_and_both_charts():
    at = open_page()
    assert at.radio(key="country").value == "france" and at.slider(key="gap").value == 100
    expected = {LABELS[k]: model(k).predict(lesson_sentence("France", 100)).probs for k in SHIPPED_KINDS}
    shown = bars(at)
    assert shown.keys() == expected.keys()
    for name, probs in expected.items():
        assert np.allclose(shown[name], probs)
    assert marked_gap(at) == 100
    assert link_query(at) == {}
    (key,) = [box.value for box in (*at.success, *at.warning) if "Key insight" in box.value]
    insight = key_insight({kind: RetentionCurve(**shipped_metadata(kind)["retention"]) for kind in SHIPPED_KINDS},
                          {kind: training_runs(kind) for kind in SHIPPED_KINDS})
    assert insight.headline in key and insight.evidence in key


def run_lines(spec, kind):
    return [trace for trace in spec["data"] if trace.get("legendgroup") == f"{kind}-runs"]


def test_every_training_run_is_drawn_by_default_and_the_insight_counts_them():
    at = open_page()
    assert at.toggle(key="runs").value is True
    spec = retention(at)
    for kind in SHIPPED_KINDS:
        records = sorted(shipped_metadata(kind)["seed_search"], key=lambda record: record["seed"])
        lines = run_lines(spec, kind)
        assert [line["y"] for line in lines] == [record["retention"]["accuracy"] for record in records]
        assert lines[0]["name"] == f"{LABELS[kind]}: all {len(records)} training runs"
        assert [line["showlegend"] for line in lines] == [True] + [False] * (len(records) - 1)
    (key,) = [box.value for box in (*at.success, *at.warning) if "Key insight" in box.value]
    gap = max(shipped_metadata("lstm")["retention"]["gaps"])
    n_lstm, total = runs_remembering([run.retention for run in training_runs("lstm")], gap)
    n_rnn, _ = runs_remembering([run.retention for run in training_runs("rnn")], gap)
    assert f"in {n_lstm} of {total} training runs, the GRU" in key and f"the RNN in {n_rnn} of {total}" in key
    assert any("the bold line is the best run" in caption.value for caption in at.caption)


def test_the_runs_toggle_is_bound_to_the_url():
    at = open_page({"runs": "0"})
    assert at.toggle(key="runs").value is False
    assert not any(run_lines(retention(at), kind) for kind in SHIPPED_KINDS)
    assert not any("the bold line is the best run" in caption.value for caption in at.caption)
    at.toggle(key="runs").set_value(True).run()
    assert not at.exception and link_query(at) == {}
    assert len(run_lines(retention(at), "rnn")) == len(training_runs("rnn"))


def test_moving_the_gap_moves_the_marked_point_and_changes_the_predictions():
    at = open_page()
    before = bars(at)
    at.slider(key="gap").set_value(7).run()
    assert not at.exception
    assert marked_gap(at) == 7 and link_query(at) == {"gap": "7"}
    after = bars(at)
    assert any(not np.allclose(before[name], after[name]) for name in after)
    for kind in SHIPPED_KINDS:
        assert np.allclose(after[LABELS[kind]], model(kind).predict(lesson_sentence("France", 7)).probs)
        point = traces(retention(at))[f"{LABELS[kind]} at your gap"]
        direct = retention_curve(model(kind), (7,), samples=200, seed=1)
        assert point["x"] == [7] and point["y"] == direct.accuracy


def test_retention_chart_is_the_engines_measurement_of_the_shipped_models():
    at = open_page()
    lines = traces(retention(at))
    for kind in SHIPPED_KINDS:
        shipped = shipped_metadata(kind)["retention"]
        direct = retention_curve(model(kind), shipped["gaps"], shipped["samples"], shipped["seed"])
        assert lines[LABELS[kind]]["x"] == direct.gaps
        assert lines[LABELS[kind]]["y"] == direct.accuracy
        band = lines[f"{LABELS[kind]} 95% interval"]["y"]
        assert np.allclose(band, direct.high + direct.low[::-1])


def test_measuring_again_uses_the_new_seed_and_sample_count():
    at = open_page()
    at.number_input(key="why_seed").set_value(7)
    at.select_slider(key="why_samples").set_value(100).run()
    assert not at.exception
    lines = traces(retention(at))
    gaps = shipped_metadata("lstm")["retention"]["gaps"]
    for kind in SHIPPED_KINDS:
        assert lines[LABELS[kind]]["y"] == retention_curve(model(kind), gaps, samples=100, seed=7).accuracy
    assert "100 fresh sentences per gap" in retention(at)["layout"]["title"]["text"]


def test_gradient_flow_overlay_draws_the_engines_ratios_on_a_log_axis():
    at = open_page({"flow": "1"})
    spec = retention(at)
    assert spec["layout"]["yaxis2"]["type"] == "log"
    for kind in SHIPPED_KINDS:
        flow = gradient_flow(model(kind), 200, 32, 0)
        line = traces(spec)[f"{LABELS[kind]} ‖∂L/∂h‖"]
        offset = flow.country_distance - flow.gap
        expected = [(int(d) - offset, float(r)) for d, r in zip(flow.distance, flow.h_ratio)
                    if int(d) >= offset and r > 0]
        assert line["x"] == [x for x, _ in expected]
        assert np.allclose(line["y"], [y for _, y in expected], rtol=1e-12, atol=0)
    assert "‖∂L/∂C‖" in " ".join(traces(spec))


def test_typed_text_gets_its_own_predictions():
    at = open_page()
    at.text_area(key="text").input("I grew up in Japan. We kept bees and zorbled. So I speak fluent").run()
    assert not at.exception
    title = "What each model answers after your sentence"
    first = bars(at, title)
    for kind in SHIPPED_KINDS:
        direct = model(kind).predict("I grew up in Japan. We kept bees and zorbled. So I speak fluent")
        assert np.allclose(first[LABELS[kind]], direct.probs)
    assert "<b>Japanese ✓</b>" in charts(at)[title]["layout"]["yaxis"]["ticktext"]
    assert "`zorbled`" in " ".join(c.value for c in at.caption)
    at.text_area(key="text").input("I grew up in Greece. So I speak fluent").run()
    second = bars(at, title)
    assert any(not np.allclose(first[name], second[name]) for name in second)
    assert link_query(at)["text"] == "I grew up in Greece. So I speak fluent"


def test_the_sidebars_models_pick_filters_every_chart():
    at = open_page({"models": "lstm"})
    assert list(bars(at)) == ["LSTM"]
    assert {name for name in traces(retention(at)) if name in LABELS.values()} == {"LSTM"}


@pytest.mark.parametrize("query,key,value,notice", [
    ({"gap": "-5"}, "gap", 0, "below the minimum"),
    ({"gap": "abc"}, "gap", 100, "not a number"),
    ({"gap": "1e9"}, "gap", 400, "above the maximum"),
    ({"gap": "12.7"}, "gap", 12, "not a whole number"),
    ({"country": "<script>alert(1)</script>"}, "country", "france", "not one of"),
    ({"country": "SPAIN"}, "country", "spain", ""),
    ({"runs": "<b>maybe</b>"}, "runs", True, "not on/off"),
    ({"text": "x" * 10_000}, "text", "x" * 2000, "only the first 2,000 are read"),
])
def test_hostile_links_are_clamped_with_a_notice(query, key, value, notice):
    at = open_page(query)
    assert at.session_state[key] == value
    assert notice in notices(at)
    outside_code = notices(at).split("`")[::2]
    assert not any("<" in text for text in outside_code)


@pytest.mark.parametrize("text,message", [
    ("😀🎉🔥 ✨✨", "no words to read"),
    ("      ", "Type any sentence"),
    ("<b>bold</b><script>alert('x')</script><img src=x onerror=alert(1)>", "never saw"),
    ("I grew up in France. " + "blah " * 1990, "Only the first 2,000 characters"),
])
def test_odd_text_gets_a_plain_message_and_is_never_echoed_as_markup(text, message):
    at = open_page({"text": text})
    page_text = [element.value for element in (*at.markdown, *at.caption, *at.info, *at.warning)]
    assert any(message in value for value in page_text)
    assert not any("<script" in value or "<img" in value or "<b>" in value for value in page_text)


def test_train_it_yourself_adds_the_measured_curve_of_the_trained_model():
    at = open_page()
    at.radio(key="why_train_kind").set_value("lstm")
    at.slider(key="why_train_gap").set_value(5)
    at.select_slider(key="why_train_steps").set_value(250)
    at.button(key="why_train_start").click().run()
    assert not at.exception
    job = at.session_state["why_train_job"]
    assert job.settings.kind == "lstm" and job.config.task.gap_range == (1, 5) and job.config.steps == 250
    assert job.join(timeout=300)
    at.run()
    label = f"Your LSTM (gaps ≤ 5, {job.result.steps} steps)"
    line = traces(retention(at))[label]
    assert line["line"]["dash"] == "dash" and line["y"] == job.curve.accuracy and line["x"] == job.curve.gaps
    assert any(label in box.value and "measured curve is on the chart" in box.value for box in at.success)
    assert at.session_state["why_train_job"] is None


def test_train_it_yourself_says_busy_when_the_server_is_saturated():
    from dashboard.training import training_jobs

    held = [training_jobs.start_training(training_jobs.JobSettings("rnn", max_gap=5, hidden_size=4, steps=10**7))
            for _ in range(training_jobs.MAX_RUNNING)]
    try:
        at = open_page()
        at.button(key="why_train_start").click().run()
        assert not at.exception
        assert any("The server is busy" in box.value for box in at.warning)
        assert "why_train_stop" not in [button.key for button in at.button]          # nothing started
    finally:
        for job in held:
            job.stop()
            assert job.join(timeout=300)
