"""`python -m lstm_engine.train --regenerate-shipped`: every shipped file, from nothing, with one command.

For every kind and every setting in SETTINGS (each longest training gap G of TRAINING_DISTANCES, trained on every gap
from 0 up to G, or on long sentences only, from G/2 up), ten runs (seeds 0-9) of the "shipped" preset
(`python -m lstm_engine.train --preset shipped --min-gap … --max-gap G --runs-dir …`), two jobs at a time, the
costliest first. Then, per kind, the runs of FEATURED_SETTING are merged into `<kind>.npz` (typical, best, worst)
and `<kind>.json`, which also records every other setting's runs. The runs are kept in `models/runs/` (not committed):
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

from lstm_engine.memory.shipped import FEATURED_SETTING, MODELS_DIR, SETTINGS

JOBS = 2                      # this project's machines have two cores; each job uses one (one BLAS thread)
SEEDS = 10                    # runs per setting of short and long sentences (the main experiment)
LONG_ONLY_SEEDS = 5           # runs per long-sentences-only setting: long sequences cost several times more
COST_ORDER = ("lstm", "gru", "rnn")          # slowest kind first, so the last jobs are the short ones


def folder(kind: str, setting: tuple[int, int]) -> str:
    low, high = setting
    return f"{kind}_gap{high}" if low == 0 else f"{kind}_gap{low}-{high}"


def train_job(kind: str, setting: tuple[int, int], runs: Path) -> list[str]:
    seeds = range(SEEDS if setting[0] == 0 else LONG_ONLY_SEEDS)
    return [sys.executable, "-m", "lstm_engine.train", "--model", kind, "--preset", "shipped", "--min-gap",
            str(setting[0]), "--max-gap", str(setting[1]), "--seed", *map(str, seeds),
            "--runs-dir", str(runs / folder(kind, setting)), "--print-every", "1000"]


def merge_job(kind: str, runs: Path, models: Path) -> list[str]:
    others = [str(runs / folder(kind, setting)) for setting in SETTINGS if setting != FEATURED_SETTING]
    return [sys.executable, "-m", "lstm_engine.train", "--model", kind, "--preset", "shipped",
            "--merge", str(runs / folder(kind, FEATURED_SETTING)), "--out", str(models / f"{kind}.npz"),
            "--print-every", "1000", "--other-settings", *others]


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
    costliest_first = sorted(SETTINGS, key=lambda setting: -(setting[0] + setting[1]))
    training = [(folder(kind, setting), train_job(kind, setting, runs)) for setting in costliest_first
                for kind in COST_ORDER]
    codes = run_all(training, runs, parallel)
    if not any(codes.values()):
        codes |= run_all([(f"{kind}_merge", merge_job(kind, runs, models)) for kind in COST_ORDER], runs, parallel)
    wall = time.time() - started
    summary = {"command": "python -m lstm_engine.train --regenerate-shipped", "wall_seconds": round(wall, 1),
               "parallel_jobs": parallel, "settings": [list(setting) for setting in SETTINGS],
               "seeds": {"from_zero": SEEDS, "long_only": LONG_ONLY_SEEDS},
               "load_average_before": [round(x, 2) for x in load_before],
               "load_average_after": [round(x, 2) for x in os.getloadavg()],
               "cpu_count": os.cpu_count(), "exit_codes": codes}
    (models / "regenerate.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"all done in {wall:.0f} s wall time", flush=True)
    return 0 if not any(codes.values()) else 1
