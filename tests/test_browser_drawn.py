"""Figures drawn for the reader (issue 20), in Chromium over every page: the lettering of every
static figure as displayed at 1280 px and on a 390 px phone; in the dark scheme every figure sits
on the page's own background.

Fixtures (built site, server, browser) come from tests/conftest.py.
"""

from __future__ import annotations

import io
import re
import urllib.request

import numpy as np
import pytest
from PIL import Image
from svg_text import text_sizes
from test_browser import PAGES, wait_for_scenes

DESKTOP = dict(viewport={"width": 1280, "height": 800})
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True)
MIN_PX = {"desktop": 11.0, "phone": 10.0}

# Every visible figure image (scenes' stills and static figures) with its displayed size.
IMAGES_JS = """() => {
  // the file the <picture> picks for this screen (a lazy image not yet loaded has no currentSrc)
  const source = im => { const s = im.parentElement.tagName === 'PICTURE' &&
    [...im.parentElement.querySelectorAll('source')].find(s => matchMedia(s.media).matches);
    return s ? new URL(s.srcset, location.href).href : im.src; };
  // the width the picture is drawn at: a still laid over its scene's frame is contained in it
  // (naturalWidth and naturalHeight are whole px: an aspect within 1 % of the box's fills it)
  const shown = im => { const r = im.getBoundingClientRect(), ar = im.naturalWidth / im.naturalHeight;
    const fills = !ar || Math.abs(ar - r.width / r.height) < 0.01 * ar;
    return getComputedStyle(im).objectFit === 'contain' && !fills ? Math.min(r.width, r.height * ar) : r.width; };
  return [...document.querySelectorAll('.md-typeset .mlp-figure img')]
  .filter(im => im.getClientRects().length && getComputedStyle(im).display !== 'none')
  .map(im => ({src: im.currentSrc || source(im), stem: im.closest('figure').id.replace(/^fig-/, ''),
               width: shown(im)})); }"""

_svgs: dict[str, tuple] = {}


def smallest_text(url: str, shown: float) -> tuple[float, str] | None:
    """(smallest font size as displayed, its text) in the SVG at ``url`` drawn ``shown`` px wide;
    scripts (sub- and superscripts) count as the text they belong to."""
    if url not in _svgs:
        with urllib.request.urlopen(url) as r:
            _svgs[url] = text_sizes(r.read().decode("utf-8"))
    width, runs = _svgs[url]
    base = [(s, t) for t, s, script in runs if not script]
    if not base:
        return None
    size, text = min(base)
    return size * shown / width, text


def displayed_text(browser, server, name: str, options: dict) -> dict[str, tuple[float, str]]:
    """{figure stem: (smallest displayed lettering in px, its text)} for the page ``name``."""
    ctx = browser.new_context(**options)
    try:
        page = ctx.new_page()
        page.goto(server + PAGES[name], wait_until="load")
        out = {}
        for im in page.evaluate(IMAGES_JS):
            if im["src"].endswith(".svg"):
                found = smallest_text(im["src"], im["width"])
                if found:
                    out[im["stem"]] = found
        return out
    finally:
        ctx.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_lettering_is_readable_as_displayed(name, device, browser, server):
    sizes = displayed_text(browser, server, name, DESKTOP if device == "desktop" else PHONE)
    small = {stem: f"{px:.1f} px ({text!r})" for stem, (px, text) in sizes.items() if px < MIN_PX[device]}
    assert not small, f"{name} at {device}: lettering below {MIN_PX[device]} px: {small}"


# The file each scene's still (a raster) comes from on this screen: its <picture>'s source, or its own.
POSTERS_JS = """() => [...document.querySelectorAll('.md-typeset .mlp-stage img.mlp-poster')].map(im => {
  const s = im.parentElement.tagName === 'PICTURE' &&
    [...im.parentElement.querySelectorAll('source')].find(s => matchMedia(s.media).matches);
  return [im.closest('figure').id.replace(/^fig-/, ''), s ? s.srcset : im.getAttribute('srcset') || im.src]; })"""


def test_a_phone_shows_every_raster_still_drawn_for_a_phone(browser, server):
    """The lettering test above reads SVG; a raster still (PNG, WebP) drawn for the 688 px column
    would be shown at half size on a phone, its 11-12 px letters at 5-6 px (circles_neuron's and
    separable_training's were): each scene's raster still has a phone twin, and a phone gets it."""
    ctx = browser.new_context(**PHONE)
    try:
        page, column = ctx.new_page(), {}
        for name in PAGES:
            page.goto(server + PAGES[name], wait_until="domcontentloaded")
            for stem, src in page.evaluate(POSTERS_JS):
                if not re.search(r"\.svg(\s|$)", src) and ".phone." not in src:
                    column[stem] = src
        assert not column, f"a phone shows these stills drawn for the column: {column}"
    finally:
        ctx.close()


