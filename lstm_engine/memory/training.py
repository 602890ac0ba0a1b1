"""Train a Classifier on the memory task: Adam, global-norm clipping, curriculum over the gap, early stop,
time budget and a progress callback.

The data stream depends only on `TrainConfig.task` (its seed) and the step number, so RNN, GRU and LSTM
trained with the same config see exactly the same batches; `seed` sets the initial weights.

Command line: `python -m lstm_engine.train` (lstm_engine/train.py).
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from lstm_engine.layers.optim import Adam, clip_by_global_norm
from lstm_engine.memory.curriculum import Curriculum, batch_stream
from lstm_engine.memory.memory_task import TaskConfig, build_vocabulary
from lstm_engine.memory.model import Classifier, check_kind
from lstm_engine.memory.retention import correct_at_gap

STOP_REASONS = ("steps", "early_stop", "time_budget", "should_stop")


@dataclass(frozen=True)
class TrainConfig:
    task: TaskConfig = TaskConfig(gap_range=(1, 50), variant="mixed", two_country_share=0.3, unk_rate=0.02)
    hidden_size: int = 64
    embed_dim: int = 16
    batch_size: int = 32
    steps: int = 2000
    lr: float = 2e-3
    clip_norm: float = 1.0
    curriculum_start: int = 5            # largest gap at step 0 ...
    curriculum_fraction: float = 0.5     # ... grows to task.gap_range[1] over this share of the steps (0 = off)
    uniform_share: float = 0.0           # share of batches with a uniformly drawn gap (the rest: log-uniform)
    forget_bias: float = 1.0             # LSTM only: added to b_f at init (the classic trick, f starts near 1)
    train_embedding: bool = False        # fixed word vectors (like pre-trained ones): a model cannot learn to
                                         # erase the filler words by shrinking their vectors; it has to decide
                                         # in its recurrent layer what to keep (docs/measurements.md)
    early_stop_accuracy: float | None = None   # stop once accuracy at the largest gap reaches this ...
    eval_every: int = 50                 # ... measured every eval_every steps on eval_samples fresh sequences
    eval_samples: int = 200
    time_budget_s: float | None = None   # stop after this many seconds of training
    seed: int = 0                        # initial weights
    dtype: str = "float32"              # training speed; saved weights load in float64

    def __post_init__(self):
        for name in ("hidden_size", "embed_dim", "batch_size", "steps", "eval_every", "eval_samples"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
        if not self.lr > 0 or not self.clip_norm > 0:
            raise ValueError("lr and clip_norm must be positive")
        if self.time_budget_s is not None and not self.time_budget_s > 0:
            raise ValueError(f"time_budget_s must be positive, got {self.time_budget_s}")
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        data = dict(data)
        task = dict(data.pop("task"))
        task["gap_range"] = tuple(task["gap_range"])
        return cls(task=TaskConfig(**task), **data)


@dataclass
class TrainResult:
    kind: str
    steps: int = 0
    seconds: float = 0.0
    stopped_because: str = "steps"
    loss: list = field(default_factory=list)          # per step
    accuracy: list = field(default_factory=list)      # per step, on the training batch
    max_gap: list = field(default_factory=list)       # per step, the curriculum's largest gap
    evals: list = field(default_factory=list)         # (step, gap, accuracy) on fresh sequences

    def summary(self) -> dict:
        tail = slice(-50, None)
        return {"kind": self.kind, "steps": self.steps, "training_seconds": round(self.seconds, 2),
                "stopped_because": self.stopped_because,
                "final_loss": float(np.mean(self.loss[tail])) if self.loss else None,
                "final_batch_accuracy": float(np.mean(self.accuracy[tail])) if self.accuracy else None,
                "evals": [list(e) for e in self.evals]}


def train(kind: str, config: TrainConfig = TrainConfig(), progress=None, should_stop=None, after_step=None):
    """Train a fresh Classifier of `kind`. progress(step, loss, accuracy) is called after every step;
    should_stop() is polled before every step; after_step(step, model) is called before the first step (step 0)
    and after every step, and its time is not counted in the training seconds (for learning curves).
    Returns (model, TrainResult)."""
    check_kind(kind)
    task = config.task
    vocab = build_vocabulary(task)
    model = Classifier(kind, vocab, task.pairs, embed_dim=config.embed_dim, hidden_size=config.hidden_size,
                       seed=config.seed, dtype=np.dtype(config.dtype), forget_bias=config.forget_bias)
    params = model.parameters()
    trainable = [name for name in params if config.train_embedding or name != "embedding.weight"]
    optimizer = Adam({name: params[name] for name in trainable}, lr=config.lr)
    curriculum = Curriculum(config.steps, config.curriculum_start, config.curriculum_fraction, config.uniform_share)
    eval_rng = np.random.default_rng([task.seed, 7919])               # never the training stream
    result = TrainResult(kind)
    started = time.perf_counter()
    if after_step is not None:
        started += _timed(after_step, 0, model)
    for step, max_gap, batch in batch_stream(task, vocab, config.batch_size, curriculum):
        if step >= config.steps:
            break
        if should_stop is not None and should_stop():
            result.stopped_because = "should_stop"
            break
        if config.time_budget_s is not None and time.perf_counter() - started >= config.time_budget_s:
            result.stopped_because = "time_budget"
            break
        loss, grads, probs = model.loss_and_grads(batch.ids, batch.labels)
        grads, _ = clip_by_global_norm({name: grads[name] for name in trainable}, config.clip_norm)
        optimizer.step(grads)
        model.load_parameters(params)
        accuracy = float(np.mean(np.argmax(probs, axis=1) == batch.labels))
        result.steps = step + 1
        result.loss.append(loss)
        result.accuracy.append(accuracy)
        result.max_gap.append(max_gap)
        if progress is not None:
            progress(step + 1, loss, accuracy)
        if after_step is not None:
            started += _timed(after_step, step + 1, model)
        if (config.early_stop_accuracy is not None and max_gap == task.gap_range[1]
                and (step + 1) % config.eval_every == 0):
            measured = correct_at_gap(model, max_gap, config.eval_samples, eval_rng) / config.eval_samples
            result.evals.append((step + 1, max_gap, measured))
            if measured >= config.early_stop_accuracy:
                result.stopped_because = "early_stop"
                break
    result.seconds = time.perf_counter() - started
    model.trained = result.steps > 0
    return model, result


def _timed(function, *args) -> float:
    begin = time.perf_counter()
    function(*args)
    return time.perf_counter() - begin


def validation_accuracy(model: Classifier, task: TaskConfig, samples: int = 200, seed: int = 1000) -> float:
    """Mean accuracy on fresh held-out sequences like the training ones: single-country at a short, a middle and
    the largest gap, and two-country at the middle gap, none shorter than the training's shortest gap (a run trained
    on long sentences only is asked about long ones). Used to rank the runs and to say whether a run learned."""
    low, high = task.gap_range
    checks = [("single", max(1, low, high // 20)), ("single", max(1, low, high // 2)), ("single", high),
              ("two_country", max(low, high // 2))]
    rng = np.random.default_rng([seed, task.seed])
    if task.variant == "single":
        checks = checks[:3]
    return float(np.mean([correct_at_gap(model, gap, samples, rng, variant) / samples for variant, gap in checks]))


def with_max_gap(config: TrainConfig, max_gap: int) -> TrainConfig:
    low = min(config.task.gap_range[0], max_gap)
    return replace(config, task=replace(config.task, gap_range=(low, max_gap)))


def with_gap_range(config: TrainConfig, min_gap: int, max_gap: int) -> TrainConfig:
    """Train on gaps min_gap..max_gap only (the curriculum then starts at min_gap or its own start, the larger)."""
    return replace(config, task=replace(config.task, gap_range=(min_gap, max_gap)))
