"""The key insight follows the measurement: it claims "hundreds of time steps" only when the data show it."""

import pytest

import numpy as np

from dashboard.memory_insight import expected_language, gradient_summary, key_insight, longest_reliable_gap
from lstm_engine.gradient_flow import GradientFlow
from lstm_engine.memory_task import PAIRS, tokenize
from lstm_engine.retention import RetentionCurve, wilson_interval

GAPS = [5, 50, 100, 200, 400]


def _curve(kind, correct, samples=500, gaps=GAPS):
    bounds = [wilson_interval(k, samples) for k in correct]
    return RetentionCurve(kind, list(gaps), [k / samples for k in correct], [lo for lo, _ in bounds],
                          [hi for _, hi in bounds], 0.125, samples, 1)


FORGETFUL_RNN = _curve("rnn", [500, 200, 70, 60, 61])


def test_the_lessons_claim_with_the_measured_figures():
    insight = key_insight({"lstm": _curve("lstm", [500, 500, 499, 497, 430]), "rnn": FORGETFUL_RNN})
    assert insight.holds
    assert insight.headline == "LSTM can remember information for hundreds of time steps."
    assert "200 words" in insight.evidence and "the LSTM is 99% right (95% interval" in insight.evidence   # 497/500 at gap 200
    assert "The RNN, with 100 words in between: 14% right" in insight.evidence                  # 70/500
    assert "no better than guessing" in insight.evidence


def test_the_longest_reliable_gap_is_quoted_when_it_reaches_400():
    insight = key_insight({"lstm": _curve("lstm", [500] * 5), "rnn": FORGETFUL_RNN})
    assert insight.holds and "with 400 words" in insight.evidence


def test_no_hundreds_claim_when_the_lstm_fails_before_200():
    insight = key_insight({"lstm": _curve("lstm", [500, 498, 495, 300, 100]), "rnn": FORGETFUL_RNN})
    assert not insight.holds
    assert "hundreds of time steps" not in insight.headline
    assert "up to 100 words — not hundreds" in insight.headline
    assert "At a gap of 200 it is 60% right" in insight.evidence


def test_a_gap_that_dips_stops_the_reliable_range():
    curve = _curve("lstm", [500, 300, 500, 500, 500])          # 50 fails although 100..400 pass
    assert longest_reliable_gap(curve) == 5
    assert not key_insight({"lstm": curve}).holds


def test_an_lstm_that_remembers_nothing_is_said_plainly():
    insight = key_insight({"lstm": _curve("lstm", [100, 70, 60, 60, 60])})
    assert not insight.holds and "does not remember reliably, even with 5 words" in insight.headline
    assert longest_reliable_gap(_curve("lstm", [100, 70, 60, 60, 60])) is None


def test_short_measurements_do_not_stretch_to_hundreds():
    insight = key_insight({"lstm": _curve("lstm", [500, 500, 500], gaps=[5, 50, 100])})
    assert not insight.holds and "No gap longer than 100 words was measured." in insight.evidence


def test_an_rnn_that_remembers_is_not_called_forgetful():
    insight = key_insight({"lstm": _curve("lstm", [500] * 5), "rnn": _curve("rnn", [500, 499, 497, 200, 70])})
    assert "does not show it forgetting" in insight.evidence and "guessing" not in insight.evidence


def test_rnn_between_chance_and_reliable_gets_no_verdict():
    insight = key_insight({"lstm": _curve("lstm", [500] * 5), "rnn": _curve("rnn", [500, 400, 300, 100, 70])})
    assert "60% right (95% interval" in insight.evidence
    assert "guessing" not in insight.evidence and "forgetting" not in insight.evidence


@pytest.mark.parametrize("text,answer", [
    ("I grew up in France . so I speak fluent", "French"),
    ("I grew up in france, then we moved to SPAIN! so I speak", "Spanish"),
    ("We had a dog. So I speak fluent", None),
    ("I love Atlantis", None),
])
def test_the_expected_answer_is_the_last_country_named(text, answer):
    assert expected_language(tokenize(text), PAIRS[:8]) == answer


def _flow(kind, h_ratio, c_ratio=None):
    return GradientFlow(kind=kind, distance=np.array([1, 10, 30, 40]), h_norm=np.ones(4), c_norm=None,
                        h_ratio=np.array(h_ratio), c_ratio=None if c_ratio is None else np.array(c_ratio),
                        trained=True, gap=30, country_distance=35, samples=16, seed=0)


def test_gradient_summary_reads_the_share_at_the_country():
    text = gradient_summary({"rnn": _flow("rnn", [1.0, 1e-3, 2.2e-9, 0.0]),
                             "lstm": _flow("lstm", [1.0, 0.5, 0.31, 0.2], [1.0, 0.9, 0.84, 0.8])})
    assert "16 sentences with 30 words" in text
    assert "RNN 2e-09 (‖∂L/∂h‖)" in text                     # distance 30 is the last one before the country (35)
    assert "LSTM 0.3 (‖∂L/∂h‖) and 0.8 through the cell state" in text


def test_gradient_summary_says_when_nothing_reaches_back():
    assert "RNN less than 1e-300" in gradient_summary({"rnn": _flow("rnn", [1.0, 0.0, 0.0, 0.0])})
