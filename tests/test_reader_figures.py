"""The figures themselves, for every reader (issue 8, figure side), in Chromium: each 3-D scene
opens on a view that shows its caption's claim and its reset button returns there; zoom on a
warp figure keeps its tick labels; both figure families look alike; the layer movie has a slider
and a play button and keeps still for a reader who asked for reduced motion; the rate map fits
a phone; probability fields follow the dark scheme; scene pages pass axe on their own.

Scene pages are opened on their own (standalone HTML, as in their iframes), which is quicker
than through the article pages. Fixtures (built site, server, browser) come from tests/conftest.py.
"""

from __future__ import annotations

import numpy as np
from test_browser import PLOT_TIMEOUT_MS

from figures import measures

DRAWN_JS = """() => { const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg')) return false;
  return !gd._fullLayout.scene || !!gd.querySelector('.gl-container canvas'); }"""


def scene_urls(site_dir, server) -> dict[str, str]:
    """{stem: URL} of every scene page the site ships."""
    return {p.stem: f"{server}/{p.relative_to(site_dir).as_posix()}"
            for p in sorted((site_dir / "assets" / "figures").glob("*/*.html"))}


def open_scene(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function(DRAWN_JS, timeout=PLOT_TIMEOUT_MS)
    return page


def is_3d(page) -> bool:
    return page.evaluate("() => !!document.querySelector('.js-plotly-plot')._fullLayout.scene")


# --- 3-D views (item 8) ----------------------------------------------------------------------

# Every point of each class as the opening camera shows it: box coordinates (each axis range
# scaled to its aspect length) projected on the screen's right and up directions.
PROJECTED_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot'), sc = gd._fullLayout.scene, cam = sc.camera;
  const axes = ['xaxis', 'yaxis', 'zaxis'], asp = [sc.aspectratio.x, sc.aspectratio.y, sc.aspectratio.z];
  const box = (v, k) => { const r = sc[axes[k]].range; return (v - (r[0] + r[1]) / 2) / (r[1] - r[0]) * asp[k]; };
  const sub = (a, b) => a.map((v, i) => v - b[i]);
  const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const unit = a => { const n = Math.hypot(...a); return a.map(v => v / n); };
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const f = unit(sub([cam.center.x, cam.center.y, cam.center.z], [cam.eye.x, cam.eye.y, cam.eye.z]));
  const right = unit(cross(f, [cam.up.x, cam.up.y, cam.up.z])), up = cross(right, f);
  const out = {planes: gd._fullData.filter(t => t.type === 'mesh3d').map(t => t.name)};
  for (const t of gd._fullData) {
    if (t.type !== 'scatter3d' || !/^class [01]$/.test(t.name)) continue;
    const pts = Array.from(t.x, (_, i) => [box(t.x[i], 0), box(t.y[i], 1), box(t.z[i], 2)]);
    out[t.name] = pts.map(p => [dot(p, right), dot(p, up)]);
    out[t.name + ' 3d'] = pts;
  }
  return out;
}"""


def spread(points: np.ndarray) -> float:
    """Second over largest spread of points: near 0 for a streak, 1 for a round 2-D cloud."""
    s = np.linalg.svd(points - points.mean(0), compute_uv=False)
    return float(s[1] / s[0])


def test_every_3d_scene_opens_on_a_view_that_shows_its_claim(context, server, site_dir):
    """No layer scene opens edge-on: the points spread on the screen at least a third as much as
    they can (a layer whose points lie on a line is a streak from every side), and where a plane
    separates the classes the opening view shows them apart: a line on the screen separates
    the two classes' points."""
    checked, bad = 0, {}
    for stem, url in scene_urls(site_dir, server).items():
        page = open_scene(context, url)
        if not is_3d(page):
            page.close()
            continue
        seen = page.evaluate(PROJECTED_JS)
        page.close()
        if "class 0" not in seen or "surface" in stem:
            continue
        p0, p1 = np.array(seen["class 0"]), np.array(seen["class 1"])
        both = np.concatenate([p0, p1])
        best = spread(np.concatenate([seen["class 0 3d"], seen["class 1 3d"]]))
        checked += 1
        if spread(both) < 0.35 * best:
            bad[stem] = f"opens edge-on: spread {spread(both):.2f} on the screen, {best:.2f} possible"
        if "a separating plane" in seen["planes"]:
            y = np.r_[np.zeros(len(p0)), np.ones(len(p1))]
            if (acc := measures.best_linear_accuracy(both, y, 720)) < 0.98:
                bad[stem] = f"the opening view does not show the classes apart: a line on screen gets {acc:.1%}"
    assert checked >= 5, f"only {checked} 3-D layer scenes found"
    assert not bad, bad


def test_spread_and_separation_see_a_streak():
    """The two measures of the test above, on known pictures."""
    t = np.linspace(0, 2 * np.pi, 100)
    ring = np.stack([np.cos(t), np.sin(t)], 1)
    assert spread(ring) > 0.95 and spread(ring * [1, 0.05]) < 0.1
    inner, outer = 0.4 * ring, ring
    y = np.r_[np.zeros(100), np.ones(100)]
    assert measures.best_linear_accuracy(np.concatenate([outer, inner]), y, 720) < 0.98  # rings: no line
    assert measures.best_linear_accuracy(np.concatenate([outer + [3, 0], inner - [3, 0]]), y, 720) == 1.0


EYE_JS = """() => { const e = document.querySelector('.js-plotly-plot')._fullLayout.scene.camera.eye;
  return [e.x, e.y, e.z]; }"""
FIGURE_EYE_JS = """() => { const e = document.querySelector('.js-plotly-plot').layout.scene.camera.eye;
  return [e.x, e.y, e.z]; }"""


def test_reset_returns_to_the_figures_own_camera(context, server, site_dir):
    page = open_scene(context, scene_urls(site_dir, server)["linear_net-layer1"])
    home = page.evaluate(FIGURE_EYE_JS)
    assert np.allclose(page.evaluate(EYE_JS), home)
    box = page.locator(".js-plotly-plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5, steps=10)
    page.mouse.up()
    page.wait_for_function(f"() => {{ const e = ({EYE_JS})(); const h = {home};"
                           " return Math.hypot(e[0] - h[0], e[1] - h[1], e[2] - h[2]) > 0.1; }")
    reset = page.get_by_role("button", name="Reset view")
    assert reset.is_visible()
    reset.click()
    page.wait_for_function(f"() => {{ const e = ({EYE_JS})(); const h = {home};"
                           " return Math.hypot(e[0] - h[0], e[1] - h[1], e[2] - h[2]) < 1e-6; }")
