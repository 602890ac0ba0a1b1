"""`python -m lstm_engine.train`: train one model, print progress, save `.npz` + `.json` (config, seed, training
time, measured retention curve).

  python -m lstm_engine.train --model lstm --max-gap 50 --seed 7 --out /tmp/lstm.npz
  python -m lstm_engine.train --model rnn --preset shipped --max-gap 25 --seed 0 1 2 3     # runs of one setting
  python -m lstm_engine.train --regenerate-shipped        # every shipped file (lstm_engine/regenerate.py)

The "quick" preset (default) stops early once the largest gap is answered at >= 98% on fresh sequences, within
a 110 s budget. The "shipped" preset trains a fixed number of steps with no time budget, ten runs (seeds 0-9)
on the same data, so the same command regenerates the same weights. With several seeds every run is recorded
(memory/training_runs.py); the typical run is saved as <out>, the best and worst as <out>_best/_worst.npz, and
the featured runs' accuracy at every gap 0-400 and gradient flow go into the .json.
"""
from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
from dataclasses import replace

import numpy as np

from lstm_engine.command_line import ArgumentParser, run_cli, use_one_blas_thread
from lstm_engine.memory.every_gap import correct_at_every_gap
from lstm_engine.memory.memory_task import TaskConfig
from lstm_engine.memory.model import LAYERS
from lstm_engine.memory.model_file import load_classifier, save_classifier
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.training import TrainConfig, train, validation_accuracy, with_gap_range, with_max_gap
from lstm_engine.memory.training_runs import ROLES, featured_seeds, train_runs

PRESETS = {
    "quick": TrainConfig(early_stop_accuracy=0.98, time_budget_s=110.0),
    "shipped": TrainConfig(task=TaskConfig(gap_range=(0, 200), variant="mixed", two_country_share=0.3,
                                           unk_rate=0.02, seed=0),
                           steps=4000, curriculum_fraction=0.6),
}
PRESET_SEEDS = {"quick": (0,), "shipped": tuple(range(10))}   # shipped: ten runs, the typical one is featured
RETENTION_GAPS = (5, 10, 20, 50, 100, 200, 400)
EVERY_GAP_MAX, EVERY_GAP_SAMPLES, EVERY_GAP_SEED = 400, 2000, 11   # featured runs: accuracy at every gap 0..400
# 2,000 sentences a gap: the page's whole percent is within about a point (one standard error at 50%, less near 100%)
# of the run's true accuracy, so a `python -m lstm_engine.retention` check on 400 sentences differs by its own noise.


def metadata_path(npz_path: str) -> str:
    root, _ = os.path.splitext(npz_path)
    return root + ".json"


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m lstm_engine.train",
                            description="Train an RNN, GRU or LSTM on the France -> French memory task.")
    parser.add_argument("--model", type=str.lower, choices=tuple(LAYERS))
    parser.add_argument("--preset", choices=tuple(PRESETS), default="quick")
    parser.add_argument("--max-gap", type=int, help="largest gap trained on (preset: quick 50, shipped 200)")
    parser.add_argument("--min-gap", type=int, help="smallest gap trained on (default 0: no words in between)")
    parser.add_argument("--steps", type=int, help="training steps (batches)")
    parser.add_argument("--seed", type=int, nargs="+", dest="seeds",
                        help="initial weights (quick: 0; shipped: 0-9); with several, every run is recorded and the "
                             "typical one (median held-out accuracy) is saved; the data stream uses --data-seed")
    parser.add_argument("--data-seed", type=int, help="seed of the training sequences (default 0)")
    parser.add_argument("--hidden", type=int, help="hidden size (default 64)")
    parser.add_argument("--time-budget", type=float, help="seconds of training at most")
    parser.add_argument("--no-early-stop", action="store_true", help="train all the steps")
    parser.add_argument("--train-embedding", action="store_true",
                        help="let the word vectors train too (then every kind can learn to erase the filler words)")
    parser.add_argument("--out", help="where to save the .npz (a .json with the same name is written beside it)")
    parser.add_argument("--eval-samples", type=int, default=500, help="fresh sequences per gap for the retention curve")
    parser.add_argument("--eval-gaps", type=int, nargs="+", default=list(RETENTION_GAPS))
    parser.add_argument("--print-every", type=int, default=100)
    parser.add_argument("--every-gap-samples", type=int, default=EVERY_GAP_SAMPLES,
                        help="with several seeds: fresh sentences per gap for the featured runs' every-gap table")
    parser.add_argument("--runs-dir", help="with several seeds: only train, keeping every run in this folder")
    parser.add_argument("--merge", help="combine the runs kept in this folder (--runs-dir) into --out")
    parser.add_argument("--other-settings", nargs="*", default=(), metavar="FOLDER",
                        help="with --merge: --runs-dir folders of the same kind trained on other gap ranges, "
                             "recorded beside the featured runs (the app's runs-that-learn chart)")
    parser.add_argument("--report", action="store_true",
                        help="print the table of the shipped runs (docs/measurements.md)")
    parser.add_argument("--regenerate-shipped", action="store_true",
                        help="train every kind with --preset shipped at every longest training gap (two jobs at a "
                             "time) into lstm_engine/memory/models/ and record the wall time")
    return parser


