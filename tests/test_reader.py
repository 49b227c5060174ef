"""Figures work for every reader (issue 8), checked in Chromium with real mouse and keyboard
events: the wheel scrolls the page over a 3-D scene and the scene has zoom buttons; Tab reaches
each slider and play button and an arrow key changes the frame, with a visible focus ring; the
single neuron's boundary is a straight line in every frame; on a phone nothing overflows and
every interactive plot keeps a usable size.

Fixtures (built site, server, browser, context) come from tests/conftest.py.
"""

import contextlib
import re
import subprocess
import tarfile
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import PAGES, PLOT_TIMEOUT_MS, SCENE_DRAWN_JS, intend, open_page, wait_for_scenes

from figures.site.shortcodes import WIDE_PX

SCENE_PAGE = "why-more-layers"
SCENE_3D = "linear_net-layer1"  # any 3-D scene; the first on the page
LINEAR_BOUNDARIES = ("separable_training", "circles_neuron")  # one neuron, no activation: a line


def frame_of(page, stem: str):
    """Scroll the figure ``stem`` into the middle of the view, wait until drawn, return its frame."""
    iframe = page.locator(f'iframe[src$="/{stem}.html"], iframe[data-src$="/{stem}.html"]')
    intend(iframe)
    handle = iframe.element_handle()
    page.wait_for_function(SCENE_DRAWN_JS, arg=handle, timeout=PLOT_TIMEOUT_MS)
    return iframe, handle.content_frame()


# --- 1. wheel and zoom -----------------------------------------------------------------------


def test_wheel_over_a_3d_scene_scrolls_the_page(context, server):
    page = open_page(context, server + PAGES[SCENE_PAGE])
    iframe, frame = frame_of(page, SCENE_3D)
    assert frame.evaluate("() => !!document.querySelector('.js-plotly-plot')._fullLayout.scene")
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    before = page.evaluate("scrollY")
    for _ in range(3):
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(150)
    # the page's smooth scroll runs on animation frames: slow with three test workers on two cores
    page.wait_for_function("y => scrollY > y + 300", arg=before, timeout=15_000)
    assert not context.watch.errors, context.watch.errors


CAMERA_JS = """() => { const c = document.querySelector('.js-plotly-plot')._fullLayout.scene.camera;
  return Math.hypot(c.eye.x - c.center.x, c.eye.y - c.center.y, c.eye.z - c.center.z); }"""


def test_scene_has_zoom_in_out_and_reset_buttons(context, server):
    page = open_page(context, server + PAGES[SCENE_PAGE])
    _, frame = frame_of(page, SCENE_3D)
    home = frame.evaluate(CAMERA_JS)
    frame.get_by_role("button", name="Zoom in").click()
    frame.wait_for_function(f"() => ({CAMERA_JS})() < {home} * 0.9")
    frame.get_by_role("button", name="Zoom out").click()
    frame.get_by_role("button", name="Zoom out").click()
    frame.wait_for_function(f"() => ({CAMERA_JS})() > {home} * 1.1")
    frame.get_by_role("button", name="Reset view").click()
    frame.wait_for_function(f"() => Math.abs(({CAMERA_JS})() - {home}) < 1e-6")


RANGES_JS = """() => { const fl = document.querySelector('.js-plotly-plot')._fullLayout;
  return [fl.xaxis.range.slice(), fl.yaxis.range.slice()]; }"""


def test_a_drag_over_a_2d_plot_does_not_zoom_it(context, server):
    page = open_page(context, server + PAGES[SCENE_PAGE])
    _, frame = frame_of(page, LINEAR_BOUNDARIES[0])
    before = frame.evaluate(RANGES_JS)
    box = frame.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert frame.evaluate(RANGES_JS) == before, "a drag zoomed the plot"


def test_scene_js_is_shipped_and_an_edit_to_it_is_seen_by_the_build(tmp_path):
    """scene.js is a shared asset beside plotly.js; the build's no-op check must see its edits."""
    from figures.pipeline.cache import tree_digest
    from figures.registry import shared_assets
    from figures.render import scenes

    assert shared_assets()["scene.js"] == scenes.SCENE_JS.read_bytes()
    pkg = tmp_path / "figs"
    pkg.mkdir()
    (pkg / "a.py").write_text("X = 1\n")
    (pkg / "scene.js").write_text("// one\n")
    before = tree_digest([pkg], {})
    (pkg / "scene.js").write_text("// two\n")
    assert tree_digest([pkg], {}) != before


# --- 2. keyboard -----------------------------------------------------------------------------

