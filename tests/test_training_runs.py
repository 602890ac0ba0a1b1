"""Every training run behind a shipped model, read from its JSON, and the count of runs that remember."""
import json

import pytest

from lstm_engine.memory.retention import RetentionCurve, runs_remembering, wilson_interval
from lstm_engine.memory.shipped import SHIPPED_KINDS, shipped_path, shipped_retention, training_runs

pytestmark = pytest.mark.skipif(not all(shipped_path(k).is_file() for k in SHIPPED_KINDS),
                                reason="shipped models not generated yet")


def _json(kind):
    with open(shipped_path(kind).with_suffix(".json")) as handle:
        return json.load(handle)


def _curve(correct, gaps=(5, 200, 400), samples=200):
    bounds = [wilson_interval(k, samples) for k in correct]
    return RetentionCurve("rnn", list(gaps), [k / samples for k in correct], [lo for lo, _ in bounds],
                          [hi for _, hi in bounds], 0.125, samples, 3)


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
def test_each_run_is_the_jsons_record_tagged_with_its_seed(kind):
    raw = _json(kind)
    runs = training_runs(kind)
    assert [run.seed for run in runs] == sorted(record["seed"] for record in raw["seed_search"])
    by_seed = {record["seed"]: record for record in raw["seed_search"]}
    for run in runs:
        record = by_seed[run.seed]
        assert run.held_out_accuracy == record["held_out_accuracy"]
        assert run.retention.accuracy == record["retention"]["accuracy"]
        assert run.retention.gaps == record["retention"]["gaps"] and run.retention.kind == kind
        assert run.shipped == (run.seed == raw["seed"])
    assert sum(run.shipped for run in runs) == 1


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
@pytest.mark.parametrize("gap", [5, 200, 400])
def test_runs_remembering_counts_the_jsons_curves(kind, gap):
    records = _json(kind)["seed_search"]
    expected = sum(r["retention"]["accuracy"][r["retention"]["gaps"].index(gap)] >= 0.9 for r in records)
    assert runs_remembering([run.retention for run in training_runs(kind)], gap) == (expected, len(records))


def test_the_threshold_is_inclusive_and_configurable():
    curves = [_curve([200, 180, 180]), _curve([200, 179, 100]), _curve([30, 20, 25])]
    assert runs_remembering(curves, 200) == (1, 3)             # 180/200 = 0.9 counts, 179/200 does not
    assert runs_remembering(curves, 5) == (2, 3)
    assert runs_remembering(curves, 400, threshold=0.5) == (2, 3)          # 100/200 = 0.5 counts
    assert runs_remembering(curves, 400, threshold=0.51) == (1, 3)
    assert runs_remembering([], 200) == (0, 0)


def test_a_gap_that_was_not_measured_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="gap 100 was not measured"):
        runs_remembering([_curve([200, 200, 200])], 100)


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
def test_the_shipped_curve_is_the_jsons_retention_record(kind):
    stored, curve = _json(kind)["retention"], shipped_retention(kind)
    assert curve.kind == kind
    assert list(curve.gaps) == stored["gaps"] and list(curve.accuracy) == stored["accuracy"]
    assert list(curve.low) == stored["low"] and list(curve.high) == stored["high"]
    assert (curve.samples, curve.seed) == (stored["samples"], stored["seed"])
