"""Why LSTM page: every number on it is the shipped measurement it claims to be (read back from the charts, the
metrics and the captions, recomputed here from the JSON), `run=` picks the featured run, the gap slider and the
gradient toggle move what they should, and hostile links or text end in a notice, never a traceback."""

import json
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from chart_reading import split_runs
from html_tables import html_tables
from lstm_page_support import link_query
from streamlit.testing.v1 import AppTest

from lstm_engine.memory.memory_task import lesson_sentence
from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS, load_shipped, shipped_metadata, shipped_path

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}

pytestmark = pytest.mark.skipif(not all(shipped_path(kind, run).is_file() for kind in SHIPPED_KINDS for run in RUNS),
                                reason="the shipped models are not in lstm_engine/memory/models/ yet")


@cache
def model(kind, run="typical"):
    return load_shipped(kind, run)


def records(kind):
    return sorted(shipped_metadata(kind)["seed_search"], key=lambda record: record["seed"])


def table(kind, run):
    data = shipped_metadata(kind)["featured"][run]["every_gap"]
    return np.array(data["correct"]) / data["samples"]


def open_page(query=None):
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


def metrics(at):
    """The shown runs' accuracy at the gap, read from the line "Right answers: RNN 12% · GRU 100% · LSTM 100%"."""
    (line,) = [h.value for h in at.header if h.value.startswith("Right answers: ")]
    return dict(part.rsplit(" ", 1) for part in line.removeprefix("Right answers: ").split(" · "))


def notices(at):
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def captions(at):
    return " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("query,run", [(None, "typical"), ({"run": "best"}, "best"), ({"run": "worst"}, "worst")])
def test_the_shown_run_answers_above_the_fold_with_its_shipped_numbers(query, run):
    at = open_page(query)
    assert at.radio(key="run").value == run and at.slider(key="gap").value == 100
    assert metrics(at) == {LABELS[k]: f"{table(k, run)[100]:.0%}" for k in SHIPPED_KINDS}
    shown = bars(at)
    for kind in SHIPPED_KINDS:
        prediction = model(kind, run).predict(lesson_sentence("France", 100))
        assert np.allclose(shown[LABELS[kind]], prediction.probs)
        language, p = prediction.top(1)[0]
        assert f"{LABELS[kind]} {language} {p:.0%}" in captions(at)          # the chart's text alternative
    assert f"the {run}" in captions(at) and f"{run} runs" in charts(at)["What each model answers for the blank"][
        "layout"]["title"]["text"]
    assert link_query(at) == ({} if run == "typical" else {"run": run.title()})      # Streamlit writes the label


