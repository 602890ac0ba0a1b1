"""One LSTM time step opened up, stage by stage, for the Gates and Data Flow pages to draw.

The stages follow the lesson's equations in the order they are computed:
    inputs     x(t), h(t-1), C(t-1)
    f          f(t) = σ(W_f·[h(t-1), x(t)] + b_f)
    i          i(t) = σ(W_i·[h(t-1), x(t)] + b_i)
    c_tilde    c̃(t) = tanh(W_c·[h(t-1), x(t)] + b_c)
    c          C(t) = f(t) * C(t-1) + i(t) * c̃(t)
    o          o(t) = σ(W_o·[h(t-1), x(t)] + b_o)
    h          h(t) = o(t) * tanh(C(t))

Every value is read from the trace of the engine's `LSTM` layer; nothing here re-runs the cell. The only thing
computed here is each gate's pre-activation W·[h(t-1), x(t)] + b (what goes into σ or tanh), so the pages can
print the formulas with numbers; the tests check that σ/tanh of it gives the trace's gate back.

    x, h_prev, c_prev = preset_inputs("new_subject", hidden=2, inputs=1)       # x1 = 1: a new subject appears
    step = run_one_step(preset_lesson("new_subject", hidden=2, inputs=1), x, h_prev, c_prev)
    step.c            # (H,) C(t) as the engine's LSTM computed it
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lesson_view import from_lesson, to_lesson
from .lstm import LSTM

STAGES = ("inputs", "f", "i", "c_tilde", "c", "o", "h")
GATE_WEIGHTS = {"f": "f", "i": "i", "c_tilde": "c", "o": "o"}     # stage -> suffix of W_?, b_? in the lesson

PRESETS = ("remember", "forget", "write", "silent", "new_subject", "verb_next", "random")


@dataclass(frozen=True)
class Preset:
    """A starting point of the playground: what it is called, what the cell then does, and for the lesson's own
    examples the lesson's sentences and what x(t) and the cell state stand for."""

    label: str
    does: str
    lesson: tuple[str, ...] = ()       # the lesson's words, quoted as the lesson writes them
    x_means: str = ""
    c_means: str = ""


PRESET_INFO = {
    "remember": Preset("Remember everything", "Forget gate open, input gate shut: C(t) keeps C(t-1)."),
    "forget": Preset("Forget everything", "Forget and input gates shut: C(t) drops to 0."),
    "write": Preset("Write new memory", "Forget gate shut, input gate open: C(t) becomes the candidate c̃(t)."),
    "silent": Preset("Stay silent", "Output gate shut: C(t) keeps its value, h(t) shows none of it."),
    "new_subject": Preset(
        "New subject", "x(t) shuts the forget gate and opens the input gate: C(t) takes the new subject's value.",
        lesson=("New subject in text? Forget old subject's gender.", "New subject? Store new gender info."),
        x_means="1 when a new subject appears, 0 when none does",
        c_means="the subject's gender (+ for he, − for she; the new subject is a she)"),
    "verb_next": Preset(
        "Verb coming next", "x(t) opens the output gate: h(t) shows the number the cell has kept.",
        lesson=("Verb coming next? Output singular/plural info.",),
        x_means="1 when a verb comes next, 0 when none does",
        c_means="the subject's number (+ for plural, − for singular)"),
    "random": Preset("Random weights", "PyTorch's random initialisation: no gate does anything in particular."),
}
PRESET_LABELS = {name: preset.label for name, preset in PRESET_INFO.items()}
PRESET_STRENGTH = 6.0      # |bias| that drives a gate close to 0 or 1: σ(6) ≈ 0.9975
PRESET_OPEN = {            # preset -> sign of b_f, b_i, b_o (+ opens the gate, - closes it)
    "remember": (+1, -1, +1),
    "forget": (-1, -1, +1),
    "write": (-1, +1, +1),
    "silent": (+1, -1, -1),
}
# The lesson's examples switch a gate with x1: σ(±(8·x1 − 4)) is 0.982 or 0.018 at x1 = 1 or 0, within the
# playground's ±8 sliders.
SWITCH_WEIGHT, SWITCH_BIAS = 8.0, 4.0
SWITCHED = {               # preset -> {gate: +1 opens it when x1 = 1, -1 shuts it}, the other gates as in PRESET_OPEN
    "new_subject": {"f": -1, "i": +1},
    "verb_next": {"o": +1},
}
NEW_GENDER_WEIGHT = -2.0   # new_subject's candidate: c̃ = tanh(−2·x1), the new subject's gender ("she", −0.96)
START_X, START_C = (1.0, -0.5), (0.8, -0.5, 0.3, -0.9)
LESSON_START_C = {"new_subject": 0.8, "verb_next": 1.5}       # the old subject's gender; the subject's number


