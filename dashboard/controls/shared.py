"""The controls several pages share, drawn only on the pages they act on, with a line saying what they act on.

    from dashboard.controls.shared import shared_controls
    shared = shared_controls(uses=("models",), acts_on="the answers and curves on this page")
    shared.models                     # ("rnn", "gru", "lstm") unless the student picked fewer

Each is bound to the same URL name and session key on every page (`?hidden=20` opens RNN vs LSTM and Summary
at that size; a size moved on one page is there on the other).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.url_params import IntControl, MultiChoiceControl

KINDS = ("rnn", "gru", "lstm")

HIDDEN = IntControl("hidden", "Hidden size", 1, 1024, default=128,
                    help="Number of units in the hidden state h (and the cell state C of an LSTM).")
INPUT = IntControl("input", "Input size", 1, 1024, default=64,
                   help="Length of each input vector x(t), e.g. the size of a word embedding.")
MODELS = MultiChoiceControl("models", "Models to compare", KINDS, tuple(MODEL_LABELS[k] for k in KINDS),
                            default=KINDS, help="Which recurrent layers the page draws side by side.")
SPECS = {spec.param: spec for spec in (HIDDEN, INPUT, MODELS)}
# The Gates page's "units shown" (its default also picks the units the Gates question's measured answer reads).
CARRIERS = IntControl("carriers", "Units shown", 1, 4, default=2,
                      help="The units that change most at the country words, strongest first.")


@dataclass(frozen=True)
class SharedControls:
    hidden: int = HIDDEN.default
    input: int = INPUT.default
    models: tuple[str, ...] = KINDS      # never empty: an empty pick means all three


def shared_controls(uses=("hidden", "input", "models"), acts_on: str = "this page", where=None) -> SharedControls:
    """Draw the shared controls this page `uses` (in `where`, default the sidebar) under a caption naming what
    they act on, and return their values (defaults for the ones not drawn)."""
    container = where if where is not None else url_state.sidebar()
    values = {param: url_state.control(SPECS[param], where=container) for param in uses}
    if values.get("models") == ():
        container.caption("No model picked, so the page shows all three.")
    if any(not url_state.is_hidden(param) for param in uses):
        container.caption(f"These act on {acts_on}.")
    models = values.pop("models", KINDS) or KINDS
    return SharedControls(models=models, **values)
