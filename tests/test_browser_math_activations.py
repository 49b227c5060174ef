"""The sliders of 'Activation functions' and 'The math of an MLP', driven in Chromium as a reader
would: dragging the grip picks another panel, and the plotted curves change."""

import pytest
from test_browser import PAGES, PLOT_TIMEOUT_MS, SCENE_DRAWN_JS, open_page

CURVES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  return {title: gd._fullLayout.title.text, active: gd._fullLayout.sliders[0].active,
          steps: gd._fullLayout.sliders[0].steps.length,
          names: gd._fullData.map(t => t.name),
          y: Array.from(gd._fullData[0].y).slice(0, 200).map(Number),
          drawn: [...gd.querySelectorAll('.scatterlayer path.js-line')].map(p => p.getAttribute('d'))};
}"""


def _frame(page, stem):
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    iframe.scroll_into_view_if_needed()
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    return handle.content_frame()


@pytest.mark.parametrize("page_name,stem,first_title", [
    ("activation-functions", "activation_curves", "ReLU: value and slope"),
    ("math-of-an-mlp", "mlp_mistakes", "optimizer.zero_grad() forgotten"),
])
def test_dragging_the_slider_picks_another_panel(page_name, stem, first_title, context, server):
    page = open_page(context, server + PAGES[page_name])
    frame = _frame(page, stem)
    before = frame.evaluate(CURVES_JS)
    assert before["active"] == before["steps"] - 1 == 5, "the figure opens on its last panel"
    grip = frame.locator(".slider-grip-rect")
    grip.scroll_into_view_if_needed()
    g, rail = grip.bounding_box(), frame.locator(".slider-rail-rect").bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(rail["x"] - 10, g["y"] + g["height"] / 2, steps=8)
    page.mouse.up()
    frame.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active === 0",
                            timeout=PLOT_TIMEOUT_MS)
    frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                            arg=before["title"], timeout=PLOT_TIMEOUT_MS)
    after = frame.evaluate(CURVES_JS)
    assert after["title"].startswith(first_title)
    assert after["y"] != before["y"], "the data did not change"
    assert after["drawn"] != before["drawn"], "the curves on screen did not move"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
