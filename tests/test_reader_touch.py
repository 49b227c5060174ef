"""Figures by touch and keyboard, sized for the screen (issue 20), in Chromium: a one-finger
swipe over every 3-D scene scrolls a phone's page as far as over text, and turning a scene is a
deliberate toggle; named choices are buttons (no Plotly menu); a scene not loaded yet is no Tab
stop; every scene frame fits the screen; no display equation is clipped. That every control of
every scene is a labelled Tab stop is checked in test_reader_figures.py, on its one pass over them.

Touches are sent through the page's CDP session (Input.dispatchTouchEvent), so the browser does
its own gesture scrolling, as on a phone. Fixtures (built site, server, browser) come from
tests/conftest.py.
"""

from __future__ import annotations

import pytest
from test_browser import PAGES, PLOT_TIMEOUT_MS
from test_reader_figures import open_scene, scene_urls

PHONE = dict(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
SCREENS = {"1280x800": {"width": 1280, "height": 800}, "390x844": {"width": 390, "height": 844}}
ARTICLES = [n for n in PAGES if n not in ("index", "tags")]
NAMED_CHOICES = ("mlp_mistakes", "activation_curves", "activation_warps", "width_depth")
LIVE_TIMEOUT_MS = 3 * PLOT_TIMEOUT_MS  # a page loads its scenes one at a time


def scene_pages(site_dir) -> dict[str, list[str]]:
    """{page name: stems of its 3-D scenes}, read from the built scene files."""
    three = {p.stem for p in (site_dir / "assets" / "figures").glob("*/*.html")
             if '"scene":{' in p.read_text(encoding="utf-8").replace(" ", "")}
    out = {}
    for name in ARTICLES:
        html = (site_dir / PAGES[name].strip("/") / "index.html").read_text(encoding="utf-8")
        stems = [s for s in sorted(three) if f'/{s}.html"' in html]
        if stems:
            out[name] = stems
    return out


def swipe(cdp, page, x: float, y: float, dist: float = 300, steps: int = 10) -> float:
    """Drag one finger ``dist`` px up from (x, y); how far the page scrolled."""
    before = page.evaluate("scrollY")
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        at = {"x": x, "y": y - dist * i / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
        page.wait_for_timeout(16)
    for _ in range(3):  # the finger rests before it lifts: no fling, the same distance every time
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
        page.wait_for_timeout(60)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(700)
    return page.evaluate("scrollY") - before


def over_text(cdp, page) -> float:
    """The swipe over a long paragraph: how far one finger scrolls this page."""
    page.evaluate("""() => { const p = [...document.querySelectorAll('article p')]
      .find(p => p.getBoundingClientRect().height > 100 && !p.closest('figure'));
      window.scrollBy(0, p.getBoundingClientRect().top - 500); }""")
    page.wait_for_timeout(300)
    return swipe(cdp, page, 195, 560)


def live_frame(page, stem: str):
    """Scroll the scene ``stem`` to the top of the view and wait until it has replaced its still."""
    sel = f'iframe.mlp-scene[data-src$="/{stem}.html"]'
    page.eval_on_selector(sel, "f => f.scrollIntoView({block: 'start'})")
    # the reader's interest (docs/javascripts/figures.js loads a scene on it)
    page.eval_on_selector(sel, "f => f.parentNode.dispatchEvent(new PointerEvent('pointerenter'))")
    page.wait_for_function("s => document.querySelector(s).parentNode.classList.contains('mlp-drawn')",
                           arg=sel, timeout=LIVE_TIMEOUT_MS)
    return page.locator(sel)


def place(page, frame) -> dict:
    """Scroll ``frame`` to 60 px below the top of the view (frames above may have changed size
    as they loaded) and return its box."""
    for _ in range(3):
        frame.evaluate("f => window.scrollBy(0, f.getBoundingClientRect().top - 60)")
        page.wait_for_timeout(300)
        box = frame.bounding_box()
        if abs(box["y"] - 60) < 2:
            break
    return box


@pytest.fixture(scope="module")
def phone(browser, server):
    ctx = browser.new_context(**PHONE)
    yield ctx
    ctx.close()


def test_scene_pages_finds_the_3d_scenes(site_dir):
    found = scene_pages(site_dir)
    assert "linear_net-layer1" in found["why-more-layers"] and "affine_manifolds" in found["affine-and-squash"]
    assert not any(s.startswith("affine_spirals") for s in sum(found.values(), []))  # 2-D


@pytest.mark.parametrize("name", ARTICLES)
def test_one_finger_swipe_over_every_3d_scene_scrolls_the_page(name, phone, server, site_dir):
    stems = scene_pages(site_dir).get(name, [])
    if not stems:
        pytest.skip(f"{name} has no 3-D scene")
    page = phone.new_page()
    page.goto(server + PAGES[name], wait_until="load")
    cdp = phone.new_cdp_session(page)
    text = over_text(cdp, page)
    assert text > 200, f"{name}: a swipe over text scrolled only {text} px"
    short = {}
    for stem in stems:
        box = place(page, live_frame(page, stem))
        scrolled = swipe(cdp, page, box["x"] + box["width"] / 2, min(box["y"] + box["height"] * 0.75, 800))
        if scrolled < 0.8 * text:
            short[stem] = scrolled
    page.close()
    assert not short, f"{name}: over text {text} px, over these scenes only {short}"


CAMERA_JS = """() => JSON.stringify(
  document.querySelector('.js-plotly-plot')._fullLayout.scene._scene.getCamera().eye)"""


def test_rotate_is_a_labelled_toggle_that_can_be_left(phone, server):
    page = phone.new_page()
    page.goto(server + PAGES["affine-and-squash"], wait_until="load")
    cdp = phone.new_cdp_session(page)
    frame = live_frame(page, "affine_disk3")
    inner = frame.element_handle().content_frame()
    toggle = inner.locator("button.mlp-rotate")
    assert toggle.is_visible() and toggle.inner_text().strip() == "Rotate"
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.tap()
    assert toggle.get_attribute("aria-pressed") == "true"
    eye = inner.evaluate(CAMERA_JS)
    box = place(page, frame)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6
    scrolled = swipe(cdp, page, x, y, dist=150)
    assert abs(scrolled) < 20, f"rotating, the page still scrolled {scrolled} px"
    inner.wait_for_function(f"() => ({CAMERA_JS})() !== {eye!r}", timeout=5_000)  # the scene turned
    toggle.tap()
    assert toggle.get_attribute("aria-pressed") == "false"
    box = place(page, frame)
    assert swipe(cdp, page, x, box["y"] + box["height"] * 0.6, dist=200) > 100, "the toggle was not left"
    page.close()


# --- controls: named choices as buttons (every control a labelled Tab stop: test_reader_figures.py) ---

CHOICE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout;
  const group = document.querySelector('[role=group]');
  return {sliders: (fl.sliders || []).length, menus: (fl.updatemenus || []).length,
          label: group && document.getElementById(group.getAttribute('aria-labelledby')).textContent,
          buttons: group ? [...group.querySelectorAll('button')]
            .map(b => [b.textContent, b.getAttribute('aria-pressed')]) : [],
          title: fl.title.text};
}"""


@pytest.mark.parametrize("stem", NAMED_CHOICES)
def test_named_choices_are_buttons_not_a_slider_or_a_menu(stem, browser, server, site_dir):
    url = scene_urls(site_dir, server)[stem]
    ctx = browser.new_context(viewport={"width": 688, "height": 680})
    page = open_scene(ctx, url)
    state = page.evaluate(CHOICE_JS)
    assert state["sliders"] == 0 and state["menus"] == 0, f"{stem}: a slider, a play button or a Plotly menu is left"
    assert state["label"] and len(state["buttons"]) >= 4, state
    assert [p for _, p in state["buttons"]].count("true") == 1, state
    # the keyboard picks another: Tab to the first button, Enter
    first = page.locator("[role=group] button").first
    first.focus()
    page.keyboard.press("Enter")
    first_pressed = "() => document.querySelector('[role=group] button').getAttribute('aria-pressed') === 'true'"
    page.wait_for_function(first_pressed, timeout=5_000)
    after = page.evaluate(CHOICE_JS)
    if stem == "width_depth":  # a restyle: the first data set's maps are shown again
        assert page.evaluate("() => document.querySelector('.js-plotly-plot')._fullData[0].visible") is True
    else:
        page.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                               arg=state["title"], timeout=5_000)
        assert after["buttons"][0][1] == "true"
    ctx.close()


def test_rate_map_intervals_are_written_in_the_cells_by_a_toggle(browser, server, site_dir, metrics):
    """The toggle writes each shown cell's 95% interval (the first data set's: two rings), in
    percent, as the build measured it. Plotly's heatmap texttemplate has no %{customdata}: a
    template that read it wrote "-–-" in every cell, and a test that only looked for the dash passed."""
    import numpy as np

    from figures.measures import intervals

    n = metrics["width_depth"]["n_seeds"]
    want = []
    for act in ("relu", "tanh"):
        lo, hi = intervals(np.array(metrics["width_depth"][f"solved_circles_{act}"]), n)
        want += [f"{100 * a:.0f}–{100 * b:.0f}" for a, b in zip(lo.flat, hi.flat)]
    ctx = browser.new_context(viewport={"width": 688, "height": 680})
    page = open_scene(ctx, scene_urls(site_dir, server)["width_depth"])
    texts = "() => [...document.querySelectorAll('.heatmaplayer text')].map(t => t.textContent)"
    toggle = page.get_by_role("button", name="95% intervals")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert not any("–" in t for t in page.evaluate(texts))
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({texts})().some(t => t.includes('–'))", timeout=5_000)
    assert toggle.get_attribute("aria-pressed") == "true"
    assert sorted(page.evaluate(texts)) == sorted(want)
    ctx.close()


def test_a_scene_not_loaded_yet_is_no_tab_stop(context, server):
    page = context.new_page()
    page.goto(server + PAGES["why-more-layers"], wait_until="load")
    frames = page.evaluate("""() => [...document.querySelectorAll('iframe.mlp-scene')]
      .map(f => ({src: !!f.getAttribute('src'), tab: f.tabIndex}))""")
    waiting = [f for f in frames if not f["src"]]
    assert waiting, "every frame loaded at once (the test would pass vacuously)"
    assert all(f["tab"] < 0 for f in waiting), frames
    page.close()


# --- frames fit the screen, equations fit the column --------------------------------------------

FRAMES_JS = """() => [...document.querySelectorAll('iframe.mlp-scene')]
  .map(f => [f.dataset.src.split('/').pop(), Math.round(f.getBoundingClientRect().height)])"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", ARTICLES)