# --- dark scheme -------------------------------------------------------------------------------

BG_JS = "() => getComputedStyle(document.body).backgroundColor"
# Every figure's picture: a scene's stage (its still or its scene) or a static image.
BOXES_JS = """() => [...document.querySelectorAll('.md-typeset .mlp-figure')].map(f => {
  const el = f.querySelector('.mlp-stage') || [...f.querySelectorAll('img')].find(i => i.getClientRects().length);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return {stem: f.id.replace(/^fig-/, ''), x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height};
}).filter(Boolean)"""


def corner_colours(shot: np.ndarray, box: dict, inset: int = 3, patch: int = 4) -> list[np.ndarray]:
    x0, y0 = int(box["x"]) + inset, int(box["y"]) + inset
    x1, y1 = int(box["x"] + box["w"]) - inset - patch, int(box["y"] + box["h"]) - inset - patch
    return [shot[y:y + patch, x:x + patch, :3].reshape(-1, 3).mean(0) for x in (x0, x1) for y in (y0, y1)]


# Visible pictures (figures' and cards') that the dark scheme shows through a CSS filter: an
# inverted light image, where each should have its own dark drawing.
FILTERED_JS = """() => [...document.querySelectorAll('.md-typeset .mlp-figure img, .md-typeset .mlp-card img')]
  .filter(im => im.getClientRects().length && getComputedStyle(im).display !== 'none'
                && getComputedStyle(im).filter !== 'none')
  .map(im => new URL(im.currentSrc || im.src, location.href).pathname.split('/').pop())"""


