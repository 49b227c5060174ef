"""The panel grids of 'What each hidden neuron sees' in Chromium: one slider moves every panel,
and on a phone the panels are re-laid in columns that keep them readable."""

from test_browser import PAGES, PLOT_TIMEOUT_MS, drag_slider_to_start, open_page, scene_frame

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




def test_one_slider_moves_every_panel(context, server):
    page = open_page(context, server + PAGES[PAGE])
    frame = scene_frame(page, "neurons_2431")
    before = frame.evaluate(PANELS_JS)
    assert before["active"] == before["steps"] - 1, "the figure should open on the trained net"
    assert len(before["z"]) == 8  # 4 + 3 neurons and the network
    drag_slider_to_start(page, frame, before["title"])
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
            frame = scene_frame(page, stem)
            frame.wait_for_function(f"() => ({PANELS_JS})().columns === {columns}", timeout=PLOT_TIMEOUT_MS)
            state = frame.evaluate(PANELS_JS)
            assert min(state["widths"]) >= 100, f"{stem}: panels {state['widths']} px wide at 390 px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