@dataclass(frozen=True)
class CellStep:
    """One time step t of one sequence. Vectors are (H,) except x (I,). `z` holds the pre-activations
    {"f", "i", "c_tilde", "o"} -> (H,) when the weights were given, else None."""

    t: int
    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    f: np.ndarray
    i: np.ndarray
    c_tilde: np.ndarray
    c: np.ndarray
    o: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray
    z: dict | None = None

    @property
    def hidden_size(self) -> int:
        return self.h.shape[0]

    def value(self, name: str) -> np.ndarray:
        """A named quantity: "x", "h_prev", "c_prev", "f", "i", "c_tilde", "c", "o", "tanh_c", "h"."""
        return getattr(self, name)


def cell_step(trace, t: int, lesson: dict | None = None, batch: int = 0) -> CellStep:
    """Step `t` of sequence `batch` read from an LSTM trace; `lesson` (to_lesson of the same layer) adds
    the pre-activations. Negative t counts from the end, like a Python index."""
    T = trace.h.shape[1]
    if not -T <= t < T:
        raise IndexError(f"time step {t} is outside this sequence of {T} steps.")
    t = t % T
    h_prev = trace.h0[batch] if t == 0 else trace.h[batch, t - 1]                  # (H,)
    c_prev = trace.c0[batch] if t == 0 else trace.c[batch, t - 1]                  # (H,)
    x = trace.x[batch, t]                                                          # (I,)
    z = None
    if lesson is not None:
        hx = np.concatenate((h_prev, x))                                           # (H+I,) [h(t-1), x(t)]
        z = {stage: lesson[f"W_{k}"] @ hx + lesson[f"b_{k}"] for stage, k in GATE_WEIGHTS.items()}   # each (H,)
    read = {name: np.array(getattr(trace, name)[batch, t]) for name in ("f", "i", "c_tilde", "o", "c", "tanh_c", "h")}
    return CellStep(t=t, x=np.array(x), h_prev=np.array(h_prev), c_prev=np.array(c_prev), z=z, **read)


def run_one_step(lesson: dict, x, h_prev, c_prev) -> CellStep:
    """Load the lesson's weights into the engine's LSTM and run one step from (h_prev, c_prev) on x."""
    state = from_lesson(lesson)
    H, I = state["weight_hh_l0"].shape[1], state["weight_ih_l0"].shape[1]
    layer = LSTM(I, H)
    layer.load_state_dict(state)
    x = np.asarray(x, dtype=np.float64).reshape(1, 1, I)                           # (B=1, T=1, I)
    h0 = np.asarray(h_prev, dtype=np.float64).reshape(1, H)                        # (1, H)
    c0 = np.asarray(c_prev, dtype=np.float64).reshape(1, H)                        # (1, H)
    _, trace = layer.forward(x, h0=h0, c0=c0)
    return cell_step(trace, 0, to_lesson(layer))


def preset_lesson(name: str, hidden: int, inputs: int, seed: int = 0) -> dict:
    """Lesson weights {"W_f".., "b_f"..} for a playground preset.

    The named presets set every recurrent weight to 0. The four gate presets let the biases decide: ±PRESET_STRENGTH
    opens or closes f, i and o, and the candidate follows the input (W_c = 1 on x(t)), so c̃(t) = tanh(Σ x). The
    lesson's two examples switch their gates with x1 (SWITCHED); "new_subject"'s candidate is the new gender.
    "random" is PyTorch's initialisation of an LSTM of this size (seed `seed`).
    """
    if name == "random":
        return to_lesson(LSTM(inputs, hidden, seed=seed))
    if name not in PRESET_INFO:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}.")
    signs = dict(zip("fio", PRESET_OPEN.get(name, PRESET_OPEN["remember"])))
    lesson = {f"W_{k}": np.zeros((hidden, hidden + inputs)) for k in "fico"}       # each (H, H+I)
    lesson["W_c"][:, hidden:] = 1.0
    for k in "fio":
        lesson[f"b_{k}"] = np.full(hidden, signs[k] * PRESET_STRENGTH)
    lesson["b_c"] = np.zeros(hidden)
    for k, sign in SWITCHED.get(name, {}).items():                  # gate = σ(sign · (8·x1 − 4))
        lesson[f"W_{k}"][:, hidden] = sign * SWITCH_WEIGHT
        lesson[f"b_{k}"] = np.full(hidden, -sign * SWITCH_BIAS)
    if name == "new_subject":
        lesson["W_c"][:, hidden:] = 0.0
        lesson["W_c"][:, hidden] = NEW_GENDER_WEIGHT
    return lesson


def preset_inputs(name: str, hidden: int, inputs: int) -> tuple[tuple[float, ...], ...]:
    """(x(t), h(t-1), C(t-1)) a preset starts from. The lesson's examples start with x1 = 1 (the new subject, the
    coming verb) and every unit's cell holding the old value (LESSON_START_C); the others from START_X, START_C."""
    if name not in PRESET_INFO:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}.")
    if name in LESSON_START_C:
        x, c_prev = (1.0,) + (0.0,) * (inputs - 1), (LESSON_START_C[name],) * hidden
    else:
        x, c_prev = tuple(np.resize(START_X, inputs)), tuple(np.resize(START_C, hidden))
    return tuple(map(float, x)), (0.0,) * hidden, tuple(map(float, c_prev))
