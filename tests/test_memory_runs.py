"""Many training runs: the featured choice, the spread over runs, and accuracy at every gap read from one
filler stream per sentence (checked against reading each whole sentence)."""

import numpy as np
import pytest

from lstm_engine.memory.every_gap import correct_at_every_gap, correct_per_gap, draw_plan
from lstm_engine.memory.memory_task import PAIRS, QUESTION, TaskConfig, build_vocabulary
from lstm_engine.memory.model import Classifier
from lstm_engine.memory.retention import RetentionCurve
from lstm_engine.memory.run_spread import first_step_reaching, learning_spread, retention_spread
from lstm_engine.memory.shipped import TrainingRun
from lstm_engine.memory.training_runs import featured_seeds


def _model(kind, seed=4):
    return Classifier(kind, build_vocabulary(TaskConfig()), PAIRS[:8], embed_dim=6, hidden_size=5, seed=seed)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_cut_and_resumed_reading_counts_exactly_what_reading_every_whole_sentence_counts(kind):
    model, max_gap = _model(kind), 23
    plan = draw_plan(8, max_gap, 12, np.random.default_rng(5))
    fast = correct_per_gap(model, plan, max_gap)
    countries = [country.lower() for country, _ in PAIRS[:8]]
    for gap in range(max_gap + 1):
        sentences = [plan.tokens(b, gap, countries[label]) for b, label in enumerate(plan.labels)]
        assert all(len(tokens) == gap + 10 and tokens[-4:] == list(QUESTION) for tokens in sentences)
        predicted = model.predict_ids(np.stack([model.vocab.encode(tokens) for tokens in sentences]))
        assert fast[gap] == int(np.sum(predicted == plan.labels))


def test_the_cut_sentences_are_whole_sentences_like_the_generators():
    plan = draw_plan(8, 40, 6, np.random.default_rng(1))
    for gap in (1, 2, 9, 40):
        for b in range(6):
            filler = plan.tokens(b, gap, "spain")[6:-4]
            assert len(filler) == gap and (gap == 1 or filler[-1] == ".")


def test_every_gap_is_deterministic_per_seed_and_refuses_bad_sizes():
    model = _model("rnn")
    first = correct_at_every_gap(model, 12, 30, seed=2)
    assert first.shape == (13,) and np.array_equal(first, correct_at_every_gap(model, 12, 30, seed=2))
    assert 0 <= first.min() and first.max() <= 30
    for bad in ({"max_gap": -1}, {"samples": 0}, {"samples": 2.5}):
        with pytest.raises(ValueError):
            correct_at_every_gap(model, **{"max_gap": 5, "samples": 10, **bad})


def _record(seed, held_out):
    return {"seed": seed, "held_out_accuracy": held_out}


def test_typical_is_the_median_run_best_and_worst_the_extremes_ties_to_the_smaller_seed():
    records = [_record(s, a) for s, a in enumerate([0.69, 0.97, 0.14, 0.80, 0.64, 0.5, 0.9, 0.3, 0.75, 0.2])]
    # sorted: 0.14(2) 0.2(9) 0.3(7) 0.5(5) 0.64(4) 0.69(0) 0.75(8) 0.8(3) 0.9(6) 0.97(1): lower middle = 0.64
    assert featured_seeds(records) == {"typical": 4, "best": 1, "worst": 2}
    assert featured_seeds([_record(s, 1.0) for s in range(10)]) == {"typical": 4, "best": 0, "worst": 0}
    assert featured_seeds([_record(7, 0.5)]) == {"typical": 7, "best": 7, "worst": 7}
    with pytest.raises(ValueError):
        featured_seeds([])


def _run(seed, accuracy, learning=()):
    gaps = [0, 200]
    curve = RetentionCurve("rnn", gaps, list(accuracy), list(accuracy), list(accuracy), 0.125, 200, 3)
    return TrainingRun(seed, 0.5, 1.0, curve, False, tuple(100 * k for k in range(len(learning))), tuple(learning))


def test_spread_is_the_median_and_quartiles_over_runs_at_each_gap():
    runs = [_run(s, (1.0, a)) for s, a in enumerate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])]
    spread = retention_spread("rnn", runs)
    assert spread.x == (0, 200) and spread.runs == 10
    assert spread.median == pytest.approx((1.0, 0.55))
    assert spread.q1 == pytest.approx((1.0, 0.325)) and spread.q3 == pytest.approx((1.0, 0.775))


def test_learning_spread_and_the_first_step_the_median_run_reaches_90_percent():
    runs = [_run(0, (1, 1), (0.1, 0.5, 0.95)), _run(1, (1, 1), (0.1, 0.9, 0.99)), _run(2, (1, 1), (0.2, 0.2, 0.3))]
    spread = learning_spread("rnn", runs)
    assert spread.x == (0, 100, 200) and spread.median == pytest.approx((0.1, 0.5, 0.95))
    assert first_step_reaching(spread) == 200
    assert first_step_reaching(spread, 0.99) is None
    with pytest.raises(ValueError):
        learning_spread("rnn", [_run(0, (1, 1))])


def test_summarise_all_computes_every_summary_a_page_asks_for_and_each_equals_a_fresh_computation():
    from made_up_findings import findings

    found = findings()
    counted = found.summarise_all()
    assert counted == len(found._memo) > 0
    for kind, setting in found.runs:
        for method, args in [("retention", ()), ("learning", ()), ("learned", ()), ("reach_curves", ()),
                             ("reach_at", (found.country_distance(kind),))]:
            kept = getattr(found, method)(kind, *args, setting)
            assert kept == getattr(type(found), method).__wrapped__(found, kind, *args, setting)
    assert len(found._memo) == counted              # a page's question after the start adds nothing to the process


def test_a_summary_asked_with_its_default_setting_is_the_one_kept_for_that_setting():
    from made_up_findings import findings

    from lstm_engine.memory.shipped import FEATURED_SETTING

    found = findings()
    kept = found.retention("rnn")
    assert found.retention("rnn", FEATURED_SETTING) is kept and found.retention("rnn", list(FEATURED_SETTING)) is kept
    assert len(found._memo) == 1