def test_every_scene_frame_fits_the_screen(name, screen, browser, server):
    vp = SCREENS[screen]
    ctx = browser.new_context(viewport=vp, has_touch=vp["width"] < 500, is_mobile=vp["width"] < 500)
    page = ctx.new_page()
    page.route("**/assets/figures/*/*.html", lambda route: route.abort())  # the frame's size is the page's
    page.goto(server + PAGES[name], wait_until="load")
    tall = [(s, h) for s, h in page.evaluate(FRAMES_JS) if h > 0.85 * vp["height"]]
    ctx.close()
    assert not tall, f"{name} at {screen}: frames taller than 85 % of the window: {tall}"


# Display equations: how far the drawn formula reaches past its box (0: it fits).
MATH_OVER_JS = """() => [...document.querySelectorAll('div.arithmatex')].map(d => {
  const m = d.querySelector('math'), box = d.getBoundingClientRect();
  let lo = Infinity, hi = -Infinity;
  for (const el of m.querySelectorAll('*')) { const r = el.getBoundingClientRect();
    if (r.width) { lo = Math.min(lo, r.left); hi = Math.max(hi, r.right); } }
  const inner = [box.left + d.clientLeft, box.left + d.clientLeft + d.clientWidth];
  return [m.getAttribute('alttext') || d.textContent.slice(0, 40),
          Math.round(Math.max(d.scrollWidth - d.clientWidth, hi - inner[1], inner[0] - lo))];
})"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", ARTICLES)
def test_no_display_equation_is_clipped(name, screen, browser, server):
    vp = SCREENS[screen]
    ctx = browser.new_context(viewport=vp)
    page = ctx.new_page()
    page.route("**/assets/figures/*/*.html", lambda route: route.abort())
    page.goto(server + PAGES[name], wait_until="load")
    page.wait_for_timeout(200)
    over = [(t, px) for t, px in page.evaluate(MATH_OVER_JS) if px > 0]
    ctx.close()
    assert not over, f"{name} at {screen}: equations wider than the column (px over): {over}"