def test_the_typical_run_is_the_median_by_held_out_accuracy_and_its_weights_are_shipped():
    for kind in SHIPPED_KINDS:
        ranked = sorted(records(kind), key=lambda r: (r["held_out_accuracy"], r["seed"]))
        assert len(ranked) >= 10
        assert shipped_metadata(kind)["featured"]["typical"]["seed"] == ranked[(len(ranked) - 1) // 2]["seed"]
        assert shipped_metadata(kind)["seed"] == ranked[(len(ranked) - 1) // 2]["seed"]


def test_moving_the_gap_changes_the_numbers_the_answers_and_the_link():
    at = open_page()
    at.slider(key="gap").set_value(237).run()
    assert not at.exception and link_query(at) == {"gap": "237"}
    assert metrics(at) == {LABELS[k]: f"{table(k, 'typical')[237]:.0%}" for k in SHIPPED_KINDS}
    for kind in SHIPPED_KINDS:
        assert np.allclose(bars(at)[LABELS[kind]], model(kind).predict(lesson_sentence("France", 237)).probs)
    assert "exactly 237 words in between" in captions(at)


def test_retention_chart_draws_every_run_and_the_median_and_quartiles_of_the_json():
    spec = charts(open_page())["Memory Retention Comparison (measured)"]
    named = traces(spec)
    for kind in SHIPPED_KINDS:
        accuracy = np.array([r["retention"]["accuracy"] for r in records(kind)])          # (runs, gaps)
        (thin,) = [t for t in spec["data"] if t.get("legendgroup") == f"{kind}-runs"]
        assert [y for _, _, y in split_runs(thin)] == accuracy.tolist()
        assert [number for number, _, _ in split_runs(thin)] == list(range(1, len(accuracy) + 1))
        median = named[f"{LABELS[kind]} median of {len(accuracy)} runs"]
        assert median["x"] == records(kind)[0]["retention"]["gaps"]
        assert np.allclose(median["y"], np.median(accuracy, axis=0))
        band = named[f"{LABELS[kind]} middle half of runs"]["y"]
        q1, q3 = np.percentile(accuracy, [25, 75], axis=0)
        assert np.allclose(band, list(q3) + list(q1[::-1]))


def test_each_runs_chart_has_its_data_as_a_table_of_the_json():
    tables = {region["aria-label"]: table for table, region in html_tables(open_page())}
    retention = tables["Memory Retention Comparison (measured): the data"]
    learning = tables["How fast each model learns to remember: the data"]
    for kind in SHIPPED_KINDS:
        accuracy = np.array([r["retention"]["accuracy"] for r in records(kind)])
        assert retention.column("Gap (words)") == [str(gap) for gap in records(kind)[0]["retention"]["gaps"]]
        assert retention.column(f"{LABELS[kind]} median") == [f"{v:.0%}" for v in np.median(accuracy, axis=0)]
        q1, q3 = np.percentile(accuracy, [25, 75], axis=0)
        assert retention.column(f"{LABELS[kind]} middle half") == [f"{a:.0%}–{b:.0%}" for a, b in zip(q1, q3)]
        curves = np.array([r["learning_curve"]["accuracy"] for r in records(kind)])
        assert learning.column(f"{LABELS[kind]} median") == [f"{v:.0%}" for v in np.median(curves, axis=0)]
        assert learning.column("Training step") == [f"{s:,}" for s in records(kind)[0]["learning_curve"]["steps"]]


def test_the_count_and_the_key_insight_quote_the_json():
    at = open_page()
    counts = {kind: sum(r["retention"]["accuracy"][r["retention"]["gaps"].index(200)] >= 0.9 for r in records(kind))
              for kind in SHIPPED_KINDS}
    n = len(records("rnn"))
    line = next(m.value for m in at.markdown if "Training runs that keep" in m.value)
    assert all(f"{LABELS[k]} {counts[k]} of {n}" in line for k in SHIPPED_KINDS)
    (key,) = [box.value for box in (*at.success, *at.warning) if "Key insight" in box.value]
    for kind in SHIPPED_KINDS:
        at_200 = [r["retention"]["accuracy"][r["retention"]["gaps"].index(200)] for r in records(kind)]
        assert f"{LABELS[kind]} {np.median(at_200):.0%}" in key
        assert f"{LABELS[kind]} in {counts[kind]} of {n}" in key
    assert "seed" not in key.lower() and "training run" in key


def test_learning_chart_is_every_runs_learning_curve_with_the_median():
    at = open_page()
    spec = charts(at)["How fast each model learns to remember"]
    for kind in SHIPPED_KINDS:
        curves = np.array([r["learning_curve"]["accuracy"] for r in records(kind)])
        (thin,) = [t for t in spec["data"] if t.get("legendgroup") == f"{kind}-runs"]
        assert [y for _, _, y in split_runs(thin)] == curves.tolist()
        median = traces(spec)[f"{LABELS[kind]} median of {len(curves)} runs"]
        assert np.allclose(median["y"], np.median(curves, axis=0))
        assert median["x"] == records(kind)[0]["learning_curve"]["steps"]
        last = f"{np.median(curves, axis=0)[-1]:.0%}"
        assert re.search(rf"median {LABELS[kind]} run [^;]* ends at {last}", captions(at))


@pytest.mark.parametrize("run", ["typical", "worst"])
def test_the_gradient_chart_draws_the_shipped_flow_of_the_shown_run_and_words_it_honestly(run):
    at = open_page({"flow": "1", "run": run})
    spec = charts(at)["How much training signal reaches the country"]
    assert spec["layout"]["yaxis"]["type"] == "log"
    for kind in SHIPPED_KINDS:
        flow = shipped_metadata(kind)["featured"][run]["gradient_flow"]
        line = traces(spec)[f"{LABELS[kind]} (hidden state h)"]
        kept = [(d, r) for d, r in zip(flow["distance"], flow["h_ratio"]) if r > 1e-300]
        assert line["x"] == [d for d, _ in kept] and np.allclose(line["y"], [r for _, r in kept])
    text = captions(at)
    assert "eases vanishing gradients; it does not abolish them" in text and f"the {run}" in text
    rnn = shipped_metadata("rnn")["featured"][run]["gradient_flow"]
    k = int(np.argmin([abs(d - rnn["country_distance"]) for d in rnn["distance"]]))
    if rnn["h_ratio"][k] > 1e-300:
        assert f"RNN {rnn['h_ratio'][k]:.1e}" in text


def test_the_gradient_toggle_is_off_by_default_and_says_what_the_lesson_claims():
    at = open_page()
    assert at.toggle(key="flow").value is False
    assert "How much training signal reaches the country" not in charts(at)
    assert "The lesson says the LSTM “solves”" in captions(at)


def test_typed_text_gets_its_own_predictions_and_a_sentence_without_a_country_says_so():
    at = open_page()
    text = "I grew up in Japan. We kept bees and zorbled. So I speak fluent"
    at.text_area(key="text").input(text).run()
    title = "What each model answers after your sentence"
    for kind in SHIPPED_KINDS:
        assert np.allclose(bars(at, title)[LABELS[kind]], model(kind).predict(text).probs)
    assert "<b>Japanese ✓</b>" in charts(at)[title]["layout"]["yaxis"]["ticktext"]
    assert "`zorbled`" in captions(at)
    assert not any("no country these models know" in w.value for w in at.warning)
    at.text_area(key="text").input("Pizza is my favourite food. So I speak fluent").run()
    assert any("no country these models know" in w.value for w in at.warning)
    assert link_query(at)["text"] == "Pizza is my favourite food. So I speak fluent"


def test_the_sentence_box_has_a_placeholder_and_no_keyboard_hint():
    at = open_page()
    assert at.text_area(key="text").placeholder.startswith("e.g. ")
    assert "Ctrl" not in captions(at)


def test_the_sidebars_models_pick_filters_every_chart():
    at = open_page({"models": "lstm"})
    assert list(bars(at)) == ["LSTM"] and list(metrics(at)) == ["LSTM"]
    names = traces(charts(at)["Memory Retention Comparison (measured)"])
    assert not any(name and name.startswith(("RNN", "GRU")) for name in names)


@pytest.mark.parametrize("query,key,value,notice", [
    ({"run": "<script>alert(1)</script>"}, "run", "typical", "is not one of typical, best, worst"),
    ({"run": "median"}, "run", "typical", "is not one of typical, best, worst"),
    ({"run": "BEST"}, "run", "best", ""),
    ({"gap": "-5"}, "gap", 0, "below the minimum"),
    ({"gap": "abc"}, "gap", 100, "not a number"),
    ({"gap": "1e9"}, "gap", 400, "above the maximum"),
    ({"country": "<script>alert(1)</script>"}, "country", "france", "not one of"),
    ({"flow": "<b>maybe</b>"}, "flow", False, "not on/off"),
    ({"text": "x" * 10_000}, "text", "x" * 2000, "only the first 2,000 are read"),
])
def test_hostile_links_are_clamped_with_a_notice(query, key, value, notice):
    at = open_page(query)
    assert at.session_state[key] == value
    assert notice in notices(at)
    assert not any("<" in text for text in notices(at).split("`")[::2])


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


def test_train_it_yourself_adds_the_measured_curve_and_compares_it_with_the_shipped_runs():
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
    line = traces(charts(at)["Memory Retention Comparison (measured)"])[label]
    assert line["line"]["dash"] == "dash" and line["y"] == job.curve.accuracy and line["x"] == job.curve.gaps
    yours = job.curve.accuracy[job.curve.gaps.index(200)]
    assert f"{label}: {yours:.0%} right with 200 words in between. The shipped LSTM runs: median" in captions(at)
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


def test_the_shipped_tables_survive_a_client_clearing_streamlits_caches():
    import streamlit as st

    from dashboard.engine_calls.memory_measurements import memory_tables

    first = memory_tables()
    st.cache_data.clear()
    st.cache_resource.clear()
    assert memory_tables() is first                     # loaded once per process, not in st.cache_*
    assert len(first.every_gap[("rnn", "typical")].correct) == 401


def test_the_runs_charts_are_built_once_and_match_a_fresh_build():
    from dashboard.charts.memory_runs import learning_runs, retention_runs
    from dashboard.engine_calls.memory_measurements import memory_tables
    from dashboard.figures.why_lstm import runs_figures

    kinds = ("rnn", "lstm")
    retention, learning = runs_figures(kinds)
    assert runs_figures(kinds)[0] is retention                     # one build per process, shared by every student
    tables = memory_tables()
    chance = tables.runs["lstm"][0].retention.chance
    runs = {kind: tables.runs[kind] for kind in kinds}
    fresh = retention_runs({kind: tables.retention[kind] for kind in kinds}, runs, chance)
    assert retention.to_plotly_json() == fresh.to_plotly_json()
    assert learning.to_plotly_json() == learning_runs({k: tables.learning[k] for k in kinds}, runs, chance).to_plotly_json()


def test_a_page_that_stops_early_still_offers_its_link(monkeypatch):
    """Why LSTM stops (st.stop) when the shipped measurements are missing; the link box is completed after it."""
    from dashboard.engine_calls import memory_measurements
    from dashboard.engine_calls.memory_measurements import memory_tables

    def missing(kind):
        raise FileNotFoundError("no shipped measurements")
    monkeypatch.setattr(memory_measurements, "training_runs", missing)
    memory_tables.cache_clear()
    try:
        at = open_page({"models": "rnn,lstm"})
        assert any("not shipped with this copy" in error.value for error in at.error)
        assert link_query(at) == {"models": "RNN,LSTM"}
    finally:
        memory_tables.cache_clear()
