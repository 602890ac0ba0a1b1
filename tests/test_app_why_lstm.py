"""Why LSTM page: every number on it is the shipped measurement it claims to be (read back from the charts, the
headline and the captions, and recomputed here from the JSON, not through the app's own findings module), `run=`
picks the featured run, `trained=` the training setting of the curves, and hostile links or text end in a notice,
never a traceback."""

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
from lstm_engine.memory.shipped import RUNS, SETTINGS, SHIPPED_KINDS, load_shipped, shipped_metadata, shipped_path

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
GAPS = (0, 5, 10, 20, 50, 100, 200, 400)              # where every run's curve is measured

pytestmark = pytest.mark.skipif(not all(shipped_path(kind, run).is_file() for kind in SHIPPED_KINDS for run in RUNS),
                                reason="the shipped models are not in lstm_engine/memory/models/ yet")


@cache
def model(kind, run="typical"):
    return load_shipped(kind, run)


def records(kind, setting=(0, 200)):
    metadata = shipped_metadata(kind)
    found = metadata["seed_search"] if tuple(setting) == (0, 200) else \
        metadata["training_settings"][f"{setting[0]}-{setting[1]}"]
    return sorted(found, key=lambda record: record["seed"])


def table(kind, run):
    data = shipped_metadata(kind)["featured"][run]["every_gap"]
    return np.array(data["correct"]) / data["samples"]


def curve(kind, record, setting=(0, 200)):
    """A run's accuracy at GAPS: a featured run's every-gap table, any other run's own retention curve."""
    if tuple(setting) == (0, 200):
        for run in RUNS:
            if shipped_metadata(kind)["featured"][run]["seed"] == record["seed"]:
                return [table(kind, run)[gap] for gap in GAPS]
    return [record["retention"]["accuracy"][record["retention"]["gaps"].index(gap)] for gap in GAPS]


def learned(kind, setting):
    runs = records(kind, setting)
    return sum(r["held_out_accuracy"] >= 0.9 for r in runs), len(runs)


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


def texts(at):
    return " ".join(e.value for e in (*at.caption, *at.markdown, *at.success, *at.warning))


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
        assert f"{LABELS[kind]} {language} {p:.0%}" in texts(at)           # the chart's text alternative
    assert f"the {run}" in texts(at)
    assert link_query(at) == ({} if run == "typical" else {"run": run.title()})      # Streamlit writes the label