SLIDER_STATE_JS = """() => { const gd = document.querySelector('.js-plotly-plot');
  const s = gd._fullLayout.sliders && gd._fullLayout.sliders[0];
  return s ? {active: s.active, steps: s.steps.length, title: gd._fullLayout.title.text} : null; }"""

FOCUS_JS = """() => { const a = document.activeElement;
  if (!a || a === document.body) return null;
  const cls = a.getAttribute('class') || '';
  return {slider: cls.includes('slider-container'), play: cls.includes('updatemenu-button'),
          outline: getComputedStyle(a).outlineStyle, width: parseFloat(getComputedStyle(a).outlineWidth)}; }"""


def slider_stems(page) -> list[str]:
    """Stems of the page's figures that are interactive scenes (each is checked for a slider)."""
    srcs = page.eval_on_selector_all("iframe.mlp-scene", "fs => fs.map(f => f.dataset.src || f.src)")
    return [s.rsplit("/", 1)[-1].removesuffix(".html") for s in srcs]


@pytest.mark.parametrize("name", [n for n in PAGES if n != "index" and n != "tags"])
def test_tab_reaches_every_slider_and_arrows_move_it(name, context, server):
    page = open_page(context, server + PAGES[name])
    checked = 0
    for stem in slider_stems(page):
        iframe, frame = frame_of(page, stem)
        state = frame.evaluate(SLIDER_STATE_JS)
        if not state or state["steps"] < 2:
            continue
        iframe.focus()  # the reader's Tab has just entered the frame
        seen, order = {}, []
        for _ in range(6):  # zoom buttons may come first; play and slider in either order
            page.keyboard.press("Tab")
            focus = frame.evaluate(FOCUS_JS)
            if not focus:
                break
            order.append("play" if focus["play"] else "slider" if focus["slider"] else "other")
            seen[order[-1]] = focus
            if "play" in seen and "slider" in seen:
                break
        assert "play" in seen, f"{stem}: Tab never reached the play button"
        assert "slider" in seen, f"{stem}: Tab never reached the slider"
        for kind in ("play", "slider"):
            assert seen[kind]["outline"] != "none" and seen[kind]["width"] >= 2, f"{stem}: {kind} has no focus ring"
        ring = iframe.evaluate("f => [getComputedStyle(f).outlineStyle, parseFloat(getComputedStyle(f).outlineWidth)]")
        assert ring[0] != "none" and ring[1] >= 2, f"{stem}: the frame shows no focus ring"
        if order[-1] != "slider":
            page.keyboard.press("Shift+Tab")
            assert frame.evaluate(FOCUS_JS)["slider"], f"{stem}: Shift+Tab did not go back to the slider"
        page.keyboard.press("ArrowLeft")
        frame.wait_for_function("a => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active === a",
                                arg=state["active"] - 1, timeout=5_000)
        frame.wait_for_function("t => document.querySelector('.js-plotly-plot')._fullLayout.title.text !== t",
                                arg=state["title"], timeout=5_000)
        page.keyboard.press("Home")
        frame.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active === 0",
                                timeout=5_000)
        assert frame.evaluate(FOCUS_JS)["slider"], f"{stem}: the slider lost the focus"
        checked += 1
    if name == SCENE_PAGE:
        assert checked >= 2
    assert not context.watch.errors, context.watch.errors


# --- 3. the single neuron's boundary is a line -----------------------------------------------

# Every frame: the points of the drawn boundary (contour lines or line traces) in screen px.
BOUNDARY_POINTS_JS = """async () => {
  const gd = document.querySelector('.js-plotly-plot');
  const out = [];
  for (const f of gd._transitionData._frames) {
    await Plotly.animate(gd, [f.name], {mode: 'immediate', frame: {duration: 0, redraw: true},
                                        transition: {duration: 0}});
    const paths = [...gd.querySelectorAll('.contourlevel path, .scatterlayer path.js-line')];
    const pts = [];
    for (const p of paths) {
      const nums = (p.getAttribute('d') || '').match(/-?[0-9.]+(?:e-?[0-9]+)?/g) || [];
      for (let i = 0; i + 1 < nums.length; i += 2) pts.push([+nums[i], +nums[i + 1]]);
    }
    out.push(pts);
  }
  return out;
}"""


def line_residual(points: np.ndarray) -> float:
    """Largest distance (px) of ``points`` from their total-least-squares line."""
    c = points - points.mean(0)
    _, _, vt = np.linalg.svd(c, full_matrices=False)
    return float(np.abs(c @ vt[1]).max())


