"""The CSV downloads hold exactly the engine's measurements, one row per value."""

import io

import numpy as np
import pandas as pd

from dashboard.text.exports import forget_story_csv, retention_csv, runs_csv
from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.memory_task import two_country_sentence
from lstm_engine.memory.retention import RetentionCurve, retention_curve
from lstm_engine.memory.shipped import load_shipped, shipped_metadata


def test_retention_csv_rows_are_the_measured_curves():
    model = load_shipped("lstm")
    curves = {"lstm": retention_curve(model, (3, 30), samples=40, seed=5),
              "rnn": retention_curve(load_shipped("rnn"), (3, 30), samples=40, seed=5)}
    table = pd.read_csv(io.StringIO(retention_csv(curves)))
    assert list(table["model"]) == ["LSTM", "LSTM", "RNN", "RNN"]
    assert list(table["gap"]) == [3, 30, 3, 30]
    for kind, label in (("lstm", "LSTM"), ("rnn", "RNN")):
        rows = table[table["model"] == label]
        np.testing.assert_allclose(rows["accuracy"], curves[kind].accuracy)
        np.testing.assert_allclose(rows["ci95_low"], curves[kind].low)
        np.testing.assert_allclose(rows["ci95_high"], curves[kind].high)
        assert set(rows["sentences"]) == {40} and set(rows["seed"]) == {5}
    assert (table["ci95_low"] <= table["accuracy"]).all() and (table["accuracy"] <= table["ci95_high"]).all()


def test_shipped_curve_round_trips_through_the_csv():
    stored = shipped_metadata("gru")["retention"]
    curve = RetentionCurve(**stored)
    table = pd.read_csv(io.StringIO(retention_csv({"gru": curve})))
    assert list(table["gap"]) == stored["gaps"]
    np.testing.assert_allclose(table["accuracy"], stored["accuracy"])


def test_runs_csv_has_every_runs_accuracy_of_every_setting_as_the_charts_draw_it():
    from dashboard.engine_calls.memory_measurements import findings

    table = pd.read_csv(io.StringIO(runs_csv(findings())), keep_default_na=False)
    for kind, label in (("rnn", "RNN"), ("lstm", "LSTM")):
        metadata = shipped_metadata(kind)
        settings = {(0, 200): metadata["seed_search"]} | {
            tuple(map(int, key.split("-"))): records for key, records in metadata["training_settings"].items()}
        for (low, high), records in settings.items():
            rows = table[(table["model"] == label) & (table["shortest_training_gap"] == low)
                         & (table["longest_training_gap"] == high)]
            assert len(rows) == 8 * len(records)
            for record in records:
                mine = rows[rows["seed"] == record["seed"]]
                assert set(mine["learned"]) == {record["held_out_accuracy"] >= 0.9}
                featured = [role for role, entry in metadata["featured"].items() if entry["seed"] == record["seed"]]
                if (low, high) == (0, 200) and featured:          # featured runs: their every-gap table
                    data = metadata["featured"][featured[0]]["every_gap"]
                    expected = [data["correct"][gap] / data["samples"] for gap in mine["gap"]]
                else:
                    expected = [record["retention"]["accuracy"][record["retention"]["gaps"].index(gap)]
                                for gap in mine["gap"]]
                np.testing.assert_allclose(mine["accuracy"], expected)


def test_forget_story_csv_has_every_token_and_the_chosen_units():
    text = two_country_sentence("France", "Spain", gap1=4, gap2=3, seed=0)
    story = forget_story(load_shipped("lstm"), text)
    units = story.carrier_units[:2]
    table = pd.read_csv(io.StringIO(forget_story_csv(story, units)), keep_default_na=False)
    assert list(table["token"]) == list(story.tokens)
    assert list(table["position"]) == list(range(1, len(story.tokens) + 1))
    for column, language in enumerate(story.languages):
        np.testing.assert_allclose(table[f"P({language})"], story.probs[:, column], rtol=1e-12)
    for unit in units:
        for name in ("f", "i", "c", "o"):
            np.testing.assert_allclose(table[f"{name}_unit{unit + 1}"], getattr(story, name)[:, unit], rtol=1e-12)
    other = [u for u in range(story.f.shape[1]) if u not in units][0]
    assert f"f_unit{other + 1}" not in table.columns
