"""The Why LSTM page's sentences say what the given measurements say: numbers read back from the text equal the
data's, and the verdict follows the counts (no claim the runs do not support)."""

import re

import numpy as np
import pytest

from dashboard.text.memory_insight import (
    expected_language,
    gradient_words,
    keeping_line,
    key_insight,
    learning_caption,
    no_country_note,
    run_phrase,
    share_at_country,
    yours_compared,
)
from lstm_engine.memory.memory_task import PAIRS, tokenize
from lstm_engine.memory.retention import RetentionCurve
from lstm_engine.memory.run_spread import learning_spread, retention_spread
from lstm_engine.memory.shipped import TrainingRun


def _runs(kind, at_200, learning=None):
    """One run per value: accuracy 1.0 at gap 5 and `value` at gap 200 (200 sentences)."""
    runs = []
    for seed, value in enumerate(at_200):
        curve = RetentionCurve(kind, [5, 200], [1.0, value], [1.0, value], [1.0, value], 0.125, 200, 3)
        steps, accuracy = ((0, 100, 200), learning[seed]) if learning else ((), ())
        runs.append(TrainingRun(seed, value, 1.0, curve, seed == 0, steps, accuracy, 200))
    return runs


RNN = [0.14, 0.6, 0.64, 0.69, 0.8, 0.97, 0.2, 0.3, 0.91, 0.5]
LSTM = [1.0] * 9 + [0.85]


def _spreads(runs):
    return {kind: retention_spread(kind, kind_runs) for kind, kind_runs in runs.items()}


def test_the_count_line_counts_runs_at_or_above_90_percent_at_gap_200():
    runs = {"rnn": _runs("rnn", RNN), "lstm": _runs("lstm", LSTM)}
    line = keeping_line(runs)
    assert "RNN 2 of 10" in line and "LSTM 9 of 10" in line and "200 words" in line


def test_key_insight_quotes_the_median_run_and_the_counts_of_the_data():
    runs = {"rnn": _runs("rnn", RNN), "gru": _runs("gru", [1.0] * 10), "lstm": _runs("lstm", LSTM)}
    insight = key_insight(_spreads(runs), runs)
    assert insight.holds and "more reliably" in insight.headline
    median_rnn = np.median(RNN)                                       # 0.62
    assert f"RNN {median_rnn:.0%}, GRU 100%, LSTM 100% right" in insight.evidence
    assert "RNN in 2 of 10, GRU in 10 of 10, LSTM in 9 of 10 training runs" in insight.evidence
    assert "trained each model 10 times" in insight.evidence and "seed" not in insight.evidence.lower()
    assert "now and then" in insight.evidence and "almost every LSTM run did" in insight.evidence


def test_no_claim_when_the_rnn_runs_remember_as_often_as_the_lstms():
    runs = {"rnn": _runs("rnn", [1.0] * 10), "lstm": _runs("lstm", LSTM)}
    insight = key_insight(_spreads(runs), runs)
    assert not insight.holds and "do not show the lesson's claim" in insight.evidence


def test_an_rnn_that_never_remembers_is_said_plainly():
    runs = {"rnn": _runs("rnn", [0.13] * 10), "lstm": _runs("lstm", [1.0] * 10)}
    text = key_insight(_spreads(runs), runs).evidence
    assert "no RNN training run learned" in text and "every LSTM run did" in text


def test_learning_caption_reads_when_the_median_run_reaches_90_percent():
    learning = [(0.1, 0.5, 0.95), (0.1, 0.92, 0.99), (0.12, 0.2, 0.3)]
    spreads = {"rnn": learning_spread("rnn", _runs("rnn", [0.5, 0.5, 0.5], [(0.1, 0.1, 0.2)] * 3)),
               "lstm": learning_spread("lstm", _runs("lstm", [1, 1, 1], learning))}
    text = learning_caption(spreads)
    assert "median RNN run never reaches 90% and ends at 20%" in text
    assert "median LSTM run first reaches 90% after 200 steps and ends at 95%" in text
    assert "vanishing gradient" in text
    same = learning_caption({"lstm": spreads["lstm"], "rnn": spreads["lstm"]})
    assert "vanishing gradient" not in same                     # no reason given for a difference not measured


def _flow(h, c=None):
    return {"distance": [1, 50, 100, 205, 210], "h_ratio": h, "c_ratio": c, "gap": 200, "country_distance": 204,
            "samples": 32, "seed": 0}


def test_gradient_words_quote_the_share_at_the_country_and_the_measured_ratio():
    flows = {"rnn": _flow([1, 1e-5, 1e-20, 9.1e-49, 1e-50]), "lstm": _flow([1, 0.1, 1e-3, 2.3e-7, 1e-7], [1] * 5)}
    assert share_at_country(flows["rnn"]) == (205, 9.1e-49, None)
    text = gradient_words(flows)
    assert "RNN 9.1e-49, LSTM 2.3e-07" in text and "200 words" in text
    ratio = 2.3e-7 / 9.1e-49                                           # 2.5e41
    assert f"about 10{''.join('⁰¹²³⁴⁵⁶⁷⁸⁹'[int(d)] for d in str(int(np.floor(np.log10(ratio)))))} times more" in text
    assert "eases vanishing gradients; it does not abolish them" in text and "solves" not in text


def test_gradient_words_when_nothing_measurable_reaches_back():
    text = gradient_words({"rnn": _flow([1, 0, 0, 1e-300, 0]), "lstm": _flow([1, 1, 1, 1e-3, 1e-3])})
    assert "RNN less than 1e-300" in text and "times more" not in text and "too small to measure" in text
    assert "eases vanishing gradients; it does not abolish them: its share is still about 10⁻³" in text


def test_a_model_trained_on_the_page_is_compared_with_the_shipped_runs_of_its_kind():
    runs = _runs("rnn", RNN)
    mine = RetentionCurve("rnn", [5, 200, 400], [0.9, 0.95, 0.5], [0, 0, 0], [1, 1, 1], 0.125, 200, 1)
    text = yours_compared("Your RNN", mine, retention_spread("rnn", runs), runs)
    assert "Your RNN: 95% right with 200 words" in text and "median 62%, 2 of 10 keep" in text
    assert "unlike most shipped runs" in text


def test_captions_name_the_shown_run():
    assert "typical training run" in run_phrase("typical", 10) and "median of 10" in run_phrase("typical", 10)
    assert "best of 10" in run_phrase("best", 10) and "worst of 10" in run_phrase("worst", 10)


@pytest.mark.parametrize("text,answer", [
    ("I grew up in France. So I speak fluent", "French"),
    ("I grew up in france, then we moved to SPAIN! so I speak", "Spanish"),
    ("We had a dog. So I speak fluent", None),
    ("I love Atlantis", None),
])
def test_the_expected_answer_is_the_last_country_named(text, answer):
    assert expected_language(tokenize(text), PAIRS[:8]) == answer


def test_the_no_country_note_lists_the_countries_the_models_know():
    note = no_country_note(PAIRS[:8])
    assert "no country these models know" in note
    assert re.search(r"France, Spain, .*Sweden\.$", note)
