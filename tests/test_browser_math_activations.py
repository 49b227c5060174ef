"""The sliders of 'Activation functions' and 'The math of an MLP', driven in Chromium as a reader
would: dragging the grip picks another panel, and the plotted curves change."""

import pytest
from test_browser import PAGES, drag_slider_to_start, open_page, scene_frame

CURVES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  return {title: gd._fullLayout.title.text, active: gd._fullLayout.sliders[0].active,
          steps: gd._fullLayout.sliders[0].steps.length,
          names: gd._fullData.map(t => t.name),
          y: Array.from(gd._fullData[0].y).slice(0, 200).map(Number),
          drawn: [...gd.querySelectorAll('.scatterlayer path.js-line')].map(p => p.getAttribute('d'))};
}"""




@pytest.mark.parametrize("page_name,stem,first_title", [
    ("activation-functions", "activation_curves", "ReLU: value and slope"),
    ("math-of-an-mlp", "mlp_mistakes", "optimizer.zero_grad() forgotten"),
])
def test_dragging_the_slider_picks_another_panel(page_name, stem, first_title, context, server):
    page = open_page(context, server + PAGES[page_name])
    frame = scene_frame(page, stem)
    before = frame.evaluate(CURVES_JS)
    assert before["active"] == before["steps"] - 1 == 5, "the figure opens on its last panel"
    drag_slider_to_start(page, frame, before["title"])
    after = frame.evaluate(CURVES_JS)
    assert after["title"].startswith(first_title)
    assert after["y"] != before["y"], "the data did not change"
    assert after["drawn"] != before["drawn"], "the curves on screen did not move"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