def config_from_args(args, parser) -> TrainConfig:
    config = PRESETS[args.preset]
    for flag in ("max_gap", "min_gap", "steps", "hidden", "eval_samples", "print_every", "every_gap_samples"):
        value = getattr(args, flag)
        least = 0 if flag in ("max_gap", "min_gap") else 1
        if value is not None and value < least:
            parser.error(f"--{flag.replace('_', '-')} must be >= {least}, got {value}")
    if args.eval_gaps and min(args.eval_gaps) < 0:
        parser.error(f"--eval-gaps must be >= 0, got {min(args.eval_gaps)}")
    if args.seeds and min(args.seeds) < 0:
        parser.error(f"--seed must be >= 0, got {min(args.seeds)}")
    if args.data_seed is not None and args.data_seed < 0:
        parser.error(f"--data-seed must be >= 0, got {args.data_seed}")
    if args.time_budget is not None and not args.time_budget > 0:
        parser.error(f"--time-budget must be positive, got {args.time_budget}")
    if args.max_gap is not None:
        config = with_max_gap(config, args.max_gap)
    if args.min_gap is not None:
        if args.min_gap > config.task.gap_range[1]:
            parser.error(f"--min-gap {args.min_gap} is above the largest gap trained on, {config.task.gap_range[1]}")
        config = with_gap_range(config, args.min_gap, config.task.gap_range[1])
    changes = {"steps": args.steps, "hidden_size": args.hidden, "time_budget_s": args.time_budget}
    config = replace(config, **{k: v for k, v in changes.items() if v is not None})
    if args.data_seed is not None:
        config = replace(config, task=replace(config.task, seed=args.data_seed))
    if args.no_early_stop:
        config = replace(config, early_stop_accuracy=None)
    if args.train_embedding:
        config = replace(config, train_embedding=True)
    return config


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.regenerate_shipped:
        from lstm_engine.regenerate import regenerate_shipped
        return regenerate_shipped()
    if args.report:
        from lstm_engine.memory.findings import load_findings, markdown_report
        print(markdown_report(load_findings()))
        return 0
    if args.model is None:
        parser.error("--model is required (or --regenerate-shipped)")
    use_one_blas_thread()
    config = config_from_args(args, parser)
    if args.out is not None and os.path.isdir(args.out):
        parser.error(f"--out must be a file path, {args.out} is a directory")
    if args.out is not None and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        parser.error(f"--out: the folder {os.path.dirname(os.path.abspath(args.out))} does not exist; create it first")
    seeds = args.seeds or PRESET_SEEDS[args.preset]
    print(f"training {args.model}: gaps {config.task.gap_range}, {config.steps} steps of {config.batch_size}, "
          f"hidden {config.hidden_size}, seeds {list(seeds)}, data seed {config.task.seed}", flush=True)

    def progress(step, loss, accuracy):
        if step % args.print_every == 0:
            print(f"step {step:5d}  loss {loss:.4f}  batch accuracy {accuracy:.2f}", flush=True)

    if args.merge:
        return merge_runs(args, argv, config)
    if len(seeds) > 1 or args.runs_dir:
        return save_runs(args, argv, config, seeds, progress)
    model, result = train(args.model, replace(config, seed=seeds[0]), progress=progress)
    print(f"seed {seeds[0]}: {result.steps} steps in {result.seconds:.1f} s ({result.stopped_because})", flush=True)
    config = replace(config, seed=seeds[0])
    curve = retention_curve(model, args.eval_gaps, samples=args.eval_samples, seed=1)
    _print_curve(curve)
    if args.out:
        save_classifier(model, args.out)
        metadata = _model_metadata(args, argv, config, model, curve)
        metadata["training"] = result.summary()
        metadata["training_seconds"] = round(result.seconds, 2)
        _write_json(metadata_path(args.out), metadata)
        print(f"saved {args.out} and {metadata_path(args.out)}")
    return 0


