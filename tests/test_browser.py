"""Every page of the built site in a real Chromium: scenes render, math is typeset, images load,
no console error, and no request leaves the local server.

Needs Debian's Chromium at /usr/bin/chromium (Playwright drives it; never `playwright install`).
The fixtures (built site, local server, browser; tests/conftest.py) run the figure build first.
"""

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PLOT_TIMEOUT_MS = 20_000


def page_urls() -> dict[str, str]:
    """{page name: URL path} for every Markdown page (use_directory_urls is on)."""
    urls = {}
    for md in sorted(DOCS.rglob("*.md")):
        rel = md.relative_to(DOCS).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "index" else rel.parts
        urls["/".join(rel.parts)] = "/" + "".join(p + "/" for p in parts)
    return urls


PAGES = page_urls()


# --- checks -----------------------------------------------------------------------------------


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


# Scroll a scene's frame to the middle of the view and show the reader's interest in it (the
# pointer enters its stage): docs/javascripts/figures.js loads a scene, all but the page's first,
# only then (issue 20).
INTEND_JS = """f => { f.scrollIntoView({block: 'center'});
  if (f.parentNode.classList.contains('mlp-stage')) f.parentNode.dispatchEvent(new PointerEvent('pointerenter')); }"""


def intend(frame) -> None:
    """Scroll the frame (a locator or handle) into view and point at it, as a reader would."""
    frame.evaluate(INTEND_JS)


def wait_for_scenes(page) -> int:
    """Scroll each iframe into view (they are lazy) and wait until its Plotly plot is drawn."""
    iframes = page.locator("iframe").element_handles()
    for el in iframes:
        # Scrolled by the page's own scrollIntoView: Playwright's scroll waits for the frame to stand
        # still, and lazy images loading above it can keep moving it on a busy machine.
        intend(el)
        page.wait_for_function(SCENE_DRAWN_JS, arg=el, timeout=PLOT_TIMEOUT_MS)
        # and the page has put the scene in place of its still (docs/javascripts/figures.js)
        page.wait_for_function("f => !f.parentNode.classList.contains('mlp-stage') || "
                               "f.parentNode.classList.contains('mlp-drawn')", arg=el, timeout=PLOT_TIMEOUT_MS)
    return len(iframes)


def scene_frame(page, stem: str):
    """Scroll the scene ``stem`` into view, wait until it is drawn, and return its frame."""
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    intend(iframe)
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    return handle.content_frame()


def drag_slider_to_start(page, frame, old_title: str | None = None) -> None:
    """Drag the scene's slider grip with the mouse past the start of its rail, as a reader would,
    and wait until the first step is active (and, given ``old_title``, the title has changed)."""
    grip = frame.locator(".slider-grip-rect")
    grip.scroll_into_view_if_needed()
    g, rail = grip.bounding_box(), frame.locator(".slider-rail-rect").bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(rail["x"] - 10, g["y"] + g["height"] / 2, steps=8)
    page.mouse.up()
    frame.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active === 0",
                            timeout=PLOT_TIMEOUT_MS)
    if old_title is not None:
        frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                                arg=old_title, timeout=PLOT_TIMEOUT_MS)


# A 3-D scene also needs its WebGL canvas (Plotly writes a notice instead when WebGL fails).
SCENE_DRAWN_JS = """(el) => {
  const GL3D = ['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'isosurface', 'volume'];
  const doc = el.contentDocument;
  const gd = doc && doc.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullData || !gd.querySelector('.main-svg')) return false;
  const gl3d = gd._fullData.some(t => GL3D.includes(t.type));
  if (!gl3d) return true;
  const canvas = gd.querySelector('.gl-container canvas');
  return !!canvas && canvas.width > 0 && !doc.body.innerText.includes('WebGL is not supported');
}"""


def wait_for_images(page, selector: str = "img") -> list[str]:
    """Scroll each visible image into view; return the sources that did not load."""
    broken = []
    for el in page.locator(selector).element_handles():
        if not el.is_visible():
            continue
        el.scroll_into_view_if_needed()
        with contextlib.suppress(PlaywrightTimeout):  # reported below as broken
            page.wait_for_function("el => el.complete", arg=el, timeout=5_000)
        if not el.evaluate("el => el.naturalWidth > 0"):
            broken.append(el.get_attribute("src"))
    return broken