@pytest.mark.parametrize("stem", LINEAR_BOUNDARIES)
def test_single_neuron_boundary_is_a_straight_line(stem, context, server):
    page = open_page(context, server + PAGES[SCENE_PAGE])
    _, frame = frame_of(page, stem)
    frames = frame.evaluate(BOUNDARY_POINTS_JS)
    assert len(frames) > 2
    drawn = [np.array(pts, dtype=float) for pts in frames if len(pts) >= 2]
    assert drawn, "no frame shows a boundary"
    worst = max(line_residual(p) for p in drawn)
    assert worst < 0.5, f"{stem}: the boundary strays {worst:.2f} px from a straight line"


def test_line_segment_is_the_exact_boundary_inside_the_box():
    from figures.render.scenes import line_segment

    box = (-1.5, 1.5, -1.0, 1.0)
    for w, b in (([1.0, 2.0], 0.3), ([0.0, 1.0], -0.5), ([3.0, 0.0], 1.0), ([-0.7, 0.4], 0.05)):
        xs, ys = line_segment(w, b, box)
        assert len(xs) == 2 and (xs[0], ys[0]) != (xs[1], ys[1])
        for x, y in zip(xs, ys):
            assert abs(w[0] * x + w[1] * y + b) < 1e-9  # on the line
            assert box[0] - 1e-9 <= x <= box[1] + 1e-9 and box[2] - 1e-9 <= y <= box[3] + 1e-9
            assert min(abs(x - box[0]), abs(x - box[1]), abs(y - box[2]), abs(y - box[3])) < 1e-9  # on the edge
    assert line_segment([1.0, 1.0], 10.0, box) == ([], [])  # misses the box


def test_line_residual_sees_a_staircase():
    """The check above can fail: a one-pixel staircase is not a line."""
    x = np.arange(40.0)
    assert line_residual(np.c_[x, 0.5 * x]) < 1e-9
    assert line_residual(np.c_[x, np.floor(0.5 * x) + (x % 4 == 0)]) > 0.5


# --- 4. phone --------------------------------------------------------------------------------

# Elements of the article wider than the screen, unless a scroll container inside the screen
# holds them (a display equation that scrolls sideways is fine; one that sticks out is not).
OVERFLOW_JS = """() => {
  const W = document.documentElement.clientWidth, bad = [];
  const scrolls = el => { const o = getComputedStyle(el).overflowX; return o === 'auto' || o === 'scroll'; };
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || (r.left >= -1 && r.right <= W + 1)) continue;
    let p = el.parentElement, held = false;
    while (p && p.tagName !== 'ARTICLE') {
      if (scrolls(p)) { const q = p.getBoundingClientRect(); held = q.left >= -1 && q.right <= W + 1; break; }
      p = p.parentElement;
    }
    const cls = typeof el.className === 'string' ? el.className : '';
    if (!held) bad.push(`${el.tagName.toLowerCase()}.${cls} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {bad: bad.slice(0, 10), page: document.documentElement.scrollWidth - W};
}"""

# Width in px of each plot area of a scene: the x axis length of each 2-D subplot, the width of
# each 3-D scene.
PLOT_WIDTHS_JS = """() => { const fl = document.querySelector('.js-plotly-plot')._fullLayout;
  const out = [];
  for (const k of Object.keys(fl)) {
    if (/^xaxis\\d*$/.test(k) && fl[k]._length) out.push(fl[k]._length);
    if (/^scene\\d*$/.test(k)) out.push((fl[k].domain.x[1] - fl[k].domain.x[0]) * fl._size.w);
  }
  return out; }"""

PANELS_JS = "() => !!(document.querySelector('.js-plotly-plot').layout.meta || {}).panels"

CUE_JS = """() => [...document.querySelectorAll('article div.arithmatex')]
  .filter(d => d.scrollWidth > d.clientWidth + 1)
  .map(d => ({overflow: getComputedStyle(d).overflowX, cue: getComputedStyle(d).backgroundImage}))"""

