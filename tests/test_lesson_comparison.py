"""The comparison table keeps the lesson's claims and puts only measured numbers beside them."""


from made_up_findings import findings

from dashboard.text.lesson_comparison import NOT_YET, comparison_table, gradient_sentence, gru_answer, memory_sentence
from lstm_engine import count_parameters
from lstm_engine.layers.training_cost import StepTime


def counts(I=10, H=20, convention="pytorch"):
    return {kind: count_parameters(kind, I, H, convention=convention) for kind in ("rnn", "gru", "lstm")}


def step(kind, seconds):
    return StepTime(kind, 10, 20, 16, 25, 7, seconds, seconds / 16, (seconds,) * 7)


def measured(table, aspect):
    return table.row(aspect)["Measured in this app"]


def test_lesson_claims_are_kept_word_for_word():
    table = comparison_table(counts(), None, None, None)
    assert table.column("Standard RNN")[:3] == ["Simple recurrence", "Single hidden state", "Simple tanh activation"]
    assert table.row("Parameters")["LSTM"] == "More parameters (4x RNN)"


def test_missing_measurements_say_so_and_show_no_number():
    table = comparison_table(counts(), None, None, None)
    assert measured(table, "Memory") == measured(table, "Gradients") == NOT_YET
    assert not any(ch.isdigit() for ch in measured(table, "Training speed"))


def test_parameter_row_uses_the_counts_and_convention():
    table = comparison_table(counts(convention="keras"), None, None, None)
    row = measured(table, "Parameters")
    assert "RNN 620" in row and "LSTM 2,480" in row            # 10·20 + 20·20 + 20, four times that
    assert "4.00×" in row and "Keras" in row


def test_speed_row_reports_the_measured_ratio():
    row = measured(comparison_table(counts(), {"rnn": step("rnn", 0.002), "lstm": step("lstm", 0.007)}, None, None),
                   "Training speed")
    assert "RNN 2 ms" in row and "LSTM 7 ms" in row and "3.5×" in row and "best of 7" in row


def test_memory_sentence_quotes_the_typical_runs_and_the_counts_of_both_settings():
    text = memory_sentence(findings(rnn_long_learns=1, rnn_easy_learns=9))
    assert "with 100 words in between" in text and "RNN 100%" in text and "LSTM 100%" in text
    assert "trained on gaps 100–200 words: RNN 1 of 10, LSTM all 10" in text
    assert "trained on gaps 0–200 words: RNN 9 of 10, LSTM all 10" in text and "guessing 12%" in text


def test_gradient_sentence_quotes_the_typical_runs_reach_at_the_country():
    text = gradient_sentence(findings(rnn_reach=2e-9, lstm_reach=3e-4))
    assert "205 words back" in text and "RNN 2.0e-09" in text and "LSTM 3.0e-04" in text
    assert "through its cell state 6.0e-04" in text
    assert "eases vanishing gradients but does not abolish them" in text and "The lesson says “solves”" in text


def test_why_not_gru_quotes_counts_reach_parameters_and_step_times():
    sizes = counts(10, 20)
    lines = gru_answer(findings(), sizes, {"gru": step("gru", 0.004), "lstm": step("lstm", 0.007)})
    text = " ".join(lines)
    assert f"GRU {sizes['gru'].total:,}, LSTM {sizes['lstm'].total:,}" in text
    assert f"{sizes['gru'].total / sizes['lstm'].total:.0%} of the LSTM's" in text
    assert "GRU all 10, LSTM all 10" in text and "GRU 1.0e-02, LSTM 1.0e-03" in text
    assert "GRU 4 ms, LSTM 7 ms" in text
    assert not any("Time per training step" in line for line in gru_answer(findings(), sizes, None))