def math_boxes(page) -> list[dict | None]:
    return [el.bounding_box() for el in page.locator("math").element_handles()]


# --- tests ------------------------------------------------------------------------------------


def test_every_built_page_is_tested(site_dir):
    built = {
        "/" + "".join(p + "/" for p in f.parent.relative_to(site_dir).parts)
        for f in site_dir.rglob("index.html")
        if "assets" not in f.parts
    }
    assert built == set(PAGES.values())


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(name, context, server):
    page = open_page(context, server + PAGES[name])
    wait_for_scenes(page)
    broken = wait_for_images(page)
    check_math(page, name)
    assert not broken, f"{name}: images did not load: {broken}"
    page.emulate_media(media="print")
    assert not page.locator("iframe:visible").count(), f"{name}: scenes shown in print"
    broken = wait_for_images(page, ".mlp-poster")
    assert not broken, f"{name}: print fallbacks did not load: {broken}"
    hidden = page.locator(".mlp-poster").count() - page.locator(".mlp-poster:visible").count()
    assert not hidden, f"{name}: {hidden} print fallback(s) hidden in print"
    assert not context.watch.remote(), f"{name}: requests left the server: {context.watch.remote()}"
    assert not context.watch.errors, f"{name}: console errors: {context.watch.errors}"


def check_math(page, name: str) -> None:
    """Math was typeset (no TeX left) and every formula a reader can see has a size."""
    assert not page.locator("span.arithmatex").count(), f"{name}: TeX left untypeset"
    assert "\\(" not in page.inner_text("article"), f"{name}: TeX left untypeset"
    sizes = page.evaluate(MATH_SIZES_JS)
    if "$" in (DOCS / f"{name}.md").read_text(encoding="utf-8"):
        assert sizes, f"{name}: the page has $...$ but no <math> element"
    empty = [s["text"] for s in sizes if not (s["width"] > 0 and s["height"] > 0)]
    assert not empty, f"{name}: math with an empty box: {empty}"


# Open every <details>; skip formulas in a tab that is not selected (display: none on purpose).
MATH_SIZES_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll('article math')]
    .filter(m => !m.closest('.tabbed-block') || m.closest('.tabbed-block').offsetParent)
    .map(m => { const r = m.getBoundingClientRect();
                return {text: m.textContent.slice(0, 60), width: r.width, height: r.height}; });
}"""


def test_watch_catches_iframe_errors_and_remote_requests(context, server, site_dir):
    """The checks above can fail: an error inside an iframe and a remote request are seen."""
    (site_dir / "_probe_frame.html").write_text(
        "<script>console.error('frame says no'); throw new Error('frame boom');</script>"
    )
    (site_dir / "_probe.html").write_text(
        '<iframe src="_probe_frame.html"></iframe><img src="http://remote.invalid/x.png">'
    )
    page = context.new_page()
    page.goto(server + "/_probe.html", wait_until="domcontentloaded")
    for _ in range(50):
        errors = " ".join(context.watch.errors)
        if "frame says no" in errors and "frame boom" in errors:
            break
        page.wait_for_timeout(100)
    assert "frame says no" in errors and "frame boom" in errors, errors
    assert context.watch.remote() == ["http://remote.invalid/x.png"]


# The epoch slider of an interactive training figure: a reader's click moves the figure.
SLIDER_FIGURE = ("training-as-deformation", "deform_321")

# What the reader sees: the title, the slider's active step and the plotted points of class 0.
PLOT_STATE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const points = gd._fullData.find(t => t.name === 'class 0');
  return {title: gd._fullLayout.title.text, active: gd._fullLayout.sliders[0].active,
          steps: gd._fullLayout.sliders[0].steps.length,
          x: Array.from(points.x).slice(0, 40), y: Array.from(points.y).slice(0, 40),
          drawn: [...gd.querySelectorAll('.scatterlayer .point')].slice(0, 20)
                   .map(p => p.getAttribute('transform'))};
}"""