def _print_curve(curve) -> None:
    for gap, accuracy, low, high in zip(curve.gaps, curve.accuracy, curve.low, curve.high):
        print(f"  gap {gap:4d}: {accuracy:6.1%}  (95% CI {low:.1%} - {high:.1%})", flush=True)


def _model_metadata(args, argv, config, model, curve) -> dict:
    return {"kind": args.model,
            "command": "python -m lstm_engine.train " + " ".join(sys.argv[1:] if argv is None else argv),
            "config": config.to_dict(), "seed": config.seed, "data_seed": config.task.seed,
            "parameters": model.parameter_count(),
            "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__},
            "retention": curve.to_dict()}


def _write_json(path, data) -> None:
    with open(path, "w") as handle:
        json.dump(data, handle, separators=(",", ":"))


def role_path(npz_path: str, role: str) -> str:
    """typical -> the path itself (the shipped model); best/worst -> <name>_best.npz, <name>_worst.npz."""
    root, ext = os.path.splitext(npz_path)
    return npz_path if role == "typical" else f"{root}_{role}{ext}"


def save_runs(args, argv, config, seeds, progress) -> int:
    """Train every seed, feature the typical run (and keep best and worst), measure the featured ones.
    With --runs-dir, only train and keep every run there (<kind>_seed<k>.npz/.json) for a later --merge; a seed
    already kept there is not trained again, so an interrupted job picks up where it stopped."""
    if not args.runs_dir:
        models, records = train_runs(args.model, config, seeds, progress=progress)
        return finish_runs(args, argv, config, models, records)
    os.makedirs(args.runs_dir, exist_ok=True)

    def stem(seed):
        return os.path.join(args.runs_dir, f"{args.model}_seed{seed}")

    def keep(seed, model, record):
        save_classifier(model, stem(seed) + ".npz")
        _write_json(stem(seed) + ".json", record)

    missing = [seed for seed in seeds if not os.path.isfile(stem(seed) + ".json")]
    if len(missing) < len(seeds):
        print(f"already kept in {args.runs_dir}: seeds {sorted(set(seeds) - set(missing))}", flush=True)
    train_runs(args.model, config, missing, progress=progress, keep=keep)
    print(f"kept {len(seeds)} runs in {args.runs_dir} (combine them with --merge {args.runs_dir})")
    return 0


def kept_records(folder: str, kind: str) -> list[dict]:
    """The run records a --runs-dir folder holds for `kind`, in seed order."""
    records, pattern = [], re.compile(rf"{kind}_seed\d+\.json")
    for name in os.listdir(folder):
        if pattern.fullmatch(name):
            with open(os.path.join(folder, name)) as handle:
                records.append(json.load(handle))
    return sorted(records, key=lambda record: record["seed"])


