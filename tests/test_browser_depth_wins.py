"""'Where depth wins' in Chromium: the sawtooth's depth slider, dragged by the mouse from the deepest
network to the shallowest, redraws the curve with its 2^L teeth."""

from __future__ import annotations

from test_browser import PAGES, drag_slider_to_start, open_page, scene_frame

CURVE_STATE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  return {title: gd._fullLayout.title.text, active: gd._fullLayout.sliders[0].active,
          steps: gd._fullLayout.sliders[0].steps.length, n: gd._fullData[0].x.length,
          path: gd.querySelector('.scatterlayer .js-line').getAttribute('d')};
}"""


def test_depth_slider_doubles_the_teeth(context, server):
    page = open_page(context, server + PAGES["where-depth-wins"])
    frame = scene_frame(page, "dw_sawtooth")
    before = frame.evaluate(CURVE_STATE_JS)
    depth = before["steps"]
    assert before["active"] == depth - 1 and before["n"] == 2 ** depth + 1, "the figure should open on the deepest net"
    assert f"{2 ** depth} linear pieces" in before["title"]

    drag_slider_to_start(page, frame, before["title"])
    after = frame.evaluate(CURVE_STATE_JS)
    assert "1 layer of 2 ReLU units: 2 linear pieces" in after["title"]
    assert after["n"] == 3 and after["path"] != before["path"]
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
