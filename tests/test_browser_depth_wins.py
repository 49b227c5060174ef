"""'Where depth wins' in Chromium: the sawtooth's depth slider, dragged by the mouse from the deepest
network to the shallowest, redraws the curve with its 2^L teeth."""

from __future__ import annotations

from test_browser import PAGES, PLOT_TIMEOUT_MS, SCENE_DRAWN_JS, open_page

CURVE_STATE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  return {title: gd._fullLayout.title.text, active: gd._fullLayout.sliders[0].active,
          steps: gd._fullLayout.sliders[0].steps.length, n: gd._fullData[0].x.length,
          path: gd.querySelector('.scatterlayer .js-line').getAttribute('d')};
}"""


def test_depth_slider_doubles_the_teeth(context, server):
    page = open_page(context, server + PAGES["where-depth-wins"])
    iframe = page.locator('iframe[src$="/dw_sawtooth.html"], iframe[data-src$="/dw_sawtooth.html"]')
    iframe.scroll_into_view_if_needed()
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    frame = handle.content_frame()
    before = frame.evaluate(CURVE_STATE_JS)
    depth = before["steps"]
    assert before["active"] == depth - 1 and before["n"] == 2 ** depth + 1, "the figure should open on the deepest net"
    assert f"{2 ** depth} linear pieces" in before["title"]

    # drag the grip past the start of the rail, as a reader would
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
    after = frame.evaluate(CURVE_STATE_JS)
    assert "1 layer of 2 ReLU units: 2 linear pieces" in after["title"]
    assert after["n"] == 3 and after["path"] != before["path"]
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
