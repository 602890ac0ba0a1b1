"""The playground's presets in words: the lesson's sentence for its two gate examples, what x(t) and C stand for,
and what the cell's numbers do right now (read from the engine's `CellStep`). Pure: no Streamlit."""

from __future__ import annotations

SHUT, OPEN = 0.1, 0.9          # a gate at or below SHUT lets (almost) nothing through; at or above OPEN, (almost) all


def gate_state(value: float) -> str:
    return "shut" if value <= SHUT else "open" if value >= OPEN else "half open"


def preset_note(preset) -> str:
    """Markdown for a `cell_walkthrough.Preset`: the lesson's sentences and what the numbers stand for, or (for the
    presets that are not one of the lesson's examples) what the cell does."""
    if not preset.lesson:
        return preset.does
    quoted = " ".join(f"“{line}”" for line in preset.lesson)
    return (f"**The lesson:** {quoted}  \nHere x(t) is {preset.x_means}; the cell state C holds {preset.c_means}. "
            f"{preset.does}")


def example_reading(name: str, step, unit: int) -> str | None:
    """What the lesson's example does with the cell's current numbers (any slider may have moved), or None."""
    if name == "new_subject":
        f, i = float(step.f[unit]), float(step.i[unit])
        kept = {"shut": "dropped", "open": "kept", "half open": "partly kept"}[gate_state(f)]
        stored = {"shut": "not stored", "open": "stored", "half open": "partly stored"}[gate_state(i)]
        return (f"Forget gate {gate_state(f)} (f = {f:.3f}): the old value, C(t−1) = {step.c_prev[unit]:.2f}, is "
                f"{kept}. Input gate {gate_state(i)} (i = {i:.3f}): the new one, c̃(t) = {step.c_tilde[unit]:.2f}, is "
                f"{stored}. So C(t) = {step.c[unit]:.2f}.")
    if name == "verb_next":
        o = float(step.o[unit])
        shows = {"shut": "hides", "open": "shows", "half open": "partly shows"}[gate_state(o)]
        return (f"Output gate {gate_state(o)} (o = {o:.3f}): h(t) = {step.h[unit]:.2f} {shows} the number the cell "
                f"holds, C(t) = {step.c[unit]:.2f}.")
    return None