def merge_runs(args, argv, config) -> int:
    """Combine runs trained in parts (--runs-dir, same preset) into the shipped files, as save_runs would."""
    records = checked_records(args.merge, args.model, config)
    models = {record["seed"]: load_classifier(os.path.join(args.merge, f"{args.model}_seed{record['seed']}.npz"))
              for record in records}
    print(f"merging {args.model} runs with seeds {[r['seed'] for r in records]}", flush=True)
    others = {}
    for folder in args.other_settings:
        runs = checked_records(folder, args.model, config)
        others[f"{runs[0].get('min_gap', 0)}-{runs[0]['max_gap']}"] = runs
    return finish_runs(args, argv, config, models, records, others)


def checked_records(folder: str, kind: str, config) -> list[dict]:
    """The runs kept in `folder`, each held-out accuracy measured again from its saved weights (in training's
    float32, so it is the number training itself computes): runs kept by an older version of the check agree."""
    records = kept_records(folder, kind)
    if not records:
        raise FileNotFoundError(f"no {kind} runs in {folder}")
    for record in records:
        model = load_classifier(os.path.join(folder, f"{kind}_seed{record['seed']}.npz"), dtype=np.float32)
        task = with_gap_range(config, record.get("min_gap", 0), record["max_gap"]).task
        held_out = validation_accuracy(model, task)
        if held_out != record["held_out_accuracy"]:
            print(f"{kind} seed {record['seed']} (gaps {task.gap_range}): held-out accuracy "
                  f"{record['held_out_accuracy']:.3f} -> {held_out:.3f}", flush=True)
            record["held_out_accuracy"] = held_out
    return records


def finish_runs(args, argv, config, models, records, other_settings=None) -> int:
    featured = featured_seeds(records)
    typical = models[featured["typical"]]
    print(f"featured runs (seed): {featured}", flush=True)
    curve = retention_curve(typical, args.eval_gaps, samples=args.eval_samples, seed=1)
    _print_curve(curve)
    if not args.out:
        return 0
    config = replace(config, seed=featured["typical"])
    metadata = _model_metadata(args, argv, config, typical, curve)
    metadata["two_country_retention"] = retention_curve(
        typical, [g for g in args.eval_gaps if g <= 100], samples=args.eval_samples, seed=2,
        variant="two_country").to_dict()
    metadata["training_seconds"] = next(r["training_seconds"] for r in records if r["seed"] == featured["typical"])
    metadata["total_training_seconds"] = round(sum(r["training_seconds"] for r in records), 2)
    metadata["seed_search"] = records
    metadata["training_settings"] = dict(sorted((other_settings or {}).items(),
                                                key=lambda item: tuple(map(int, item[0].split("-")))))
    metadata["featured"] = {}
    for role in ROLES:
        seed = featured[role]
        save_classifier(models[seed], role_path(args.out, role))
        started = time.perf_counter()
        metadata["featured"][role] = {"seed": seed, "weights": os.path.basename(role_path(args.out, role)),
                                      "every_gap": every_gap_record(models[seed], args, seed)}
        print(f"{role} (seed {seed}): every gap measured in {time.perf_counter() - started:.1f} s", flush=True)
    _write_json(metadata_path(args.out), metadata)
    print(f"saved {args.out}, its best/worst runs and {metadata_path(args.out)}")
    return 0


def every_gap_record(model, args, seed: int) -> dict:
    """A featured run's accuracy at every gap 0..EVERY_GAP_MAX; with --merge, kept beside its runs so that merging
    again (say, after training more settings) does not measure it again."""
    cache = os.path.join(args.merge, f"every_gap_{args.model}_seed{seed}_{args.every_gap_samples}.json") \
        if args.merge else None
    if cache and os.path.isfile(cache):
        with open(cache) as handle:
            return json.load(handle)
    correct = correct_at_every_gap(model, EVERY_GAP_MAX, args.every_gap_samples, EVERY_GAP_SEED)
    record = {"correct": correct.tolist(), "samples": args.every_gap_samples, "seed": EVERY_GAP_SEED}
    if cache:
        _write_json(cache, record)
    return record


if __name__ == "__main__":
    sys.exit(run_cli(main))
