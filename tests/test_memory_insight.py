"""The key insight follows the measurement: it claims "hundreds of time steps" only when the data show it."""

import numpy as np
import pytest

from dashboard.text.memory_insight import expected_language, gradient_summary, key_insight, longest_reliable_gap
from lstm_engine.memory.gradient_flow import GradientFlow
from lstm_engine.memory.memory_task import PAIRS, tokenize
from lstm_engine.memory.retention import RetentionCurve, wilson_interval

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


def _runs(kind, correct_per_seed, gaps=GAPS, samples=200):
    from lstm_engine.memory.shipped import TrainingRun
    return [TrainingRun(seed, 0.5, 1.0, _curve(kind, correct, samples, gaps), seed == 1)
            for seed, correct in enumerate(correct_per_seed)]


LSTM_RUNS = _runs("lstm", [[200] * 5] * 5)
RNN_RUNS = _runs("rnn", [[178, 176, 170, 166, 160], [200] * 5, [16, 24, 24, 28, 34],
                         [200, 158, 146, 148, 146], [172, 128, 132, 128, 120]])


def test_runs_are_counted_at_the_longest_gap_and_the_rnns_other_runs_described_by_their_numbers():
    insight = key_insight({"lstm": _curve("lstm", [500] * 5), "rnn": _curve("rnn", [500] * 5)},
                          {"lstm": LSTM_RUNS, "rnn": RNN_RUNS})
    assert "trained 5 times from different random starting weights" in insight.evidence
    assert "The LSTM remembered across 400 words (at least 90% right) in 5 of 5 training runs" in insight.evidence
    assert "the RNN in 1 of 5" in insight.evidence
    assert "seed 3 fell from 100% at gap 5 to 73% at gap 400" in insight.evidence      # 146/200
    assert "seed 4 fell from 86% at gap 5 to 60% at gap 400" in insight.evidence       # 172/200, 120/200
    assert "seed 2 stayed near chance (at most 17% right)" in insight.evidence         # 34/200 < 2 x 12.5%
    assert "seed 1 " not in insight.evidence                                           # it remembered
    assert "vanishes (see the gradient flow)" in insight.evidence
    assert "best of the RNN's training runs" in insight.evidence and insight.holds


def test_no_vanishing_story_when_the_rnns_runs_remember_as_often_as_the_lstms():
    rnn_runs = _runs("rnn", [[200] * 5] * 4 + [[200, 200, 200, 150, 150]])
    lstm_runs = _runs("lstm", [[200] * 5] * 4 + [[200, 200, 200, 100, 50]])
    insight = key_insight({"lstm": _curve("lstm", [500] * 5)}, {"lstm": lstm_runs, "rnn": rnn_runs})
    assert "in 4 of 5 training runs; the RNN in 4 of 5" in insight.evidence
    assert "vanishes" not in insight.evidence and "rarely" not in insight.evidence


def test_runs_are_counted_at_a_gap_every_run_measured():
    short = _runs("rnn", [[200, 200, 200]] * 5, gaps=[5, 50, 100])
    insight = key_insight({"lstm": _curve("lstm", [500] * 5)}, {"lstm": LSTM_RUNS, "rnn": short})
    assert "across 100 words" in insight.evidence and "the RNN in 5 of 5" in insight.evidence


def test_the_shipped_runs_are_reported_as_the_engine_counts_them():
    from lstm_engine.memory.retention import runs_remembering
    from lstm_engine.memory.shipped import SHIPPED_KINDS, shipped_metadata, shipped_path, training_runs
    if not all(shipped_path(kind).is_file() for kind in SHIPPED_KINDS):
        pytest.skip("shipped models not generated yet")
    runs = {kind: training_runs(kind) for kind in SHIPPED_KINDS}
    curves = {kind: RetentionCurve(**shipped_metadata(kind)["retention"]) for kind in SHIPPED_KINDS}
    gap = max(runs["lstm"][0].retention.gaps)
    n_lstm, total = runs_remembering([run.retention for run in runs["lstm"]], gap)
    n_rnn, _ = runs_remembering([run.retention for run in runs["rnn"]], gap)
    evidence = key_insight(curves, runs).evidence
    assert f"across {gap} words (at least 90% right) in {n_lstm} of {total}" in evidence
    assert f"the RNN in {n_rnn} of {len(runs['rnn'])}" in evidence
    for run in runs["rnn"]:
        assert (f"seed {run.seed} " in evidence) == (run.retention.accuracy[-1] < 0.9)
