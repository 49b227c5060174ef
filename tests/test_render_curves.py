"""The curves renderer (figures/render/curves.py) and the interval finder of the activation page."""

import json
import re

import numpy as np
import pytest

from figures.articles.activation_functions import runs
from figures.render import artifacts
from figures.render.curves import Curves, Line, curves_slider, curves_svg


def _curves(n_panels=3, log_y=False):
    x = np.linspace(0, 1, 11)
    panels = [[Line("a", x, x + k + 0.1, "#0072B2"), Line("b", x, 2 * x + k + 0.1, "#D55E00", dash=True)]
              for k in range(n_panels)]
    return Curves(panels, [f"panel {k}" for k in range(n_panels)], [f"p{k}" for k in range(n_panels)],
                  ("x", "y"), log_y=log_y)


def test_every_panel_needs_the_same_lines_and_a_title():
    x = np.zeros(2)
    with pytest.raises(ValueError):
        Curves([[Line("a", x, x, "#000")], []], ["t0", "t1"], ["0", "1"], ("x", "y"))
    with pytest.raises(ValueError):
        Curves([[Line("a", x, x, "#000")]], ["t0", "t1"], ["0"], ("x", "y"))


def test_slider_page_has_one_frame_per_panel_and_opens_on_the_last():
    arts = artifacts("demo", curves_slider(_curves(), "panel: "), curves_svg(_curves()))
    html = next(a for a in arts if a.ext == "html").data
    assert "demo.svg" in html  # the <noscript> still
    fig = json.loads(re.search(r"Plotly\.newPlot\(\s*\"demo\",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{\"displayModeBar", html,
                               re.S).group(2))
    assert fig["title"]["text"] == "panel 2"
    assert len(fig["sliders"][0]["steps"]) == 3 and fig["sliders"][0]["active"] == 2


def test_same_input_same_bytes_and_log_axes():
    a, b = curves_slider(_curves(log_y=True), "panel: "), curves_slider(_curves(log_y=True), "panel: ")
    assert a.data("d", None) == b.data("d", None)
    assert '"type":"log"' in a.data("d", None).replace(" ", "")
    assert curves_svg(_curves(log_y=True)).data.startswith("<?xml")


def test_runs_known_answers():
    x = np.arange(8.0)
    assert runs(np.array([1, 1, 0, 0, 1, 0, 1, 1], bool), x) == [[0.0, 1.0], [4.0, 4.0], [6.0, 7.0]]
    assert runs(np.zeros(8, bool), x) == []
    assert runs(np.ones(8, bool), x) == [[0.0, 7.0]]


def test_a_slider_is_named_for_what_it_moves_through():
    """Its prefix, or words given for it: a screen reader announces the slider by that name."""
    html = curves_slider(_curves(), "panel: ").data("d", None)
    assert '"name":"panel"' in html.replace(" ", "")
    with pytest.raises(ValueError, match="what it moves through"):
        curves_slider(_curves())
