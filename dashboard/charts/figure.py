"""How every chart becomes a Plotly figure: from plain trace, layout and frame dicts, without Plotly's
property-by-property validation on the server.

Validation walks every property of every trace and frame through Plotly's validators on each build. Measured
(CPU time per figure, `time.process_time`, the default sentence): the stage-by-stage animation 32.5 -> 22.4 ms, the
gate heatmap 7.7 -> 1.9 ms, the gate bars 16.5 -> 3.8 ms, the cell diagram 4.9 -> 1.0 ms; with the frames kept as
dicts too (`_FramesAsDicts`), building the stage-by-stage animation took 25 -> 5 ms and the token-by-token one
42 -> 18 ms, for 2-3 ms more when serialised (measured side by side at load average 3). The figures are the same:
tests/test_charts_unvalidated.py builds every chart and checks that Plotly's validating constructor accepts it and
serialises it to exactly the same JSON, so a mistyped property still fails a test instead of reaching a student.

The app never imports pandas (its tables are `dashboard.text.tables`): Plotly's serialisation looks pandas up in
`sys.modules`, and a pandas half-imported by one session's thread failed another session's chart with "partially
initialized module 'pandas' has no attribute 'Series'" (tests/test_serving_live.py).
"""
from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import convert_to_base64


# What validation turns a template's name into, for the names the charts use (theme.NO_TEMPLATE).
TEMPLATES = {"none": pio.templates["none"].to_plotly_json()}


def figure(data: list, layout: dict, frames: list | None = None) -> go.Figure:
    """go.Figure(data, layout, frames) as validation would make it, without validating."""
    template = layout.get("template")
    if isinstance(template, str):      # validation replaces a template's name by the template itself
        layout = {**layout, "template": copy.deepcopy(TEMPLATES[template])}
    if frames:
        return _FramesAsDicts(data, layout, frames)
    return go.Figure(data=data, layout=layout, _validate=False)


class _FramesAsDicts(go.Figure):
    """A figure whose animation frames stay the plain dicts they were built as until it is serialised (`to_dict`,
    which st.plotly_chart and plotly.io call). Even unvalidated, go.Figure turns every frame's traces into Plotly
    objects: for the token-by-token animation of the default sentence that was 55 of its 64 ms of CPU."""

    def __init__(self, data: list, layout: dict, frames: list):
        super().__init__(data=data, layout=layout, _validate=False)
        self._plain_frames = frames

    def to_dict(self) -> dict:
        drawn = super().to_dict()
        drawn["frames"] = copy.deepcopy(self._plain_frames)      # the caller may change what it gets
        convert_to_base64(drawn["frames"])                       # numpy arrays as Plotly's typed arrays, as above
        return drawn
