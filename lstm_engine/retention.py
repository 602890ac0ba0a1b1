"""`python -m lstm_engine.retention`: measure a model's accuracy against the gap on fresh sentences.

  python -m lstm_engine.retention --model lstm [--run typical|best|worst | --weights path.npz] --gaps 5 10 50 --json

The measurement itself is `lstm_engine.memory.retention.retention_curve`.
"""
from __future__ import annotations

import json
import sys

from lstm_engine.command_line import ArgumentParser, run_cli, use_one_blas_thread
from lstm_engine.memory.model_file import load_classifier
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS, load_shipped


def main(argv=None) -> int:
    parser = ArgumentParser(prog="python -m lstm_engine.retention",
                            description="Measure accuracy vs gap on freshly generated sequences.")
    parser.add_argument("--model", required=True, type=str.lower, choices=SHIPPED_KINDS)
    parser.add_argument("--weights", help="a .npz saved by lstm_engine.train (default: the shipped model)")
    parser.add_argument("--run", choices=RUNS, default="typical",
                        help="which shipped training run (default typical: the one the app features)")
    parser.add_argument("--gaps", type=int, nargs="+", default=[5, 10, 20, 50, 100, 200, 400])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", choices=("single", "two_country"), default="single")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    use_one_blas_thread()
    if min(args.gaps) < 0:
        parser.error(f"gaps must be >= 0, got {min(args.gaps)}")
    if args.samples < 1:
        parser.error(f"--samples must be >= 1, got {args.samples}")
    model = load_classifier(args.weights) if args.weights else load_shipped(args.model, args.run)
    if model.kind != args.model:
        raise ValueError(f"{args.weights} holds a {model.kind} model, not {args.model}")
    curve = retention_curve(model, args.gaps, args.samples, args.seed, args.variant)
    if args.json:
        result = curve.to_dict()
        result = {"model": result.pop("kind"), **result, "weights": args.weights or f"shipped:{args.model}:{args.run}"}
        print(json.dumps(result))
    else:
        print(f"{args.model}: accuracy on {args.samples} fresh {args.variant} sequences per gap "
              f"(chance {curve.chance:.3f}, seed {args.seed})")
        for gap, acc, lo, hi in zip(curve.gaps, curve.accuracy, curve.low, curve.high):
            print(f"  gap {gap:4d}: {acc:6.1%}  (95% CI {lo:.1%} - {hi:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