def contrast_distance():
    """Recomputed from the JSON: the longest distance where, on long sentences only, >= 80% of LSTM runs and
    <= 20% of RNN runs learned."""
    for high in (200, 100, 50, 25, 10):
        (k_l, n_l), (k_r, n_r) = learned("lstm", (high // 2, high)), learned("rnn", (high // 2, high))
        if k_l / n_l >= 0.8 and k_r / n_r <= 0.2:
            return high
    return None


def test_the_measured_cause_sits_under_the_headline_and_quotes_the_runs_and_the_reach():
    at = open_page()
    (cause,) = [m.value for m in at.markdown if m.value.startswith("Measured")]
    high = contrast_distance() or 200
    setting = (high // 2, high)
    assert (f"trained on sentences {setting[0]}–{setting[1]} words apart only, {of(learned('rnn', setting))} RNN runs "
            f"learned the link and {of(learned('lstm', setting))} LSTM runs").lower() in cause.lower()
    assert f"{of(learned('rnn', (0, 200)))} RNN runs" in cause and "of the RNN's training signal" in cause
    assert cause.startswith("Measured cause:") == (contrast_distance() is not None)
    headers = [h.value for h in at.header]
    assert headers.index(next(h for h in headers if h.startswith("Right answers"))) == 0     # above the charts


def of(counts):
    k, n = counts
    return f"all {n}" if k == n else f"none of {n}" if k == 0 else f"{k} of {n}"


def test_every_featured_gru_and_lstm_and_every_rnn_that_learned_answers_gap_0():
    for kind in SHIPPED_KINDS:
        for run in RUNS:
            seed = shipped_metadata(kind)["featured"][run]["seed"]
            held_out = next(r["held_out_accuracy"] for r in records(kind) if r["seed"] == seed)
            if kind != "rnn" or held_out >= 0.9:
                assert table(kind, run)[0] >= 0.95, (kind, run)


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
    assert "exactly 237 words in between" in texts(at)


def test_the_runs_that_learned_chart_counts_held_out_accuracy_of_every_setting():
    at = open_page()
    spec = charts(at)["How many training runs learn the link"]
    panels = {}
    for trace in spec["data"]:
        axis = trace.get("yaxis", "y")
        for (distance, k, n), y in zip(trace["customdata"], trace["y"]):
            panels.setdefault(axis, {})[(trace["name"], distance)] = (k, n, y)
    from_zero, long_only = panels["y"], panels["y2"]
    for kind in SHIPPED_KINDS:
        for low, high in SETTINGS:
            k, n = learned(kind, (low, high))
            shown = (from_zero if low == 0 else long_only)[(LABELS[kind], high)]
            assert shown == (k, n, k / n), (kind, low, high)
            assert f"{LABELS[kind]} " in texts(at) and f"{k}/{n} at {high}" in texts(at)
    assert {len({d for _, d in panel}) for panel in panels.values()} == {5}           # five training distances


@pytest.mark.parametrize("setting", [(0, 200), (0, 10), (100, 200)])
def test_retention_chart_draws_every_run_and_the_median_and_quartiles_of_the_chosen_setting(setting):
    query = {"trained": str(setting[1]), "sentences": "long_only" if setting[0] else "from_zero"}
    spec = charts(open_page(query))["Memory Retention Comparison (measured)"]
    assert f"gaps {setting[0]}–{setting[1]}" in spec["layout"]["title"]["text"]
    named = traces(spec)
    for kind in SHIPPED_KINDS:
        accuracy = np.array([curve(kind, r, setting) for r in records(kind, setting)])          # (runs, gaps)
        thin = named[f"{LABELS[kind]} training runs"]
        assert np.allclose([y for _, _, y in split_runs(thin)], accuracy)
        median = named[f"{LABELS[kind]}: median of {len(accuracy)} runs"]
        assert median["x"] == list(GAPS) and np.allclose(median["y"], np.median(accuracy, axis=0))
        band = named[f"{LABELS[kind]} middle half of runs"]["y"]
        q1, q3 = np.percentile(accuracy, [25, 75], axis=0)
        assert np.allclose(band, list(q3) + list(q1[::-1]))


def test_overlapping_lines_stay_visible_each_kind_its_own_width_dash_and_marker():
    spec = charts(open_page())["Memory Retention Comparison (measured)"]
    medians = {t["name"].split(":")[0]: t for t in spec["data"] if ": median of" in (t.get("name") or "")}
    styles = {(t["line"]["width"], t["line"]["dash"], t["marker"]["symbol"]) for t in medians.values()}
    assert len(styles) == 3
    order = [t["name"].split(":")[0] for t in spec["data"] if ": median of" in (t.get("name") or "")]
    assert order.index("LSTM") < order.index("GRU")                 # the thick LSTM underneath the dashed GRU
    assert medians["LSTM"]["line"]["width"] > medians["GRU"]["line"]["width"]


def test_each_runs_chart_has_its_data_as_a_table_of_the_json():
    tables = {region["aria-label"]: found for found, region in html_tables(open_page())}
    retention = tables["Memory Retention Comparison (measured): the data"]
    for kind in SHIPPED_KINDS:
        accuracy = np.array([curve(kind, r) for r in records(kind)])
        assert retention.column("Gap (words)") == [str(gap) for gap in GAPS]
        assert retention.column(f"{LABELS[kind]} median") == [f"{v:.0%}" for v in np.median(accuracy, axis=0)]
        q1, q3 = np.percentile(accuracy, [25, 75], axis=0)
        assert retention.column(f"{LABELS[kind]} middle half") == [f"{a:.0%}–{b:.0%}" for a, b in zip(q1, q3)]
        learning = tables["How fast each model learns to remember: the data"]
        curves = np.array([r["learning_curve"]["accuracy"] for r in records(kind)])
        assert learning.column(f"{LABELS[kind]} median") == [f"{v:.0%}" for v in np.median(curves, axis=0)]
        assert learning.column("Training step") == [f"{s:,}" for s in records(kind)[0]["learning_curve"]["steps"]]


def test_the_key_insight_quotes_the_medians_at_400_of_the_chosen_setting():
    at = open_page({"trained": "10"})
    (key,) = [box.value for box in (*at.success, *at.warning) if "Key insight" in box.value]
    for kind in SHIPPED_KINDS:
        at_400 = [curve(kind, r, (0, 10))[-1] for r in records(kind, (0, 10))]
        assert f"{LABELS[kind]} {np.median(at_400):.0%}" in key
    assert "gaps 0–10" in key and "seed" not in key.lower()


def test_learning_chart_is_every_runs_learning_curve_with_the_median():
    at = open_page()
    spec = charts(at)["How fast each model learns to remember"]
    for kind in SHIPPED_KINDS:
        curves = np.array([r["learning_curve"]["accuracy"] for r in records(kind)])
        assert np.allclose([y for _, _, y in split_runs(traces(spec)[f"{LABELS[kind]} training runs"])], curves)
        median = traces(spec)[f"{LABELS[kind]}: median of {len(curves)} runs"]
        assert np.allclose(median["y"], np.median(curves, axis=0))
        assert median["x"] == records(kind)[0]["learning_curve"]["steps"]
        last = f"{np.median(curves, axis=0)[-1]:.0%}"
        assert re.search(rf"median {LABELS[kind]} run [^;]* ends at {last}", texts(at))


def reach(kind, record):
    k = int(np.argmin([abs(d - record["gradient_reach"]["country_distance"])
                       for d in record["gradient_reach"]["distance"]]))
    return k, record["gradient_reach"]["h_ratio"][k]


def test_the_gradient_chart_is_in_the_story_and_draws_every_runs_reach_on_a_log_axis():
    at = open_page()
    spec = charts(at)["How much training signal reaches the country"]
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert any(a["text"] == "<b>France</b>" for a in spec["layout"]["annotations"])       # the country is marked
    for kind in SHIPPED_KINDS:
        typical_seed = shipped_metadata(kind)["featured"]["typical"]["seed"]
        typical = next(r for r in records(kind) if r["seed"] == typical_seed)["gradient_reach"]
        line = traces(spec)[f"{LABELS[kind]}, typical run (through h)"]
        kept = [(d, r) for d, r in zip(typical["distance"], typical["h_ratio"]) if r > 1e-300]
        assert line["x"] == [d for d, _ in kept] and np.allclose(line["y"], [r for _, r in kept])
        k, share = reach(kind, next(r for r in records(kind) if r["seed"] == typical_seed))
        assert f"{LABELS[kind]} {share:.1e}" in texts(at)
    assert "eases vanishing gradients" in texts(at)


def test_one_quantity_has_one_figure_wherever_it_is_shown():
    """The typical RNN at gap 100 and the counts of runs that learned: the headline, the charts, the CSV and the
    RNN vs LSTM page must show the same figures."""
    why = open_page()
    rnn_100 = f"{table('rnn', 'typical')[100]:.0%}"
    assert metrics(why)["RNN"] == rnn_100
    thin = traces(charts(why)["Memory Retention Comparison (measured)"])["RNN training runs"]
    typical_seed = shipped_metadata("rnn")["featured"]["typical"]["seed"]
    number = [r["seed"] for r in records("rnn")].index(typical_seed) + 1
    (x, y) = next((x, y) for n, x, y in split_runs(thin) if n == number)
    assert f"{y[x.index(100)]:.0%}" == rnn_100
    from dashboard.engine_calls.memory_measurements import findings
    from dashboard.text.exports import runs_csv
    rows = [line.split(",") for line in runs_csv(findings()).splitlines()]
    (row,) = [r for r in rows if r[:5] == ["RNN", "0", "200", str(number), str(typical_seed)] and r[-2] == "100"]
    assert f"{float(row[-1]):.0%}" == rnn_100
    rvl = AppTest.from_file(APP, default_timeout=300)
    rvl.switch_page("app_pages/gates.py").run()
    rvl.switch_page("app_pages/rnn_vs_lstm.py").run()
    assert not rvl.exception
    tables = {region["aria-label"]: found for found, region in html_tables(rvl)}
    comparison = tables["The lesson's comparison, measured"]
    memory = comparison.column("Measured in this app")[comparison.column("Aspect").index("Memory")]
    assert f"RNN {rnn_100}" in memory
    for setting in ((100, 200), (0, 200)):
        assert f"RNN {of(learned('rnn', setting))}" in memory
        assert f"{of(learned('rnn', setting))} RNN runs" in texts(why)


def test_typed_text_gets_its_own_predictions_and_a_sentence_without_a_country_says_so():
    at = open_page()
    text = "I grew up in Japan. We kept bees and zorbled. So I speak fluent"
    at.text_area(key="text").input(text).run()
    title = "What each model answers after your sentence"
    for kind in SHIPPED_KINDS:
        assert np.allclose(bars(at, title)[LABELS[kind]], model(kind).predict(text).probs)
    assert "<b>Japanese ✓</b>" in charts(at)[title]["layout"]["yaxis"]["ticktext"]
    assert "`zorbled`" in texts(at)
    assert not any("no country these models know" in w.value for w in at.warning)
    at.text_area(key="text").input("Pizza is my favourite food. So I speak fluent").run()
    assert any("no country these models know" in w.value for w in at.warning)
    assert link_query(at)["text"] == "Pizza is my favourite food. So I speak fluent"


def test_the_sidebars_models_pick_filters_every_chart():
    at = open_page({"models": "lstm"})
    assert list(bars(at)) == ["LSTM"] and list(metrics(at)) == ["LSTM"]
    for title in ("Memory Retention Comparison (measured)", "How many training runs learn the link",
                  "How much training signal reaches the country"):
        names = traces(charts(at)[title])
        assert not any(name and name.startswith(("RNN", "GRU")) for name in names), title


@pytest.mark.parametrize("query,key,value,notice", [
    ({"run": "<script>alert(1)</script>"}, "run", "typical", "is not one of typical, best, worst"),
    ({"run": "BEST"}, "run", "best", ""),
    ({"gap": "-5"}, "gap", 0, "below the minimum"),
    ({"gap": "abc"}, "gap", 100, "not a number"),
    ({"gap": "1e9"}, "gap", 400, "above the maximum"),
    ({"country": "<script>alert(1)</script>"}, "country", "france", "not one of"),
    ({"trained": "999"}, "trained", "200", "is not one of"),
    ({"sentences": "some"}, "sentences", "from_zero", "is not one of"),
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


def test_the_shipped_findings_survive_a_client_clearing_streamlits_caches():
    import streamlit as st

    from dashboard.engine_calls.memory_measurements import findings

    first = findings()
    st.cache_data.clear()
    st.cache_resource.clear()
    assert findings() is first                     # loaded once per process, not in st.cache_*


def test_a_page_that_stops_early_still_offers_its_link(monkeypatch):
    """Why LSTM stops (st.stop) when the shipped measurements are missing; the link box is completed after it."""
    from dashboard.engine_calls import memory_measurements

    def missing():
        raise FileNotFoundError("no shipped measurements")
    monkeypatch.setattr(memory_measurements, "load_findings", missing)
    memory_measurements.findings.cache_clear()
    try:
        at = open_page({"models": "rnn,lstm"})
        assert any("not shipped with this copy" in error.value for error in at.error)
        assert link_query(at) == {"models": "RNN,LSTM"}
    finally:
        memory_measurements.findings.cache_clear()


def test_train_it_yourself_adds_the_measured_curve_and_compares_it_with_the_shipped_runs():
    at = open_page()
    at.radio(key="why_train_kind").set_value("lstm")
    at.slider(key="why_train_gap").set_value(5)
    at.select_slider(key="why_train_steps").set_value(250)
    at.button(key="why_train_start").click().run()
    assert not at.exception
    job = at.session_state["why_train_job"]
    assert job.settings.kind == "lstm" and job.config.task.gap_range[1] == 5 and job.config.steps == 250
    assert job.join(timeout=300)
    at.run()
    label = f"Your LSTM (gaps ≤ 5, {job.result.steps} steps)"
    line = traces(charts(at)["Memory Retention Comparison (measured)"])[label]
    assert line["y"] == job.curve.accuracy and line["x"] == job.curve.gaps
    yours = job.curve.accuracy[job.curve.gaps.index(200)]
    shipped = np.median([curve("lstm", r)[GAPS.index(200)] for r in records("lstm")])
    assert f"{label}: {yours:.0%} right with 200 words in between" in texts(at)
    assert f"median {shipped:.0%}" in texts(at)
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
