"""RNN vs LSTM page: counts equal torch's, charts follow every control, the lesson's table carries measurements."""

import json
from pathlib import Path

import pytest
from html_tables import shown_tables
from lstm_page_support import copied_link
from streamlit.testing.v1 import AppTest

from lstm_engine import count_parameters

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
PAGE = "app_pages/rnn_vs_lstm.py"
TORCH = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def open_page(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/gates.py").run()     # AppTest opens only file-named pages first; Gates binds none of ours
    at.query_params.update(query or {})
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def bar_totals(at):
    bars = charts(at)[0]
    return {trace["name"]: trace["y"][-1] for trace in bars["data"]}


def torch_total(kind, input_size, hidden_size, layers=1, bidirectional=False):
    module = TORCH[kind](input_size, hidden_size, num_layers=layers, bidirectional=bidirectional)
    return sum(p.numel() for p in module.parameters())


def test_default_view_matches_torch():
    at = open_page()
    expected = {name.upper(): torch_total(name, 64, 128) for name in TORCH}
    assert bar_totals(at) == expected
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["LSTM parameters"] == f"{expected['LSTM']:,}"
    assert metrics["LSTM ÷ RNN"] == f"{expected['LSTM'] / expected['RNN']:.2f}×"


@pytest.mark.parametrize("move,expect", [
    (lambda at: at.slider(key="hidden").set_value(300), dict(hidden_size=300)),
    (lambda at: at.slider(key="input").set_value(1024), dict(input_size=1024)),
    (lambda at: at.slider(key="layers").set_value(3), dict(layers=3)),
    (lambda at: at.toggle(key="bidirectional").set_value(True), dict(bidirectional=True)),
])
def test_bars_follow_each_control_and_match_torch(move, expect):
    at = open_page()
    move(at).run()
    sizes = dict(input_size=64, hidden_size=128) | expect
    assert bar_totals(at) == {name.upper(): torch_total(name, **sizes) for name in TORCH}


def test_keras_convention_counts_one_bias_per_block():
    at = open_page()
    at.radio(key="convention").set_value("keras").run()
    I, H = 64, 128
    assert bar_totals(at) == {"RNN": I * H + H * H + H, "GRU": 3 * (I * H + H * H + 2 * H),
                              "LSTM": 4 * (I * H + H * H + H)}
    assert copied_link(at).endswith("/rnn-vs-lstm?convention=Keras")


def test_curve_marks_the_current_hidden_size_and_switches_to_log():
    at = open_page({"hidden": "200"})
    curve = charts(at)[1]
    current = [trace for trace in curve["data"] if trace["name"].endswith("(current)")]
    assert [t["x"] for t in current] == [[200]] * 3
    assert [t["y"][0] for t in current] == [torch_total(k, 64, 200) for k in TORCH]
    assert curve["layout"]["yaxis"].get("type", "linear") == "linear"
    at.toggle(key="log").set_value(True).run()
    assert charts(at)[1]["layout"]["yaxis"]["type"] == "log"


def test_the_curve_zooms_to_a_small_hidden_size_so_its_marker_is_readable():
    at = open_page({"hidden": "20", "input": "10"})          # the README's teacher example
    lines = [trace for trace in charts(at)[1]["data"] if not trace["name"].endswith("(current)")]
    lstm = next(trace for trace in lines if trace["name"] == "LSTM")
    assert max(lstm["x"]) == 40 and lstm["y"][-1] == torch_total("lstm", 10, 40)
    assert torch_total("lstm", 10, 20) > 0.2 * max(max(trace["y"]) for trace in lines)   # well off the floor
    at.toggle(key="log").set_value(True).run()
    assert max(next(t for t in charts(at)[1]["data"] if t["name"] == "LSTM")["x"]) == 1024


def test_every_chart_has_a_caption_with_its_numbers():
    at = open_page({"hidden": "20", "input": "10"})
    captions = " ".join(c.value for c in at.caption)
    for kind in TORCH:
        assert f"{kind.upper()} {torch_total(kind, 10, 20):,}" in captions
    assert f"{torch_total('lstm', 10, 20):,} parameters at hidden size 20 and {torch_total('lstm', 10, 40):,} at 40" \
        in captions


def test_model_choice_filters_the_charts():
    at = open_page({"models": "lstm"})
    assert list(bar_totals(at)) == ["LSTM"]
    assert [t["name"] for t in charts(at)[1]["data"]] == ["LSTM", "LSTM (current)"]


def test_table_keeps_the_lesson_claims_and_shows_measurements():
    at = open_page({"hidden": "20", "input": "10"})
    table = shown_tables(at)[0]
    assert table.row("Parameters")["LSTM"] == "More parameters (4x RNN)"
    assert f"LSTM {torch_total('lstm', 10, 20):,}" in table.row("Parameters")["Measured in this app"]
    assert "4.00×" in table.row("Parameters")["Measured in this app"]
    speed = table.row("Training speed")["Measured in this app"]
    assert "ms" in speed and "input 10" in speed and "hidden 20" in speed


def test_large_sizes_ask_before_timing():
    at = open_page({"hidden": "300", "input": "300"})
    assert "Not measured" in shown_tables(at)[0].row("Training speed")["Measured in this app"]
    measure(at)[0].click().run()
    speed = shown_tables(at)[0].row("Training speed")["Measured in this app"]
    assert "hidden 300" in speed and "ms" in speed
    assert not measure(at)


def measure(at):
    return [button for button in at.button if button.label.startswith("Measure time")]


def test_hostile_page_params_are_survived():
    at = open_page({"layers": "99", "convention": "<svg onload=alert(1)>", "bidirectional": "maybe", "log": "2"})
    assert at.slider(key="layers").value == 4
    assert at.radio(key="convention").value == "pytorch"
    assert at.toggle(key="bidirectional").value is False
    warning = " ".join(w.value for w in at.warning)
    assert "layers" in warning and "convention" in warning and "bidirectional" in warning


def test_csv_downloads_are_offered():
    at = open_page()
    labels = [element.proto.label for element in at.get("download_button")]
    assert labels == ["Download parameter counts (CSV)", "Download the comparison table (CSV)"]


def test_memory_rows_show_the_shipped_measurements_or_say_they_are_missing():
    from dashboard.text.lesson_comparison import NOT_YET
    from lstm_engine.memory.shipped import shipped_path

    at = open_page()
    table = shown_tables(at)[0]
    memory, gradients = (table.row(aspect)["Measured in this app"] for aspect in ("Memory", "Gradients"))
    if all(shipped_path(kind).is_file() for kind in ("rnn", "lstm")):
        assert "RNN" in memory and "%" in memory and "Runs that learned the link" in memory
        assert "words back" in gradients
    else:
        assert memory == gradients == NOT_YET


def test_the_log_curve_spans_the_hidden_sizes_it_draws():
    at = open_page({"hidden": "300", "log": "1"})
    xaxis = charts(at)[1]["layout"]["xaxis"]
    assert xaxis["type"] == "log" and xaxis["range"] == pytest.approx([0, 3.0103], abs=1e-3)     # 1 … 1024


def test_the_gradients_row_quotes_the_typical_runs_reach_that_why_lstm_draws():
    from lstm_engine.memory.shipped import shipped_metadata

    row = shown_tables(open_page())[0].row("Gradients")["Measured in this app"]
    for kind in ("rnn", "lstm"):
        metadata = shipped_metadata(kind)
        typical = next(r for r in metadata["seed_search"] if r["seed"] == metadata["featured"]["typical"]["seed"])
        reach = typical["gradient_reach"]
        k = min(range(len(reach["distance"])), key=lambda j: abs(reach["distance"][j] - reach["country_distance"]))
        assert f"{kind.upper()} {reach['h_ratio'][k]:.1e}" in row
    assert f"{reach['distance'][k]} words back" in row


def test_why_not_gru_answers_with_the_counts_the_page_shows():
    at = open_page({"hidden": "20", "input": "10"})
    assert any(h.value == "So why LSTM, and not GRU?" for h in at.header)
    text = " ".join(m.value for m in at.markdown)
    assert f"GRU {count_parameters('gru', 10, 20).total:,}, LSTM {count_parameters('lstm', 10, 20).total:,}" in text