def dark_distances(browser, server, name: str) -> tuple[tuple[int, ...], dict[str, float]]:
    """(page background, {stem: largest distance of a corner of its picture from it}); a picture
    shown through a filter (inverted) counts as far from it as can be."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(server + PAGES[name], wait_until="load")
        wait_for_scenes(page)
        page.wait_for_timeout(300)
        bg = tuple(int(v) for v in page.evaluate(BG_JS)[4:-1].split(","))[:3]
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB"), float)
        out = {}
        for box in page.evaluate(BOXES_JS):
            if box["w"] < 20 or box["h"] < 20:
                continue
            out[box["stem"]] = max(float(np.abs(c - bg).max()) for c in corner_colours(shot, box))
        out |= {f"{src} (filtered)": 255.0 for src in page.evaluate(FILTERED_JS)}
        return bg, out
    finally:
        ctx.close()


@pytest.mark.parametrize("name", PAGES)
def test_dark_figures_sit_on_the_page_background(name, browser, server):
    bg, far = dark_distances(browser, server, name)
    off = {stem: round(d) for stem, d in far.items() if d > 6}
    assert not off, f"{name}: in the dark scheme, figures whose corners are not the page's {bg}: {off}"


# --- the still is the scene's first frame -----------------------------------------------------

# (page, figure stem, kind): scenes whose still is drawn as the scene's first frame
# 3-D: a layer with its plane, a surface with its slider, points of many classes opening mid-slider
# (their stills drawn through another camera differed from their scenes by 0.030 to 0.046).
STILL_SCENES = [("why-more-layers", "separable_training", "2-D"), ("why-more-layers", "circles_neuron", "2-D"),
                # a warp scene and a line scene (grids.warp_still, lines.lines_still): their stills were
                # small multiples or an earlier frame (0.072 and 0.034 from their scenes)
                ("affine-and-squash", "affine_spirals", "2-D"), ("xor-proof", "xor_learned", "2-D"),
                # one named view at a time (render.choice): the still is the view it opens on
                ("math-of-an-mlp", "mlp_mistakes", "choice"), ("activation-functions", "activation_curves", "choice"),
                ("activation-functions", "activation_warps", "choice"),
                # a grid of panels, re-laid by scene.js (panels.first_frame draws the same)
                ("what-each-neuron-sees", "neurons_2431", "panels"),
                ("what-each-neuron-sees", "neurons_more", "panels"),
                ("why-more-layers", "linear_net-layer1", "3-D"), ("why-more-layers", "relu_net-output", "3-D"),
                ("affine-and-squash", "affine_digits", "3-D"),
                # a legend of six classes at its own size, one row that runs under the toolbar:
                # the scene puts it below the toolbar (its still's ran over the title: 0.0173; now 0.0088)
                ("affine-and-squash", "affine_manifolds", "3-D"),
                # maps side by side with a colour bar, stacked on a phone, buttons and a toggle under
                # them (heatmaps.rate_maps_still): the still was small maps without them (0.19 from
                # its scene at 1280, 0.14 on a phone; now 0.012 and 0.010)
                ("how-wide-how-deep", "width_depth", "choice")]
CHOICE_SCENES = [s for s in STILL_SCENES if s[2] == "choice"]
STILL_MAX_DIFF = 0.02  # mean absolute difference, 0..1, of the two pictures at 1/8 of their size


def picture_difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference (0..1) of two screenshots in grey, each shrunk 8x (box filter):
    what a reader sees change at a glance, not the anti-aliasing of each letter."""
    ims = [Image.open(io.BytesIO(x)).convert("L") for x in (a, b)]
    size = (max(1, ims[0].width // 8), max(1, ims[0].height // 8))
    small = [np.asarray(im.resize(size, Image.Resampling.BOX), float) / 255 for im in ims]
    return float(np.abs(small[0] - small[1]).mean())


def still_and_scene(browser, server, name: str, stem: str, options: dict = DESKTOP) -> tuple[bytes, bytes]:
    """Screenshots of the figure's stage showing its still (the scene's page held back), then its scene."""
    ctx = browser.new_context(**options)
    try:
        page = ctx.new_page()
        held = []
        page.route(f"**/{stem}.html", lambda route: held.append(route))
        page.goto(server + PAGES[name], wait_until="load")
        stage = page.locator(f"#fig-{stem} .mlp-stage")
        stage.evaluate("s => s.scrollIntoView({block: 'center'})")
        stage.dispatch_event("pointerenter")  # the reader's interest: figures.js loads the scene
        shown = "s => [...s.querySelectorAll('.mlp-poster')].every(i => i.complete || !i.getClientRects().length)"
        page.wait_for_function(shown, arg=stage.element_handle())
        page.wait_for_timeout(300)
        still = stage.screenshot()
        page.wait_for_function("() => true")  # let the held request arrive
        for route in held:
            route.continue_()
        page.unroute(f"**/{stem}.html")
        page.wait_for_function("s => s.classList.contains('mlp-drawn')", arg=stage.element_handle(), timeout=30_000)
        page.wait_for_timeout(500)
        return still, stage.screenshot()
    finally:
        ctx.close()


@pytest.mark.parametrize("name,stem,kind", STILL_SCENES)
def test_still_is_the_scenes_first_frame(name, stem, kind, browser, server):
    still, scene = still_and_scene(browser, server, name, stem)
    diff = picture_difference(still, scene)
    assert diff < STILL_MAX_DIFF, f"{stem} ({kind}): the still differs from its scene by {diff:.3f}"


def dot_diameters(png: bytes) -> list[float]:
    """The median diameter (px, from its area) of the lone round dots of each class colour."""
    from scipy import ndimage

    from figures.render.style import CLASS_COLORS, hex_to_rgb

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), int)
    out = []
    for color in CLASS_COLORS[:2]:
        labels, _ = ndimage.label(np.abs(rgb - hex_to_rgb(color)).sum(-1) < 120)
        areas = [(labels[s] == i + 1).sum() for i, s in enumerate(ndimage.find_objects(labels))
                 if abs((s[0].stop - s[0].start) - (s[1].stop - s[1].start)) <= 1 and s[0].stop - s[0].start < 30]
        out.append(2 * np.sqrt(np.median(areas) / np.pi))
    return out


@pytest.mark.parametrize("scale", [1, 2])
def test_3d_stills_draw_their_scenes_dots_at_their_size(scale, browser, server):
    """A 3-D still's points are as large as the drawn scene's (svg.MARKER_PX_PER_SIZE, measured on
    scenes): at 2.0 px per marker size they were 12 % wider, and shrank as the scene replaced them."""
    still, scene = still_and_scene(browser, server, "why-more-layers", "linear_net-layer1",
                                   DESKTOP | dict(device_scale_factor=scale))
    for k, (a, b) in enumerate(zip(dot_diameters(still), dot_diameters(scene))):
        assert abs(a / b - 1) < 0.06, f"class {k} at {scale}x: still dots {a:.2f} px, scene dots {b:.2f} px"


PHONE_3D_STILL_MAX_DIFF = 0.016


@pytest.mark.parametrize("name,stem", [("why-more-layers", "relu_net-output"), ("affine-and-squash", "affine_digits"),
                                       ("affine-and-squash", "affine_manifolds")])
