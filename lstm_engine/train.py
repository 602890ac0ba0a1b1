"""`python -m lstm_engine.train`: train one model, print progress, save `.npz` + `.json` (config, seed, training
time, measured retention curve).

  python -m lstm_engine.train --model lstm --max-gap 50 --seed 7 --out /tmp/lstm.npz
  python -m lstm_engine.train --model lstm --preset shipped --out lstm_engine/memory/models/lstm.npz   # the shipped models

The "quick" preset (default) stops early once the largest gap is answered at >= 98% on fresh sequences, within
a 110 s budget. The "shipped" preset trains a fixed number of steps with no time budget, so the same command
regenerates the same weights.
"""
from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import replace

import numpy as np

from lstm_engine.command_line import ArgumentParser, run_cli, use_one_blas_thread
from lstm_engine.memory.memory_task import TaskConfig
from lstm_engine.memory.model import LAYERS
from lstm_engine.memory.model_file import save_classifier
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.training import TrainConfig, train, validation_accuracy, with_max_gap

PRESETS = {
    "quick": TrainConfig(early_stop_accuracy=0.98, time_budget_s=110.0),
    "shipped": TrainConfig(task=TaskConfig(gap_range=(1, 200), variant="mixed", two_country_share=0.3,
                                           unk_rate=0.02, seed=0),
                           steps=4000, curriculum_fraction=0.6),
}
PRESET_SEEDS = {"quick": (0,), "shipped": (0, 1, 2, 3, 4)}   # several seeds: keep the best on held-out sequences
SEED_CURVE_SAMPLES = 200        # each seed's own retention curve (how reliably a kind learns), seed 3
RETENTION_GAPS = (5, 10, 20, 50, 100, 200, 400)


def metadata_path(npz_path: str) -> str:
    root, _ = os.path.splitext(npz_path)
    return root + ".json"


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m lstm_engine.train",
                            description="Train an RNN, GRU or LSTM on the France -> French memory task.")
    parser.add_argument("--model", required=True, choices=tuple(LAYERS))
    parser.add_argument("--preset", choices=tuple(PRESETS), default="quick")
    parser.add_argument("--max-gap", type=int, help="largest gap trained on (preset: quick 50, shipped 200)")
    parser.add_argument("--steps", type=int, help="training steps (batches)")
    parser.add_argument("--seed", type=int, nargs="+", dest="seeds",
                        help="initial weights (quick: 0; shipped: 0 1 2); with several, the one with the best "
                             "held-out accuracy is kept; the data stream (same for all) uses --data-seed")
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
    return parser


def config_from_args(args, parser) -> TrainConfig:
    config = PRESETS[args.preset]
    for flag in ("max_gap", "steps", "hidden", "eval_samples", "print_every"):
        value = getattr(args, flag)
        if value is not None and value < (0 if flag == "max_gap" else 1):
            parser.error(f"--{flag.replace('_', '-')} must be {'>= 0' if flag == 'max_gap' else '>= 1'}, got {value}")
    if args.eval_gaps and min(args.eval_gaps) < 0:
        parser.error(f"--eval-gaps must be >= 0, got {min(args.eval_gaps)}")
    if args.time_budget is not None and not args.time_budget > 0:
        parser.error(f"--time-budget must be positive, got {args.time_budget}")
    if args.max_gap is not None:
        config = with_max_gap(config, args.max_gap)
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
    use_one_blas_thread()
    config = config_from_args(args, parser)
    if args.out is not None and os.path.isdir(args.out):
        parser.error(f"--out must be a file path, {args.out} is a directory")
    seeds = args.seeds or PRESET_SEEDS[args.preset]
    print(f"training {args.model}: gaps {config.task.gap_range}, {config.steps} steps of {config.batch_size}, "
          f"hidden {config.hidden_size}, seeds {list(seeds)}, data seed {config.task.seed}", flush=True)

    def progress(step, loss, accuracy):
        if step % args.print_every == 0:
            print(f"step {step:5d}  loss {loss:.4f}  batch accuracy {accuracy:.2f}", flush=True)

    runs = []
    for seed in seeds:
        model, result = train(args.model, replace(config, seed=seed), progress=progress)
        validation = validation_accuracy(model, config.task) if len(seeds) > 1 else None
        print(f"seed {seed}: {result.steps} steps in {result.seconds:.1f} s ({result.stopped_because})"
              + (f", held-out accuracy {validation:.1%}" if validation is not None else ""), flush=True)
        curve = retention_curve(model, args.eval_gaps, samples=SEED_CURVE_SAMPLES, seed=3) if len(seeds) > 1 else None
        runs.append((validation or 0.0, -len(runs), seed, model, result, curve))
    _, _, seed, model, result, _ = max(runs, key=lambda run: run[:2])    # best held-out accuracy, first on ties
    config = replace(config, seed=seed)
    total_seconds = sum(run[4].seconds for run in runs)
    curve = retention_curve(model, args.eval_gaps, samples=args.eval_samples, seed=1)
    two_country = retention_curve(model, [g for g in args.eval_gaps if g <= 100], samples=args.eval_samples,
                                  seed=2, variant="two_country")
    for gap, accuracy, low, high in zip(curve.gaps, curve.accuracy, curve.low, curve.high):
        print(f"  gap {gap:4d}: {accuracy:6.1%}  (95% CI {low:.1%} - {high:.1%})")
    if args.out:
        save_classifier(model, args.out)
        metadata = {
            "kind": args.model,
            "command": "python -m lstm_engine.train " + " ".join(sys.argv[1:] if argv is None else argv),
            "config": config.to_dict(),
            "seed": config.seed,
            "seed_search": [{"seed": run[2], "held_out_accuracy": run[0], "training_seconds": round(run[4].seconds, 2),
                             "retention": run[5].to_dict() if run[5] else None} for run in runs],
            "total_training_seconds": round(total_seconds, 2),
            "data_seed": config.task.seed,
            "parameters": model.parameter_count(),
            "training": result.summary(),
            "training_seconds": round(result.seconds, 2),
            "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__},
            "retention": curve.to_dict(),
            "two_country_retention": two_country.to_dict(),
        }
        with open(metadata_path(args.out), "w") as handle:
            json.dump(metadata, handle, indent=1)
        print(f"saved {args.out} and {metadata_path(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
