"""figures/render/scenes.curves_slider: one frame per slider step, opening on the last."""

from __future__ import annotations

import numpy as np

from figures.render import artifacts, scenes


def test_curves_slider_frames_and_opening_frame():
    frames = [[("f", np.linspace(0, 1, n), np.linspace(0, 1, n) ** 2, "#0072B2")] for n in (3, 5, 9)]
    drawn = scenes.curves_slider(frames, ["a", "b", "c"], ["1", "2", "3"], "depth ", ("x", "y"))
    (page,) = artifacts("fig", drawn)
    html = page.data
    assert page.ext == "html" and "plotly-cartesian.min.js" in html
    assert '"sliders":[{"active":2' in html  # opens on the last frame, like every slider
    assert html.count('"name":"') >= 3 and '"prefix":"depth "' in html