# Static figures drawn WIDE_PX wide or more (a row of panels): how wide each is shown, and the
# box that scrolls it sideways.
WIDE_JS = """wide => [...document.querySelectorAll('article .mlp-figure img:not(.mlp-poster)')]
  .filter(i => +i.getAttribute('width') >= wide)
  .map(i => { const box = i.closest('.mlp-wide');
    return {src: i.getAttribute('src').split('/').pop(), shown: i.getBoundingClientRect().width,
            scrolls: !!box && box.scrollWidth > box.clientWidth + 1, focusable: !!box && box.tabIndex === 0,
            more: box && box.getAttribute('data-more')}; })"""


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_nothing_overflows_and_plots_stay_usable(name, browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = open_page(ctx, server + PAGES[name])
        wait_for_scenes(page)
        overflow = page.evaluate(OVERFLOW_JS)
        assert not overflow["bad"] and overflow["page"] <= 0, f"{name}: wider than the screen: {overflow}"
        for stem in slider_stems(page):
            _, frame = frame_of(page, stem)
            widths = frame.evaluate(PLOT_WIDTHS_JS)
            # A grid of small panels (render/panels.py) is read as a whole, like small multiples:
            # each panel keeps 100 px, the grid as many columns as make them largest.
            least = 100 if frame.evaluate(PANELS_JS) else 280
            assert widths and min(widths) >= least, f"{name}/{stem}: plot areas {widths} px wide on a phone"
        for eq in page.evaluate(CUE_JS):
            assert eq["overflow"] in ("auto", "scroll") and "gradient" in eq["cue"], f"{name}: {eq}"
        # A row of panels keeps panels a reader can read (640 px for the row), and scrolls
        # sideways in a box the keyboard reaches, its far edge marked as having more.
        for fig in page.evaluate(WIDE_JS, WIDE_PX):
            assert fig["shown"] >= 600 and fig["scrolls"] and fig["focusable"] and fig["more"] == "right", \
                f"{name}: {fig}"
    finally:
        ctx.close()


# --- 5. dark scheme --------------------------------------------------------------------------


def corners(el) -> list[float]:
    """Mean brightness (0..255) of a 6x6 patch in each corner of an element, as drawn."""
    import io

    from PIL import Image

    im = np.asarray(Image.open(io.BytesIO(el.screenshot())).convert("L"), dtype=float)
    h, w = im.shape
    return [float(im[y:y + 6, x:x + 6].mean()) for y in (2, h - 8) for x in (2, w - 8)]


def dark_enough(el, limit: float = 128.0, tries: int = 20) -> list[float]:
    """Corners of ``el`` once all are darker than ``limit`` (a scene restyles after drawing)."""
    for _ in range(tries):
        seen = corners(el)
        if max(seen) < limit:
            break
        el.evaluate("el => new Promise(r => setTimeout(r, 150))")
    return seen


# Every figure's corners on the page's own dark colour, on every page:
# test_browser_drawn.py::test_dark_figures_sit_on_the_page_background (within 6 of it, stricter
# than the "no white slab" test that stood here).


def test_material_toggle_restyles_a_loaded_scene(context, server):
    page = open_page(context, server + PAGES[SCENE_PAGE])
    iframe, _ = frame_of(page, SCENE_3D)
    el = iframe.element_handle()
    assert min(corners(el)) > 200, "the scene should start light"
    toggle = page.locator("label.md-header__button[for^='__palette']:visible").first
    toggle.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    el.scroll_into_view_if_needed()
    assert max(dark_enough(el)) < 128, "the loaded scene did not follow the dark scheme"


# --- speed: a figure at once, the scene in its place once drawn ---------------------------------


def test_scene_shows_its_image_at_once_and_takes_its_place_once_drawn(context, server):
    """The reader sees the figure's static image before the scene has loaded; once the scene has
    drawn, the image gives way to it (same box: nothing on the page moves)."""
    page = context.new_page()
    page.goto(server + PAGES[SCENE_PAGE] + f"#fig-{SCENE_3D}", wait_until="commit")
    stage = page.locator(f"#fig-{SCENE_3D} .mlp-stage")
    poster = stage.locator("img.mlp-poster")
    poster.wait_for(state="visible", timeout=PLOT_TIMEOUT_MS)
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=poster.element_handle(),
                           timeout=PLOT_TIMEOUT_MS)
    box = stage.bounding_box()
    page.wait_for_function("el => el.classList.contains('mlp-drawn')", arg=stage.element_handle(),
                           timeout=PLOT_TIMEOUT_MS)
    assert not poster.is_visible(), "the image still covers the drawn scene"
    assert stage.locator("iframe").is_visible()
    assert page.evaluate("el => el.contentDocument.querySelector('.gl-container canvas').width",
                         stage.locator("iframe").element_handle()) > 0
    assert abs(stage.bounding_box()["height"] - box["height"]) < 1, "the figure changed size on the swap"


