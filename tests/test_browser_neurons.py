"""The panel grids of 'What each hidden neuron sees' in Chromium: one slider moves every panel,
and on a phone the panels are re-laid in columns that keep them readable."""

from test_browser import PAGES, PLOT_TIMEOUT_MS, SCENE_DRAWN_JS, open_page

PAGE = "what-each-neuron-sees"

# Title, slider position and every panel's region grid (contour traces), as the reader sees them.
PANELS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const fl = gd._fullLayout;
  const xs = Object.keys(fl).filter(k => /^xaxis\\d*$/.test(k));
  return {title: fl.title.text, active: fl.sliders[0].active, steps: fl.sliders[0].steps.length,
          z: gd._fullData.filter(t => t.type === 'contour').map(t => Array.from(t.z.flat ? t.z.flat() : t.z)),
          widths: xs.map(k => fl[k]._length),
          columns: new Set(xs.map(k => fl[k].domain[0].toFixed(3))).size};
}"""


def _scene(page, stem):
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    iframe.scroll_into_view_if_needed()
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    return handle.content_frame()


def test_one_slider_moves_every_panel(context, server):
    page = open_page(context, server + PAGES[PAGE])
    frame = _scene(page, "neurons_2431")
    before = frame.evaluate(PANELS_JS)
    assert before["active"] == before["steps"] - 1, "the figure should open on the trained net"
    assert len(before["z"]) == 8  # 4 + 3 neurons and the network
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
    after = frame.evaluate(PANELS_JS)
    assert "epoch 0 " in after["title"]
    changed = [a != b for a, b in zip(after["z"], before["z"])]
    assert all(changed), f"panels that did not move: {[i for i, c in enumerate(changed) if not c]}"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"


def test_panels_stay_readable_on_a_phone(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_page(ctx, server + PAGES[PAGE])
        for stem, columns in (("neurons_231", 2), ("neurons_2431", 3), ("neurons_more", 3)):
            frame = _scene(page, stem)
            frame.wait_for_function(f"() => ({PANELS_JS})().columns === {columns}", timeout=PLOT_TIMEOUT_MS)
            state = frame.evaluate(PANELS_JS)
            assert min(state["widths"]) >= 100, f"{stem}: panels {state['widths']} px wide at 390 px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
