"""`python -m lstm_engine.train --regenerate-shipped`: every shipped file, from nothing, with one command.

For every kind and every longest training gap in TRAINING_DISTANCES, ten runs (seeds 0-9) of the "shipped" preset
(`python -m lstm_engine.train --preset shipped --max-gap G --runs-dir …`), two jobs at a time, the longest first.
Then, per kind, the runs trained up to FEATURED_DISTANCE are merged into `<kind>.npz` (typical, best, worst) and
`<kind>.json`, which also records the other distances' runs. The runs are kept in `models/runs/` (not committed):
run the command again after an interruption and it trains only what is missing; delete that folder to start over.
Wall time and load go to `models/regenerate.json`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from lstm_engine.memory.shipped import FEATURED_DISTANCE, MODELS_DIR, TRAINING_DISTANCES

JOBS = 2                      # this project's machines have two cores; each job uses one (one BLAS thread)
SEEDS = 10
COST_ORDER = ("lstm", "gru", "rnn")          # slowest kind first, so the last jobs are the short ones


def train_job(kind: str, max_gap: int, runs: Path) -> list[str]:
    return [sys.executable, "-m", "lstm_engine.train", "--model", kind, "--preset", "shipped", "--max-gap",
            str(max_gap), "--runs-dir", str(runs / f"{kind}_gap{max_gap}"), "--print-every", "1000"]


def merge_job(kind: str, runs: Path, models: Path) -> list[str]:
    others = [str(runs / f"{kind}_gap{gap}") for gap in TRAINING_DISTANCES if gap != FEATURED_DISTANCE]
    return [sys.executable, "-m", "lstm_engine.train", "--model", kind, "--preset", "shipped",
            "--merge", str(runs / f"{kind}_gap{FEATURED_DISTANCE}"), "--out", str(models / f"{kind}.npz"),
            "--print-every", "1000", "--other-distances", *others]


def run_all(jobs: list[tuple[str, list[str]]], logs: Path, parallel: int = JOBS) -> dict[str, int]:
    """Run the commands `parallel` at a time, each logging to logs/<name>.log; {name: exit code}."""
    pending, running, codes = list(jobs), [], {}
    started = time.time()
    while pending or running:
        while pending and len(running) < parallel:
            name, command = pending.pop(0)
            log = open(logs / f"{name}.log", "w")
            running.append((name, subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), log))
            print(f"started {name}: {' '.join(command[1:])}", flush=True)
        time.sleep(2)
        for item in list(running):
            name, process, log = item
            if process.poll() is not None:
                log.close()
                codes[name] = process.returncode
                running.remove(item)
                print(f"{name} finished (exit {process.returncode}) at {time.time() - started:.0f} s", flush=True)
    return codes


def regenerate_shipped(models: Path = MODELS_DIR, parallel: int = JOBS) -> int:
    runs = models / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    started, load_before = time.time(), os.getloadavg()
    training = [(f"{kind}_gap{gap}", train_job(kind, gap, runs))
                for gap in sorted(TRAINING_DISTANCES, reverse=True) for kind in COST_ORDER]
    codes = run_all(training, runs, parallel)
    if not any(codes.values()):
        codes |= run_all([(f"{kind}_merge", merge_job(kind, runs, models)) for kind in COST_ORDER], runs, parallel)
    wall = time.time() - started
    summary = {"command": "python -m lstm_engine.train --regenerate-shipped", "wall_seconds": round(wall, 1),
               "parallel_jobs": parallel, "training_distances": list(TRAINING_DISTANCES), "seeds": SEEDS,
               "load_average_before": [round(x, 2) for x in load_before],
               "load_average_after": [round(x, 2) for x in os.getloadavg()],
               "cpu_count": os.cpu_count(), "exit_codes": codes}
    (models / "regenerate.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"all done in {wall:.0f} s wall time", flush=True)
    return 0 if not any(codes.values()) else 1