def test_epoch_slider_moves_the_figure(context, server):
    """Drag the epoch slider to its start: the figure goes back to epoch 0 and its points move."""
    page_name, stem = SLIDER_FIGURE
    page = open_page(context, server + PAGES[page_name])
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    intend(iframe)
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    frame = handle.content_frame()
    before = frame.evaluate(PLOT_STATE_JS)
    assert before["active"] == before["steps"] - 1, "the figure should open on the trained net"

    drag_slider_to_start(page, frame, before["title"])
    after = frame.evaluate(PLOT_STATE_JS)
    assert "epoch 0 " in after["title"] and after["title"] != before["title"]
    assert (after["x"], after["y"]) != (before["x"], before["y"]), "the data did not change"
    assert after["drawn"] != before["drawn"], "the points on screen did not move"
    assert not context.watch.errors, f"console errors: {context.watch.errors}"


# A figure whose disclosure is opened: its shown source must be the function in the repository.
CODE_FIGURE = ("why-more-layers", "relu_net")


def test_figure_code_disclosure_shows_the_real_source(context, server, manifest):
    """Every figure has data-figure and a closed disclosure; opened, it shows the function's
    source exactly as in the repository, highlighted, with Material's copy button."""
    import importlib
    import inspect

    page_name, name = CODE_FIGURE
    page = open_page(context, server + PAGES[page_name])
    figures = page.locator("figure.mlp-figure")
    assert figures.count() > 0
    # a live figure (figures/site/live.py) shows its recipe in Python the same way
    coded = "figure.mlp-figure[data-figure] > details.mlp-code, figure.mlp-figure[data-live] > details.mlp-code"
    assert figures.count() == page.locator(coded).count()
    assert not page.locator("details.mlp-code[open]").count(), "disclosures start closed"
    details = page.locator(f'figure[data-figure="{name}"] > details.mlp-code').first
    code = details.locator("pre > code")
    assert not code.is_visible()
    details.locator("summary").click()
    assert code.is_visible() and details.evaluate("d => d.open")
    prov = manifest["figures"][name]["provenance"]
    func = getattr(importlib.import_module(prov["module"]), prov["function"])
    assert code.inner_text().rstrip("\n") == inspect.getsource(func).rstrip("\n")
    assert code.locator("span.nd").count(), "the source is not highlighted"
    # Material's copy button (button.md-clipboard before 9.7, [data-md-type=copy] since)
    assert details.locator('pre button[data-md-type="copy"], pre button.md-clipboard').count() == 1, "no copy button"
    assert prov["command"] in details.inner_text()
    assert not context.watch.errors, f"console errors: {context.watch.errors}"


def test_a_closed_listing_has_no_box_and_an_opened_one_scrolls_from_the_keyboard(context, server):
    """A closed disclosure's listing (a figure's code, the tutorial's) is not laid out at all (the
    listings were four fifths of a page's elements, styled and laid out as it loaded: issue 20's
    Lighthouse); opened, each shows, and one wider than its box takes the focus, so the keyboard can
    scroll it (Material's job, done once the listing has a size)."""
    page = open_page(context, server + PAGES["what-each-neuron-sees"])  # figures' code, and a tutorial's
    listings = page.locator("article details > .highlight")
    assert listings.count() >= 5 and page.locator("article details:not(.mlp-code) > .highlight").count()
    assert listings.evaluate_all("els => els.every(e => getComputedStyle(e).display === 'none')")
    for summary in page.locator("article details > summary").all():
        if summary.is_visible():
            summary.scroll_into_view_if_needed()
            summary.click()
    page.wait_for_timeout(500)
    listings = page.locator("article details[open] > .highlight")
    assert listings.count() >= 5
    widths = listings.evaluate_all("""els => els.map(e => { const c = e.querySelector('pre > code');
        return [c.offsetWidth > 0, c.scrollWidth > c.clientWidth, c.tabIndex]; })""")
    assert all(shown for shown, _, _ in widths)
    wide = [tab for _, over, tab in widths if over]
    assert wide and all(tab == 0 for tab in wide), widths


def test_scenes_are_sandboxed(context, server):
    """Scene frames run in a sandbox that allows scripts and their own files, nothing more
    (test_page_in_chromium checks that they still draw)."""
    page = open_page(context, server + PAGES["why-more-layers"])
    sandboxes = page.eval_on_selector_all("iframe.mlp-scene", "fs => fs.map(f => f.getAttribute('sandbox'))")
    assert sandboxes and set(sandboxes) == {"allow-scripts allow-same-origin"}