def test_3d_still_is_the_scenes_first_frame_on_a_phone(name, stem, browser, server):
    """A phone's 3-D still letters, breaks its title and wraps its legend as the phone scene does:
    a title in as many lines as its room needs, a legend that does not fit one row in equal
    columns (Plotly's), items' text 41 px in (before: 0.017, 0.021 and 0.026; now 0.009-0.015)."""
    still, scene = still_and_scene(browser, server, name, stem, PHONE)
    diff = picture_difference(still, scene)
    assert diff < PHONE_3D_STILL_MAX_DIFF, f"{stem} (phone): the still differs from its scene by {diff:.4f}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name,stem,kind", CHOICE_SCENES)
def test_still_is_the_scenes_first_frame_on_a_phone_and_in_the_dark(name, stem, kind, scheme, browser, server):
    """The phone twin and the dark twins of a choice scene's still are its first frame too."""
    for device, options in (("desktop", DESKTOP), ("phone", PHONE)):
        if device == "desktop" and scheme == "light":
            continue  # test_still_is_the_scenes_first_frame
        still, scene = still_and_scene(browser, server, name, stem, options | dict(color_scheme=scheme))
        diff = picture_difference(still, scene)
        assert diff < STILL_MAX_DIFF, f"{stem} ({device}, {scheme}): the still differs from its scene by {diff:.3f}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name,stem,kind", [s for s in STILL_SCENES if s[2] == "2-D"])
def test_2d_still_is_the_scenes_first_frame_on_a_phone(name, stem, kind, scheme, browser, server):
    """A phone shows a 2-D scene's still drawn for its frame, with the scene's phone lettering (10 px
    and up) and its frame's height, not the column's still at half size (the boundary scenes' letters
    were 5-6 px, the plot a small square in a tall frame); light and dark."""
    still, scene = still_and_scene(browser, server, name, stem, PHONE | dict(color_scheme=scheme))
    diff = picture_difference(still, scene)
    assert diff < STILL_MAX_DIFF, f"{stem} (phone, {scheme}): the still differs from its scene by {diff:.4f}"


@pytest.mark.parametrize("name,stem", [("affine-and-squash", "affine_disk3"), ("why-more-layers", "relu_net-output"),
                                       ("why-more-layers", "linear_net-layer1")])
def test_3d_stills_dark_twin_is_the_dark_scenes_first_frame(name, stem, browser, server):
    """A 3-D still's dark twin is drawn dark (svg._darken), not recoloured from the light image:
    a translucent plane (green, or grey) blends over the dark background in its own colour as the
    scene's does, a surface lights the dark colour scale (recoloured, the plane came out pale
    mint and a steep wall pale grey: 0.020 and 0.033; now 0.013)."""
    still, scene = still_and_scene(browser, server, name, stem, DESKTOP | dict(color_scheme="dark"))
    diff = picture_difference(still, scene)
    assert diff < STILL_MAX_DIFF, f"{stem} (dark): the still differs from its scene by {diff:.3f}"


@pytest.mark.parametrize("width", [500, 540, 600, 700])
def test_a_3d_scene_and_its_still_switch_to_the_phone_layout_at_one_width(width, browser, server):
    """Between a phone and a desktop (a small tablet, a phone held sideways), the page's still and
    the scene that replaces it are drawn for the same screen: both for a phone (the scene page's
    phone layout, below a 480 px frame) or both for a desktop, in a frame of the still's shape."""
    options = dict(viewport={"width": width, "height": 900}, device_scale_factor=1, is_mobile=True, has_touch=True)
    ctx = browser.new_context(**options)
    try:
        page = ctx.new_page()
        page.goto(server + PAGES["why-more-layers"], wait_until="load")
        stage = page.locator("#fig-linear_net-layer1 .mlp-stage")
        stage.evaluate("s => s.scrollIntoView({block: 'center'})")
        page.wait_for_function("s => s.querySelector('.mlp-poster').complete", arg=stage.element_handle())
        still = stage.evaluate("""s => { const i = s.querySelector('.mlp-poster'), r = i.getBoundingClientRect();
            return {phone: i.currentSrc.includes('.phone.'), ratio: r.height / r.width}; }""")
        stage.dispatch_event("pointerenter")
        page.wait_for_function("s => s.classList.contains('mlp-drawn')", arg=stage.element_handle(), timeout=30_000)
        scene = stage.evaluate("""s => { const f = s.querySelector('iframe'), r = f.getBoundingClientRect();
            return {phone: f.contentWindow.innerWidth < 480, ratio: r.height / r.width}; }""")
    finally:
        ctx.close()
    assert still["phone"] == scene["phone"], (
        f"at {width} px the page shows the {'phone' if still['phone'] else 'desktop'} still, "
        f"the scene lays itself out for a {'phone' if scene['phone'] else 'desktop'}")
    assert abs(scene["ratio"] / still["ratio"] - 1) < 0.02, f"at {width} px: frame {scene}, still {still}"


