"""The shipped RNN, GRU and LSTM (each kind's typical run): trained alike, and their metadata agrees with a fresh
measurement."""
import math

import numpy as np
import pytest

from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.memory_task import lesson_sentence, two_country_sentence
from lstm_engine.memory.retention import correct_at_gap
from lstm_engine.memory.shipped import SHIPPED_KINDS, load_shipped, shipped_metadata, shipped_path

pytestmark = pytest.mark.skipif(not all(shipped_path(k).is_file() for k in SHIPPED_KINDS),
                                reason="shipped models not generated yet")
FRESH_SAMPLES = 150


def test_the_three_kinds_share_data_hidden_size_and_budget():
    configs = [{k: v for k, v in shipped_metadata(kind)["config"].items() if k != "seed"} for kind in SHIPPED_KINDS]
    assert configs[0] == configs[1] == configs[2]           # same task (and data seed), sizes, steps, optimiser
    searches = [[run["seed"] for run in shipped_metadata(kind)["seed_search"]] for kind in SHIPPED_KINDS]
    assert searches[0] == searches[1] == searches[2]        # the same seeds tried for every kind
    for kind in SHIPPED_KINDS:
        model, metadata = load_shipped(kind), shipped_metadata(kind)
        assert model.kind == metadata["kind"] == kind and model.trained
        assert model.hidden_size == metadata["config"]["hidden_size"]
        assert {run["steps"] for run in metadata["seed_search"]} == {metadata["config"]["steps"]}
        assert metadata["retention"]["gaps"] == [5, 10, 20, 50, 100, 200, 400]
        ranked = sorted(metadata["seed_search"], key=lambda run: (run["held_out_accuracy"], run["seed"]))
        assert len(ranked) >= 10 and metadata["seed"] == ranked[(len(ranked) - 1) // 2]["seed"]   # the typical run


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
@pytest.mark.parametrize("gap", [5, 100])
def test_metadata_accuracy_matches_a_fresh_measurement_within_sampling_error(kind, gap):
    model, retention = load_shipped(kind), shipped_metadata(kind)["retention"]
    stored = retention["accuracy"][retention["gaps"].index(gap)]
    fresh = correct_at_gap(model, gap, FRESH_SAMPLES, np.random.default_rng([99, gap])) / FRESH_SAMPLES
    pooled = (stored * retention["samples"] + fresh * FRESH_SAMPLES) / (retention["samples"] + FRESH_SAMPLES)
    pooled = min(max(pooled, 0.02), 0.98)
    error = math.sqrt(pooled * (1 - pooled) * (1 / retention["samples"] + 1 / FRESH_SAMPLES))
    assert abs(fresh - stored) <= 4 * error, (kind, gap, stored, fresh)


def test_the_lessons_targets_hold_in_the_metadata():
    lstm = shipped_metadata("lstm")["retention"]
    rnn = shipped_metadata("rnn")["retention"]
    assert lstm["accuracy"][lstm["gaps"].index(100)] >= 0.95
    assert rnn["accuracy"][rnn["gaps"].index(5)] >= 0.90          # a fair opponent, not a broken one
    assert lstm["chance"] == rnn["chance"] == 1 / len(load_shipped("lstm").languages)


def test_shipped_lstm_answers_the_lesson_sentence_and_switches_at_the_second_country():
    lstm = load_shipped("lstm")
    assert lstm.predict(lesson_sentence("France", gap=100, seed=3)).top(1)[0][0] == "French"
    story = forget_story(lstm, two_country_sentence("France", "Spain", gap1=30, gap2=30, seed=1))
    spain = story.tokens.index("spain")
    top = [story.languages[int(k)] for k in np.argmax(story.probs, axis=1)]
    assert set(top[story.country_positions[0]:spain - 4]) == {"French"}     # held across 30 filler words
    assert story.switch_index is not None and spain <= story.switch_index <= spain + 2
    assert story.languages[int(np.argmax(story.probs[-1]))] == "Spanish"
