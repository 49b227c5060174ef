"""A choice between named views of a Plotly figure (activations, mistakes, data sets): not a
slider, which is for ordered quantities, nor a Plotly menu, which the keyboard cannot reach, but
a row of labelled HTML buttons that scene.js draws under the plot from ``layout.meta.choice``."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

# a frame shown at once, as the slider's steps do (figures.render.scenes)
STEP = dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))


def choose(fig: go.Figure, label: str, options: Sequence[dict], active: int) -> None:
    """Mark ``fig`` with a choice called ``label``: each option a button label and the Plotly
    call it makes (``method``, ``args``); ``active`` is the option the figure shows first."""
    meta = dict(fig.layout.meta or {})
    fig.update_layout(meta=meta | dict(choice=dict(label=label, options=list(options), active=active)))


def choose_frame(fig: go.Figure, frames: list[go.Frame], labels: Sequence[str], prefix: str) -> None:
    """Attach ``frames`` (one per named thing) with a button for each, the last shown first."""
    fig.frames = frames
    options = [dict(label=lab, method="animate", args=[[f.name], STEP]) for f, lab in zip(frames, labels)]
    choose(fig, prefix.strip(" :"), options, len(frames) - 1)