def test_a_scene_figure_never_fetches_its_gif_when_scripts_run(context, server):
    """The GIF of a scene's frames is for readers without JavaScript: with scripts on, scrolling
    through every figure of the page fetches no GIF (bytes the reader would never see)."""
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(server + PAGES["training-as-deformation"], wait_until="load")
    assert page.locator(".mlp-stage noscript").count(), "the page has no scene with a GIF: pick another"
    for _ in range(40):
        page.mouse.wheel(0, 700)
        page.wait_for_timeout(50)
    page.wait_for_timeout(500)
    assert not [u for u in fetched if u.endswith(".gif")], [u for u in fetched if u.endswith(".gif")]


# --- 6. no JavaScript ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_without_javascript_no_figure_leaves_an_empty_box(name, browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = open_page(ctx, server + PAGES[name])
        gaps = page.evaluate("""() => [...document.querySelectorAll('.mlp-figure')].map(f => {
            const kids = [...f.querySelectorAll('img, figcaption, .mlp-live')].filter(e => e.offsetParent);
            const used = kids.reduce((s, e) => s + e.getBoundingClientRect().height, 0);
            return {id: f.id, gap: f.getBoundingClientRect().height - used}; })""")
        empty = [g for g in gaps if g["gap"] > 60]
        assert not empty, f"{name}: figures with an empty box without JavaScript: {empty}"
    finally:
        ctx.close()


# --- 13. accessibility: axe-core -------------------------------------------------------------

AXE = Path(__file__).resolve().parent.parent / ".cache" / "axe" / "package" / "axe.min.js"
AXE_RUN_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations'], iframes: false});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""


AXE_VERSION = "4.14.1"


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe-core's script, fetched once from the npm registry into the git-ignored .cache/axe/
    (the site never ships it); one worker of a parallel run fetches it, the others wait."""
    folder = AXE.parent.parent
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / "fetch.lock")):
        fetch_axe(folder)
    return AXE


def fetch_axe(folder: Path) -> None:
    if not AXE.exists():
        try:
            subprocess.run(["npm", "pack", "-q", f"axe-core@{AXE_VERSION}"], cwd=folder, check=True,
                           capture_output=True, timeout=300)
            with tarfile.open(folder / f"axe-core-{AXE_VERSION}.tgz") as tar:
                tar.extract("package/axe.min.js", folder, filter="data")
        except (OSError, subprocess.SubprocessError, tarfile.TarError) as e:
            pytest.fail(f"axe-core not found at {AXE} and `npm pack axe-core@{AXE_VERSION}` failed ({e}): "
                        "install npm (Debian: apt-get install -y npm) and run the tests again")


def axe_violations(page, axe_path: Path) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # once per page, however often it is run
        page.add_script_tag(path=str(axe_path))
    return page.evaluate(AXE_RUN_JS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_no_serious_violation_on_the_page(name, scheme, browser, server, axe_path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = open_page(ctx, server + PAGES[name])
        assert not (found := axe_violations(page, axe_path)), f"{name} ({scheme}): {found}"
    finally:
        ctx.close()



# --- 7. print --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in PAGES if n not in ("index", "tags")])
def test_print_loads_every_fallback_image_without_scrolling(name, context, server):
    """A reader prints at once: the static images of scenes never scrolled to must print too."""
    page = open_page(context, server + PAGES[name])
    if not page.locator(".mlp-figure[data-figure]").count():  # glossary, theorems, the playground (live only)
        pytest.skip(f"{name} has no built figure to print")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser fires on print
    images = page.locator(".mlp-figure img").element_handles()
    assert images, f"{name}: no print fallback"
    for el in images:
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=el, timeout=5_000)
    blank = page.eval_on_selector_all(".mlp-figure img", "ims => ims.filter(i => !i.naturalWidth).map(i => i.src)")
    assert not blank, f"{name}: fallback images that would print blank: {blank}"


SCREEN_WORDS = re.compile(r"\b(drag|move|rotate)\b[^.]{0,40}\b(slider|scenes?)\b|press play", re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_printed_prose_never_asks_to_use_a_slider(name, context, server):
    """On paper there is no slider to drag: such sentences are screen-only, with a printed wording."""
    page = open_page(context, server + PAGES[name])
    screen = page.inner_text("article")
    page.emulate_media(media="print")
    printed = page.inner_text("article")
    assert not SCREEN_WORDS.search(printed), f"{name}: {SCREEN_WORDS.search(printed).group(0)!r} in print"
    if name in ("why-more-layers", "training-as-deformation"):
        assert SCREEN_WORDS.search(screen), f"{name}: the screen wording is gone (the test would pass vacuously)"