# What a drawn 3-D scene page knows of its camera and of the edges gl-axes3d wrote its axes on
# (cubeEdges[a]: the other two axes' ends of axis a's edge, one bit each, as label_edges reads them).
GL_EDGES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout, sc = fl.scene;
  const ax = ['xaxis', 'yaxis', 'zaxis'].map(k => sc[k].range);
  return {edges: Array.from(sc._scene.glplot.axes.lastCubeProps.cubeEdges), ranges: ax,
          aspect: ['x', 'y', 'z'].map(k => sc.aspectratio[k]), camera: sc._scene.getCamera(),
          size: [fl._size.w * (sc.domain.x[1] - sc.domain.x[0]), fl._size.h * (sc.domain.y[1] - sc.domain.y[0])]};
}"""


def scene_page(browser, server, folder: str, stem: str, js: str, width: int = 688, init: str | None = None,
               scheme: str = "light"):
    """``js`` evaluated in the scene page of ``stem`` opened alone at ``width`` px, once drawn
    (``init``: a script run before the page's own), the reader's system in ``scheme``."""
    ctx = browser.new_context(viewport={"width": width, "height": 602}, color_scheme=scheme)
    try:
        if init:
            ctx.add_init_script(init)
        page = ctx.new_page()
        page.goto(f"{server}/assets/figures/{folder}/{stem}.html", wait_until="load")
        page.wait_for_function("document.documentElement.hasAttribute('data-mlp-ready')", timeout=30_000)
        return page.evaluate(js)
    finally:
        ctx.close()


EDGE_SCENES = [("why-more-layers", "linear_net-layer1"), ("why-more-layers", "relu_net-output"),
               ("affine-and-squash", "affine_digits"), ("affine-and-squash", "affine_disk3")]

# each class's points as drawn in the dark scheme (scene.js restyles once the scheme is known)
CLASS_COLOURS_JS = """() => new Promise(done => setTimeout(() => done(
  document.querySelector('.js-plotly-plot')._fullData.filter(t => t.type === 'scatter3d' && t.marker)
    .map(t => [t.name, t.marker.color])), 300))"""


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    from figures.render.style import hex_to_rgb

    def lum(c):
        v = [x / 255 for x in hex_to_rgb(c)]
        v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("folder,stem", EDGE_SCENES)
def test_every_class_of_a_3d_scene_shows_on_the_dark_page(folder, stem, browser, server):
    """No class's points vanish into the dark page: the digits' ink-black class 7 (#222222) was
    drawn as it is on #1e2029 (contrast 1.04); scene.js now swaps a marker's colour as the
    still does (the dark scheme's ink)."""
    from figures.render.style import DARK_BG

    drawn = scene_page(browser, server, folder, stem, CLASS_COLOURS_JS, scheme="dark")
    assert drawn, f"{stem}: no class points read"
    faint = {name: color for name, color in drawn if contrast(color.lower(), DARK_BG) < 1.5}
    assert not faint, f"{stem}: in the dark scheme these classes barely show on {DARK_BG}: {faint}"


@pytest.mark.parametrize("folder,stem", EDGE_SCENES)
def test_3d_stills_put_each_axis_on_the_edge_their_scene_does(folder, stem, browser, server):
    """The edges the 3-D stills write their axes on (camera3d.label_edges) are the ones Plotly's
    gl-axes3d picks for the drawn scene, read from the scene itself, with its own camera."""
    from figures.render import camera3d

    gl = scene_page(browser, server, folder, stem, GL_EDGES_JS)
    ranges = np.array(gl["ranges"], dtype=float)
    clip = camera3d.clip_matrix(ranges, gl["aspect"], gl["camera"], gl["size"])
    eye = np.array([gl["camera"]["eye"][k] for k in "xyz"])
    ours = [sum(1 << b for b in range(3) if b != a and e[0][b] == ranges[b][1])
            for a, e in enumerate(camera3d.label_edges(clip, ranges, gl["aspect"], eye))]
    assert ours == gl["edges"], f"{stem}: the still's edges {ours}, the scene's {gl['edges']}"


# Every string a drawn 3-D scene's axes hold, by whether it came from text3d.js's glyph table
# (figures/render/text3d.py) or was traced by plotly.js itself.
TEXT_CACHE_JS = """() => {
  const sc = document.querySelector('.js-plotly-plot')._fullLayout.scene;
  const fonts = window.mlpTextCache || {}, out = {table: [], traced: [],
                                                  titles: ['xaxis', 'yaxis', 'zaxis'].map(a => sc[a].title.text)};
  for (const f of Object.keys(fonts)) for (const s of Object.keys(fonts[f]))
    (fonts[f][s] && fonts[f][s].mlp ? out.table : out.traced).push(s);
  return out;
}"""


@pytest.mark.parametrize("folder,stem", [("why-more-layers", "linear_net-layer1"),
                                         ("why-more-layers", "relu_net-output")])
def test_3d_scenes_letter_their_axes_from_the_stills_font(folder, stem, browser, server):
    """A 3-D scene's titles and tick labels are the glyphs of its still's font, from the table
    text3d.js brings: plotly.js traces none itself (a fifth of the scene's first draw)."""
    text = scene_page(browser, server, folder, stem, TEXT_CACHE_JS)
    assert not text["traced"], f"{stem}: plotly.js traced {text['traced']}"
    titles = text["titles"]
    assert set(titles) <= set(text["table"]), f"{stem}: axis titles {titles}, from the table {text['table']}"


# Counts the scene page's relayouts that change ticks (an init script: it wraps Plotly.relayout
# as plotly.js is installed), then the ticks drawn and the axes' ranges once the scene is ready.
COUNT_TICK_RELAYOUTS_JS = """(() => {
  let P; window.mlpTickRelayouts = 0;
  Object.defineProperty(window, 'Plotly', {configurable: true, get() { return P; }, set(v) {
    P = v; const relayout = v.relayout;
    v.relayout = function (gd, upd, ...rest) {
      const keys = upd && typeof upd === 'object' ? Object.keys(upd) : [];
      if (keys.some(k => /tick(vals|text)/.test(k))) window.mlpTickRelayouts++;
      return relayout.call(this, gd, upd, ...rest); };
  }});
})();"""
TICKS_JS = """() => {
  const sc = document.querySelector('.js-plotly-plot')._fullLayout.scene, axes = ['xaxis', 'yaxis', 'zaxis'];
  return {relayouts: window.mlpTickRelayouts, ranges: axes.map(a => sc[a].range),
          ticks: axes.map(a => sc[a].tickvals), text: axes.map(a => sc[a].ticktext)}; }"""


@pytest.mark.parametrize("folder,stem,own", [("why-more-layers", "linear_net-layer1", None),
                                             ("why-more-layers", "relu_net-output", "u8")])
def test_3d_scenes_draw_their_stills_ticks_first_time(folder, stem, own, browser, server):
    """A 3-D scene draws the ticks of its still (camera3d.ticks3d) in its first draw on a
    desktop, with no relayout of its ticks (the build writes them); a phone's frame redoes them
    as the phone's still draws them."""
    from figures.render import camera3d, scenes
    from figures.render.style import tick_text

    given = (None, None, scenes.U8_TICKS["tickvals"] if own else None)
    for width, phone in ((688, False), (390, True)):
        got = scene_page(browser, server, folder, stem, TICKS_JS, width, init=COUNT_TICK_RELAYOUTS_JS)
        want = camera3d.ticks3d(np.array(got["ranges"], dtype=float), phone=phone, given=given)
        assert [list(map(float, t)) for t in got["ticks"]] == want, f"{stem} at {width} px: ticks {got['ticks']}"
        if not own:
            assert got["text"] == [[tick_text(v) for v in t] for t in want], f"{stem} at {width} px: {got['text']}"
        relayouts = got["relayouts"]
        assert relayouts == (1 if phone else 0), f"{stem} at {width} px: {relayouts} relayouts of its ticks"


# --- 3-D scenes on a phone --------------------------------------------------------------------

AXIS_TITLES_JS = """() => ['xaxis', 'yaxis', 'zaxis']
  .map(a => document.querySelector('.js-plotly-plot')._fullLayout.scene[a].title.text)"""


def test_a_phone_3d_scene_writes_its_stills_short_axis_titles(browser, server):
    """On a phone, a layer's scene titles its axes "unit 1" to "unit 3" (its title says which
    layer), as its phone still does: "layer 1 · unit 3" and "layer 1 · unit 1", on neighbouring
    edges at the box's left, ran into each other."""
    for width, head in ((688, "layer 1 · "), (390, "")):
        got = scene_page(browser, server, "why-more-layers", "linear_net-layer1", AXIS_TITLES_JS, width)
        assert got == [f"{head}unit {k}" for k in (1, 2, 3)], f"at {width} px: {got}"


PHONE_3D = [("why-more-layers", "linear_net-layer1"), ("why-more-layers", "relu_net-layer1"),
            ("why-more-layers", "shallow_net-output"), ("affine-and-squash", "affine_disk3")]
EDGE_PX = 3  # columns at each side of the frame that nothing is drawn in


def phone_scene_edges(browser, server, name: str, stem: str) -> tuple[int, int]:
    """(ink pixels in the frame's leftmost, rightmost EDGE_PX columns) of a 3-D scene drawn on a 390
    px phone, between its title and legend and its slider: an axis title or tick label cut at the
    frame's edge leaves ink there."""
    ctx = browser.new_context(**PHONE)
    try:
        page = ctx.new_page()
        page.goto(server + PAGES[name], wait_until="load")
        stage = page.locator(f"#fig-{stem} .mlp-stage")
        stage.evaluate("s => s.scrollIntoView({block: 'center'})")
        stage.dispatch_event("pointerenter")  # the reader's interest: figures.js loads the scene
        page.wait_for_function("s => s.classList.contains('mlp-drawn')", arg=stage.element_handle(), timeout=60_000)
        page.wait_for_timeout(500)
        shot = np.asarray(Image.open(io.BytesIO(page.locator(f"#fig-{stem} iframe").screenshot())).convert("L"), float)
        ink = np.abs(shot - shot[-1, shot.shape[1] // 2]) > 60
        body = ink[110:-80]  # below the title, legend and toolbar; above a slider's play button
        return int(body[:, :EDGE_PX].sum()), int(body[:, -EDGE_PX:].sum())
    finally:
        ctx.close()


def test_a_narrow_window_without_touch_shows_the_rotate_toggle_its_still_drew(browser, server):
    """A 390 px window with a mouse gets the phone's still, which draws the Rotate toggle in the
    toolbar: its scene shows the toggle too (it showed only the zoom buttons: the toolbar and the
    title's line breaks changed under the reader as the scene replaced the still)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(server + PAGES["why-more-layers"], wait_until="load")
        stage = page.locator("#fig-linear_net-layer1 .mlp-stage")
        stage.evaluate("s => s.scrollIntoView({block: 'center'})")
        page.wait_for_function("s => [...s.querySelectorAll('picture img')].some(i => i.complete && i.currentSrc)",
                               arg=stage.element_handle())
        still = stage.evaluate("s => [...s.querySelectorAll('picture img')].map(i => i.currentSrc).join()")
        assert ".phone." in still, still
        stage.dispatch_event("pointerenter")
        page.wait_for_function("s => s.classList.contains('mlp-drawn')", arg=stage.element_handle(), timeout=60_000)
        frame = page.frame_locator("#fig-linear_net-layer1 iframe")
        assert frame.locator(".mlp-rotate").count() == 1
    finally:
        ctx.close()


@pytest.mark.parametrize("name,stem", PHONE_3D)
def test_phone_3d_scene_keeps_its_labels_inside(name, stem, browser, server):
    left, right = phone_scene_edges(browser, server, name, stem)
    assert left == right == 0, f"{stem} at 390 px: ink at the frame's edges (left {left}, right {right} px)"


# The drawn slider: the centre of each of its step ticks (x, px) and of its rail (y, px).
SLIDER_TICKS_JS = """() => {
  const mid = el => { const r = el.getBoundingClientRect(); return [(r.left + r.right) / 2, (r.top + r.bottom) / 2]; };
  // a rect per step; those between the labelled ones are minor ticks, 0 px long (scenes._slider)
  return {ticks: [...document.querySelectorAll('.slider-tick-rect')].filter(t => t.getBoundingClientRect().height > 0)
            .map(t => mid(t)[0]),
          rail: mid(document.querySelector('.slider-rail-rect'))[1]};
}"""


def still_ticks(png: bytes, rail_y: float, scale: int = 2) -> list[float]:
    """The x (px) of each step tick a still draws under its slider's rail (``rail_y`` px from its
    top): columns of the ticks' grey (style.MUTED) 13 to 20 px below the rail's centre."""
    from figures.render.style import MUTED, hex_to_rgb

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), int)
    top = round((rail_y + 13) * scale)
    band = np.abs(rgb[top:top + 7 * scale] - hex_to_rgb(MUTED)).sum(-1) < 60
    cols = np.flatnonzero(band.any(0))
    runs = np.split(cols, np.flatnonzero(np.diff(cols) > 2) + 1) if len(cols) else []
    return [float(r.mean() + 0.5) / scale for r in runs]


@pytest.mark.parametrize("folder,stem", [("why-more-layers", "circles_neuron"), ("why-more-layers", "relu_net-layer1"),
                                         ("why-more-layers", "relu_net-output"), ("affine-and-squash", "affine_digits"),
                                         ("affine-and-squash", "affine_disk3")])
def test_a_stills_slider_ticks_are_where_its_scene_draws_them(folder, stem, browser, server):
    """A still's slider marks the steps its scene's slider marks: Plotly draws a tick every few
    steps, as many as leave each step's label room (stills.slider_ticks). The 2-D stills drew one
    per step (29 where the scene draws 15), the 3-D stills none (the scene: 12)."""
    drawn = scene_page(browser, server, folder, stem, SLIDER_TICKS_JS)
    with urllib.request.urlopen(f"{server}/assets/figures/{folder}/{stem}.png") as r:
        png = r.read()
    height = Image.open(io.BytesIO(png)).height / 2
    # the scene's page is 602 px high, the still as high as its frame: both end at the rail's distance from the bottom
    rail = height - (602 - drawn["rail"])
    ours = still_ticks(png, rail)
    assert len(drawn["ticks"]) > 1, f"{stem}: the scene draws no slider ticks"
    theirs = drawn["ticks"]
    assert len(ours) == len(theirs), f"{stem}: the still has {len(ours)} slider ticks, the scene {len(theirs)}"
    off = max(abs(a - b) for a, b in zip(ours, theirs))
    assert off <= 1.5, f"{stem}: the still's slider ticks are up to {off:.1f} px from the scene's"


@pytest.mark.parametrize("name,stem", [("why-more-layers", "separable_training"),
                                       ("why-more-layers", "circles_neuron")])
def test_2d_stills_dark_twin_is_the_dark_scenes_first_frame(name, stem, browser, server):
    """A 2-D still's dark twin is drawn dark too (svg._darken): the field on the dark colour scale,
    the points white-ringed as the dark scene rings them, the play button's face and edge as
    scene.js darkens them. Recoloured from the light image pixel by pixel it differed by 0.015 and
    0.013 (rings and button lost in the page's colour); drawn dark, 0.005 and 0.004."""
    still, scene = still_and_scene(browser, server, name, stem, DESKTOP | dict(color_scheme="dark"))
    diff = picture_difference(still, scene)
    assert diff < 0.008, f"{stem} (dark): the still differs from its scene by {diff:.4f}"


# A 3-D scene's tick labels alone (its points hidden, its axis titles and grid off), as a list
# of the heights (px, device) of each shape drawn in its WebGL canvas.
TICKS_ONLY_JS = """() => { const gd = document.querySelector('.js-plotly-plot'), u = {};
  for (const a of ['xaxis', 'yaxis', 'zaxis']) { u[`scene.${a}.title.text`] = ''; u[`scene.${a}.showgrid`] = false; }
  return Plotly.restyle(gd, {'marker.opacity': 0}).then(() => Plotly.relayout(gd, u)); }"""


@pytest.mark.parametrize("width,least", [(688, 11.0), (358, 10.0)])
def test_3d_tick_labels_are_drawn_no_smaller_than_the_least_lettering(width, least, browser, server, site_dir):
    """Plotly draws a 3-D scene's tick labels smaller than their font size below 12 px (10 came
    out as 8.7 px on a phone, under its least lettering): measured on the canvas, a digit's height
    (0.73 of its size in the site's font) at 2x device pixels."""
    from scipy import ndimage

    ctx = browser.new_context(viewport={"width": width, "height": 560}, device_scale_factor=2,
                              is_mobile=width < 480, has_touch=width < 480)
    try:
        page = ctx.new_page()
        page.goto(f"{server}/assets/figures/why-more-layers/relu_net-layer1.html", wait_until="load")
        page.wait_for_function("() => document.documentElement.hasAttribute('data-mlp-ready')", timeout=60_000)
        page.evaluate(TICKS_ONLY_JS)
        page.wait_for_timeout(300)
        box = page.locator(".gl-container canvas").first.bounding_box()
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L"), float)
        shapes, _ = ndimage.label(shot < 160)
        heights = [s[0].stop - s[0].start for s in ndimage.find_objects(shapes)]
        assert len(heights) >= 4, f"{len(heights)} tick label shapes found"
        shown = max(heights) / 2 / 0.73
        assert shown >= least, f"at {width} px the 3-D tick labels are drawn {shown:.1f} px, under {least}"
    finally:
        ctx.close()
