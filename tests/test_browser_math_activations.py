"""The panel choices of 'Activation functions' and 'The math of an MLP' (one button per named
panel, issue 20), driven in Chromium as a reader would: clicking a button picks another panel,
and the plotted curves change."""

import pytest
from test_browser import PAGES, open_page, scene_frame

CURVES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const buttons = [...document.querySelectorAll('[role=group] button')];
  return {title: gd._fullLayout.title.text, steps: buttons.length,
          active: buttons.findIndex(b => b.getAttribute('aria-pressed') === 'true'),
          names: gd._fullData.map(t => t.name),
          y: Array.from(gd._fullData[0].y).slice(0, 200).map(Number),
          drawn: [...gd.querySelectorAll('.scatterlayer path.js-line')].map(p => p.getAttribute('d'))};
}"""




@pytest.mark.parametrize("page_name,stem,first_title", [
    ("activation-functions", "activation_curves", "ReLU: value and slope"),
    ("math-of-an-mlp", "mlp_mistakes", "optimizer.zero_grad() forgotten"),
])
def test_clicking_a_button_picks_another_panel(page_name, stem, first_title, context, server):
    page = open_page(context, server + PAGES[page_name])
    frame = scene_frame(page, stem)
    before = frame.evaluate(CURVES_JS)
    assert before["active"] == before["steps"] - 1 == 5, "the figure opens on its last panel"
    frame.locator("[role=group] button").first.click()
    frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                            arg=before["title"], timeout=5_000)
    after = frame.evaluate(CURVES_JS)
    assert after["active"] == 0, "the clicked button is not shown pressed"
    assert after["title"].startswith(first_title)
    assert after["y"] != before["y"], "the data did not change"
    assert after["drawn"] != before["drawn"], "the curves on screen did not move"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"


def test_a_second_click_before_the_first_panel_is_drawn_is_no_error(context, server):
    """Plotly rejects the promise of a frame that a later frame interrupts; a reader who clicks
    three panels in quick succession (the second queued behind the first, the third replacing it)
    sees the third panel, and the page logs no error."""
    page = open_page(context, server + PAGES["activation-functions"])
    frame = scene_frame(page, "activation_curves")
    frame.evaluate("() => { const b = document.querySelectorAll('[role=group] button');"
                   " b[0].click(); b[1].click(); b[2].click(); }")
    frame.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullLayout.title.text"
                            ".startsWith('tanh')", timeout=5_000)
    page.wait_for_timeout(300)  # an unhandled rejection is reported after the event loop turns
    assert not context.watch.errors, f"console errors: {context.watch.errors}"
