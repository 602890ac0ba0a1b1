"""Many training runs of one kind on the same data and budget, and the three the app shows.

Gradient descent does not find a long memory equally reliably for every kind: the same RNN trained from ten
different starting weights (seeds 0-9) sometimes remembers and often does not. So each kind is trained
several times and every run keeps its own record:
  held-out accuracy (`validation_accuracy`, used to rank the runs), retention curve at RUN_GAPS,
  training seconds, a learning curve (accuracy at the longest training gap on the same PROBE_SAMPLES
  held-out sentences every LEARNING_CURVE_EVERY steps) and its gradient reach: the share of the training signal
  at the blank that reaches each earlier word of REACH_GAP-word sentences (memory/gradient_flow.py), measured in
  float64 as the shipped weights are loaded, so that a small share does not underflow to zero.
The featured runs: "typical" has the median held-out accuracy (the lower middle run when the count is even),
"best" the highest and "worst" the lowest (ties go to the smaller seed).

Command line: `python -m lstm_engine.train --model <kind> --preset shipped` (all runs of one kind) or
`python -m lstm_engine.train --regenerate-shipped` (every kind and training distance, docs/measurements.md).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from lstm_engine.memory.gradient_flow import flow_record, gradient_flow
from lstm_engine.memory.memory_task import batch_for_gap, build_vocabulary
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.training import TrainConfig, train, validation_accuracy

ROLES = ("typical", "best", "worst")
RUN_GAPS = (0, 5, 10, 20, 50, 100, 200, 400)
RUN_CURVE_SAMPLES, RUN_CURVE_SEED = 200, 3
LEARNING_CURVE_EVERY, PROBE_SAMPLES = 100, 200
REACH_GAP, REACH_SAMPLES, REACH_POINTS = 200, 32, 60


def learning_probe(config: TrainConfig):
    """The held-out sentences of a learning curve: single-country, at the longest training gap."""
    task = config.task
    rng = np.random.default_rng([task.seed, 4242])                 # never the training or validation stream
    return batch_for_gap(task, build_vocabulary(task), PROBE_SAMPLES, task.gap_range[1], rng)


def train_run(kind: str, config: TrainConfig, progress=None, probe=None):
    """One run (config.seed = its starting weights) -> (model, record)."""
    probe = probe if probe is not None else learning_probe(config)
    steps, accuracy = [], []

    def checkpoint(step, model):
        if step % LEARNING_CURVE_EVERY == 0 or step == config.steps:
            steps.append(step)
            accuracy.append(float(np.mean(model.predict_ids(probe.ids) == probe.labels)))

    model, result = train(kind, config, progress=progress, after_step=checkpoint)
    curve = retention_curve(model, RUN_GAPS, samples=RUN_CURVE_SAMPLES, seed=RUN_CURVE_SEED)
    reach = gradient_flow(model.in_dtype(np.float64), REACH_GAP, REACH_SAMPLES, seed=0, points=REACH_POINTS)
    record = {"seed": int(config.seed), "min_gap": int(config.task.gap_range[0]),
              "max_gap": int(config.task.gap_range[1]),
              "held_out_accuracy": validation_accuracy(model, config.task),
              "training_seconds": round(result.seconds, 2), "steps": result.steps,
              "retention": curve.to_dict(),
              "learning_curve": {"steps": steps, "accuracy": accuracy, "gap": int(probe.gap),
                                 "samples": int(len(probe.labels))},
              "gradient_reach": flow_record(reach)}
    return model, record


def featured_seeds(records) -> dict:
    """{"typical": seed, "best": seed, "worst": seed} by held-out accuracy (see the module docstring)."""
    records = list(records)
    if not records:
        raise ValueError("no training runs to choose from")
    ranked = sorted(records, key=lambda r: (r["held_out_accuracy"], r["seed"]))
    best = max(records, key=lambda r: (r["held_out_accuracy"], -r["seed"]))
    return {"typical": ranked[(len(ranked) - 1) // 2]["seed"], "best": best["seed"], "worst": ranked[0]["seed"]}


def train_runs(kind: str, config: TrainConfig, seeds, progress=None, report=print, keep=None):
    """Train one run per seed (same data). Returns ({seed: model}, [record, ...] in seed order).
    keep(seed, model, record), if given, is called as each run finishes (so an interrupted job keeps its runs)."""
    probe = learning_probe(config)
    models, records = {}, []
    for seed in seeds:
        model, record = train_run(kind, replace(config, seed=int(seed)), progress=progress, probe=probe)
        models[int(seed)] = model
        records.append(record)
        if keep is not None:
            keep(int(seed), model, record)
        if report is not None:
            report(f"{kind} run with seed {seed} (trained up to gap {record['max_gap']}): {record['steps']} steps "
                   f"in {record['training_seconds']:.1f} s, held-out accuracy {record['held_out_accuracy']:.1%}, "
                   f"at gap 200 {record['retention']['accuracy'][RUN_GAPS.index(200)]:.1%}")
    return models, records
