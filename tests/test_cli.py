"""Command-line entry points: JSON schema, files written, and bad arguments -> one line, non-zero exit, no traceback."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lstm_engine.memory.model_file import load_classifier
from lstm_engine.memory.shipped import shipped_path

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory):
    out = tmp_path_factory.mktemp("weights") / "tiny_rnn.npz"
    result = run("lstm_engine.train", "--model", "rnn", "--max-gap", "3", "--steps", "30", "--hidden", "4",
                 "--seed", "7", "--eval-gaps", "1", "3", "--eval-samples", "20", "--print-every", "10",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_train_writes_weights_and_metadata_with_config_seed_time_and_retention(tiny_weights):
    out, stdout = tiny_weights
    assert "step    10" in stdout and "step    30" in stdout
    metadata = json.loads(out.with_suffix(".json").read_text())
    assert metadata["kind"] == "rnn" and metadata["seed"] == 7 and metadata["config"]["hidden_size"] == 4
    assert metadata["config"]["task"]["gap_range"] == [1, 3] and metadata["training"]["steps"] == 30
    assert metadata["training_seconds"] > 0
    retention = metadata["retention"]
    assert retention["gaps"] == [1, 3] and retention["samples"] == 20 and retention["chance"] == 0.125
    assert all(lo <= acc <= hi for lo, acc, hi in zip(retention["low"], retention["accuracy"], retention["high"]))
    model = load_classifier(out)
    assert (model.kind, model.hidden_size, model.trained) == ("rnn", 4, True)


def test_several_seeds_record_every_run_and_feature_the_typical_one(tmp_path):
    out = tmp_path / "runs.npz"
    result = run("lstm_engine.train", "--model", "gru", "--max-gap", "2", "--steps", "20", "--hidden", "4",
                 "--seed", "3", "4", "5", "--eval-gaps", "2", "--eval-samples", "10", "--every-gap-samples", "8",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    metadata = json.loads(out.with_suffix(".json").read_text())
    search = metadata["seed_search"]
    assert [run["seed"] for run in search] == [3, 4, 5]
    ranked = sorted(search, key=lambda run: (run["held_out_accuracy"], run["seed"]))
    assert metadata["seed"] == ranked[1]["seed"] == metadata["featured"]["typical"]["seed"]
    assert metadata["featured"]["worst"]["seed"] == ranked[0]["seed"]
    assert metadata["total_training_seconds"] >= metadata["training_seconds"] > 0
    for record in search:
        assert record["learning_curve"]["steps"] == [0, 20] and len(record["learning_curve"]["accuracy"]) == 2
        assert record["retention"]["gaps"] == [0, 5, 10, 20, 50, 100, 200, 400]
    for role, suffix in (("typical", ""), ("best", "_best"), ("worst", "_worst")):
        featured = metadata["featured"][role]
        assert featured["weights"] == f"runs{suffix}.npz" and (tmp_path / featured["weights"]).is_file()
        assert len(featured["every_gap"]["correct"]) == 401 and featured["every_gap"]["samples"] == 8
        assert max(featured["every_gap"]["correct"]) <= 8
    for record in search:                          # every run's reach, measured on 200-word sentences
        reach = record["gradient_reach"]
        assert reach["gap"] == 200 and reach["c_ratio"] is None and reach["h_ratio"][0] == 1.0
        assert [record["min_gap"], record["max_gap"]] == [metadata["config"]["task"]["gap_range"][0], 2]
    model = load_classifier(out)
    assert model.kind == "gru"


def test_retention_json_is_measured_on_the_given_weights(tiny_weights):
    out, _ = tiny_weights
    result = run("lstm_engine.retention", "--model", "rnn", "--weights", str(out), "--gaps", "1", "3",
                 "--samples", "40", "--seed", "3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"model", "gaps", "accuracy", "low", "high", "chance", "samples", "seed"} <= set(data)
    assert (data["model"], data["gaps"], data["samples"], data["seed"]) == ("rnn", [1, 3], 40, 3)
    assert all(round(a * 40) == pytest.approx(a * 40) for a in data["accuracy"])    # whole counts out of 40
    again = json.loads(run("lstm_engine.retention", "--model", "rnn", "--weights", str(out), "--gaps", "1", "3",
                           "--samples", "40", "--seed", "3", "--json").stdout)
    assert again["accuracy"] == data["accuracy"]


@pytest.mark.skipif(not shipped_path("lstm").is_file(), reason="shipped models not generated yet")
def test_predict_prints_each_shipped_models_top_three():
    result = run("lstm_engine.predict", "I grew up in Spain. We had a zebra. So I speak fluent", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"rnn", "gru", "lstm"}
    for answer in data.values():
        assert len(answer["top"]) == 3 and answer["unknown"] == ["zebra"]
        probabilities = [p for _, p in answer["top"]]
        assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1 + 1e-9
    text = run("lstm_engine.predict", "I grew up in Spain so I speak fluent").stdout.splitlines()
    assert [line.split()[0] for line in text[1:]] == ["RNN", "GRU", "LSTM"]


@pytest.mark.parametrize("args, expected", [
    (("lstm_engine.train", "--model", "transformer"), "invalid choice"),
    (("lstm_engine.train", "--model", "lstm", "--max-gap", "-3"), "--max-gap must be >= 0"),
    (("lstm_engine.train", "--model", "lstm", "--steps", "0"), "--steps must be >= 1"),
    (("lstm_engine.retention", "--model", "lstm", "--gaps", "5", "-1"), "gaps must be >= 0"),
    (("lstm_engine.retention", "--model", "lstm", "--gaps", "ten"), "invalid int value"),
    (("lstm_engine.retention", "--model", "lstm", "--weights", "/nonexistent/w.npz"), "weights file not found"),
    (("lstm_engine.retention", "--model", "gru", "--weights", "README.md"), "not a readable weights file"),
    (("lstm_engine.predict", ""), "no words to read"),
    (("lstm_engine.predict", "hello", "--models", "cnn"), "invalid choice"),
    (("lstm_engine.predict",), "the following arguments are required"),
])
def test_bad_arguments_exit_non_zero_with_one_line_and_no_traceback(args, expected):
    if "README.md" in args and not (ROOT / "README.md").is_file():
        pytest.skip("README.md not written yet")
    if args[0] == "lstm_engine.predict" and expected == "no words to read" and not shipped_path("lstm").is_file():
        pytest.skip("shipped models not generated yet")
    result = run(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


def damaged_copies(weights, folder):
    """The tiny model cut off half-way, and a file of random bytes with the same name ending."""
    data = weights.read_bytes()
    truncated, random_bytes = folder / "truncated.npz", folder / "random.npz"
    truncated.write_bytes(data[: len(data) // 2])
    random_bytes.write_bytes(np.random.default_rng(0).bytes(4096))
    return truncated, random_bytes


def test_a_damaged_weights_file_is_one_plain_line(tiny_weights, tmp_path):
    for bad in damaged_copies(tiny_weights[0], tmp_path):
        with pytest.raises(ValueError) as error:
            load_classifier(bad)
        assert str(error.value) == f"{bad} is not a readable weights file (damaged or not made by lstm_engine.train)"
        result = run("lstm_engine.retention", "--model", "rnn", "--weights", str(bad))
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "not a readable weights file" in result.stderr
        assert "Traceback" not in result.stderr and "pickle" not in result.stderr


def test_model_names_are_accepted_in_any_case(tiny_weights):
    out, _ = tiny_weights
    result = run("lstm_engine.retention", "--model", "RNN", "--weights", str(out), "--gaps", "1", "--samples", "5",
                 "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["model"] == "rnn"


@pytest.mark.skipif(not shipped_path("lstm").is_file(), reason="shipped models not generated yet")
def test_predict_reads_a_gap_note_as_that_many_words():
    result = run("lstm_engine.predict", "I grew up in France... [100 words later] ...so I speak fluent",
                 "--models", "RNN", "Lstm")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[100 words later] read as 100 filler words"
    assert lines[1].startswith("110 tokens")                         # i grew up in france . + 100 + so i speak fluent
    assert [line.split()[0] for line in lines[2:]] == ["RNN", "LSTM"]
    huge = run("lstm_engine.predict", "I grew up in France... [5000 words later] ...so I speak fluent",
               "--models", "gru", "--json")
    assert huge.returncode == 0, huge.stderr
    assert json.loads(huge.stdout)["gru"]["tokens"] == 6 + 1000 + 4
    said = run("lstm_engine.predict", "I grew up in France. [5000 words] so I speak fluent", "--models", "gru")
    assert "[5000 words] read as 1000 filler words (a note stands for at most 1000)" in said.stdout


def test_weights_of_another_kind_are_refused(tiny_weights):
    out, _ = tiny_weights
    result = run("lstm_engine.retention", "--model", "lstm", "--weights", str(out))
    assert result.returncode == 1 and "holds a rnn model" in result.stderr and "Traceback" not in result.stderr
    assert np.load(out)["kind"] == "rnn"


@pytest.mark.skipif(not all(shipped_path(kind, "best").is_file() for kind in ("rnn", "gru", "lstm")),
                    reason="shipped models not generated yet")
@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_retention_cli_measures_the_featured_run_the_page_shows_within_sampling_error(kind):
    """The page's number at a gap is the featured run's shipped every-gap table; the CLI measures the same run on
    its own fresh sentences, so they agree within sampling error (4 standard errors of the difference)."""
    from lstm_engine.memory.shipped import every_gap

    result = run("lstm_engine.retention", "--model", kind, "--gaps", "5", "100", "200", "--samples", "200",
                 "--seed", "17", "--json")
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["weights"] == f"shipped:{kind}:typical"
    table = every_gap(kind, "typical")
    for gap, accuracy in zip(measured["gaps"], measured["accuracy"]):
        shown = table.accuracy(gap)
        p = min(max((shown + accuracy) / 2, 0.02), 0.98)
        error = (p * (1 - p) * (1 / 200 + 1 / table.samples)) ** 0.5
        assert abs(accuracy - shown) <= 4 * error, (kind, gap, shown, accuracy)
    best = json.loads(run("lstm_engine.retention", "--model", kind, "--run", "best", "--gaps", "5", "--samples",
                          "20", "--json").stdout)
    assert best["weights"] == f"shipped:{kind}:best"


def test_runs_trained_in_parts_merge_like_one_command(tmp_path):
    parts = tmp_path / "runs"
    common = ("--model", "rnn", "--max-gap", "2", "--steps", "10", "--hidden", "3", "--eval-gaps", "2",
              "--eval-samples", "10", "--every-gap-samples", "4")
    for seeds in (("1", "2"), ("3",)):
        result = run("lstm_engine.train", *common, "--seed", *seeds, "--runs-dir", str(parts))
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in parts.glob("*.npz")) == ["rnn_seed1.npz", "rnn_seed2.npz", "rnn_seed3.npz"]
    merged = run("lstm_engine.train", *common, "--merge", str(parts), "--out", str(tmp_path / "rnn.npz"))
    assert merged.returncode == 0, merged.stderr
    metadata = json.loads((tmp_path / "rnn.json").read_text())
    records = metadata["seed_search"]
    assert [r["seed"] for r in records] == [1, 2, 3]
    ranked = sorted(records, key=lambda r: (r["held_out_accuracy"], r["seed"]))
    assert metadata["featured"]["typical"]["seed"] == ranked[1]["seed"] == metadata["seed"]
    for record in records:                           # every part's own record, unchanged
        assert record == json.loads((parts / f"rnn_seed{record['seed']}.json").read_text())


def test_other_settings_are_recorded_beside_the_featured_runs_and_a_rerun_trains_nothing_again(tmp_path):
    common = ("--model", "rnn", "--steps", "10", "--hidden", "3", "--eval-gaps", "2", "--eval-samples", "10",
              "--every-gap-samples", "4", "--seed", "0", "1")
    featured, long_only = tmp_path / "rnn_gap4", tmp_path / "rnn_gap2-4"
    assert run("lstm_engine.train", *common, "--max-gap", "4", "--runs-dir", str(featured)).returncode == 0
    trained = run("lstm_engine.train", *common, "--min-gap", "2", "--max-gap", "4", "--runs-dir", str(long_only))
    assert trained.returncode == 0, trained.stderr
    first = (long_only / "rnn_seed0.json").stat().st_mtime_ns
    again = run("lstm_engine.train", *common, "--min-gap", "2", "--max-gap", "4", "--runs-dir", str(long_only))
    assert "already kept" in again.stdout and (long_only / "rnn_seed0.json").stat().st_mtime_ns == first
    record = json.loads((long_only / "rnn_seed1.json").read_text())
    assert (record["min_gap"], record["max_gap"]) == (2, 4)
    merge = ("--model", "rnn", "--max-gap", "4", "--hidden", "3", "--eval-gaps", "2", "--eval-samples", "10",
             "--every-gap-samples", "4", "--merge", str(featured), "--other-settings", str(long_only))
    assert run("lstm_engine.train", *merge, "--out", str(tmp_path / "a.npz")).returncode == 0
    assert list(featured.glob("every_gap_rnn_seed*_4.json"))          # kept for the next merge
    assert run("lstm_engine.train", *merge, "--out", str(tmp_path / "b.npz")).returncode == 0
    a, b = (json.loads((tmp_path / name).read_text()) for name in ("a.json", "b.json"))
    assert list(a["training_settings"]) == ["2-4"] and len(a["training_settings"]["2-4"]) == 2
    assert a["featured"] == {role: {**entry, "weights": entry["weights"].replace("b", "a", 1)}
                             for role, entry in b["featured"].items()}


def test_a_smallest_gap_above_the_largest_is_refused_before_training():
    result = run("lstm_engine.train", "--model", "rnn", "--min-gap", "9", "--max-gap", "4")
    assert result.returncode == 2 and "--min-gap 9 is above the largest gap" in result.stderr
    assert "training rnn" not in result.stdout
