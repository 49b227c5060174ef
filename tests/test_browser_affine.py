"""The sliders of 'A layer is an affine map and a squash' in Chromium: dragging the layer slider
of the spirals flow takes the picture back to the input; stepping the 3-D scene of the 3-unit
network back to the start of training removes the separating plane (there is none at step 0)."""

from test_browser import PAGES, PLOT_STATE_JS, PLOT_TIMEOUT_MS, SCENE_DRAWN_JS, drag_slider_to_start, intend, open_page

PAGE = "affine-and-squash"


def _scene(page, stem: str):
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    intend(iframe)
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    return handle.content_frame()


def test_layer_slider_goes_back_to_the_input(context, server):
    page = open_page(context, server + PAGES[PAGE])
    frame = _scene(page, "affine_spirals")
    before = frame.evaluate(PLOT_STATE_JS)
    assert before["active"] == before["steps"] - 1 and "layer 5" in before["title"]
    drag_slider_to_start(page, frame)
    frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                            arg=before["title"], timeout=PLOT_TIMEOUT_MS)
    after = frame.evaluate(PLOT_STATE_JS)
    assert after["title"].endswith("· input")
    assert (after["x"], after["y"]) != (before["x"], before["y"]), "the points did not move"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"


PLANE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const mesh = gd._fullData.find(t => t.type === 'mesh3d');
  return {title: gd._fullLayout.title.text, corners: mesh.x ? Array.from(mesh.x).length : 0};
}"""


def test_3d_scene_slider_removes_the_plane_at_the_start(context, server):
    page = open_page(context, server + PAGES[PAGE])
    frame = _scene(page, "affine_disk3")
    before = frame.evaluate(PLANE_JS)
    assert before["corners"] >= 3 and "a plane separates" in before["title"]
    drag_slider_to_start(page, frame)
    frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                            arg=before["title"], timeout=PLOT_TIMEOUT_MS)
    after = frame.evaluate(PLANE_JS)
    assert "layer 1 · step 0 · no plane separates" in after["title"] and after["corners"] == 0
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
