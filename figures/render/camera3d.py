"""Plotly's 3-D camera in NumPy: the matrices that take a scene's data to its frame, and what
scene.js does to a scene once it is drawn (``fitCamera``: the eye backs off until every point is
inside; ``ticks3d``: round ticks inside each axis's range). A 3-D still drawn through these
matrices is the scene as the reader first sees it, point for point.

Plotly (gl3d) maps data to a box centred on the origin, each axis ``aspect`` long, then looks at
it from ``camera.eye`` toward ``camera.center`` (box units) through a 45° perspective.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FOVY = np.pi / 4  # gl-plot3d's field of view
NEAR, FAR = 0.01, 1000.0
FIT = 0.9  # scene.js fitCamera: points within 90 % of the frame's half-width and half-height


def _vec(d: dict) -> np.ndarray:
    return np.array([d["x"], d["y"], d["z"]], dtype=float)


def model(ranges: np.ndarray, aspect: Sequence[float]) -> np.ndarray:
    """Data -> box coordinates (4x4): each axis's range onto [-aspect/2, aspect/2]."""
    r = np.asarray(ranges, dtype=float)
    s = np.asarray(aspect, dtype=float) / (r[:, 1] - r[:, 0])
    m = np.diag([*s, 1.0])
    m[:3, 3] = -s * r.mean(1)
    return m


def look_at(eye: np.ndarray, center: np.ndarray, up: np.ndarray) -> np.ndarray:
    """The view matrix of an eye at ``eye`` looking at ``center`` (OpenGL's lookAt)."""
    w = (eye - center) / np.linalg.norm(eye - center)
    u = np.cross(up, w)
    u /= np.linalg.norm(u)
    v = np.cross(w, u)
    m = np.eye(4)
    m[0, :3], m[1, :3], m[2, :3] = u, v, w
    m[:3, 3] = -m[:3, :3] @ eye
    return m


def perspective(aspect: float) -> np.ndarray:
    """gl-plot3d's projection for a viewport ``aspect`` = width / height wide."""
    f = 1 / np.tan(FOVY / 2)
    return np.array([[f / aspect, 0, 0, 0], [0, f, 0, 0],
                     [0, 0, (FAR + NEAR) / (NEAR - FAR), 2 * FAR * NEAR / (NEAR - FAR)], [0, 0, -1, 0]])


def clip_matrix(ranges: np.ndarray, aspect: Sequence[float], camera: dict, size: tuple[float, float]) -> np.ndarray:
    """Data -> clip coordinates (4x4) of a scene drawn ``size`` = (width, height) px."""
    view = look_at(_vec(camera["eye"]), _vec(camera["center"]), _vec(camera["up"]))
    return perspective(size[0] / size[1]) @ view @ model(ranges, aspect)


def fit_camera(camera: dict, points: np.ndarray, ranges: np.ndarray, aspect: Sequence[float],
               size: tuple[float, float], exact: bool = False, fit: float = FIT) -> dict:
    """scene.js's fitCamera: the eye moved along its line to the centre until every point is
    within ``fit`` of the frame (``exact``: it may also come closer)."""
    eye, center = _vec(camera["eye"]), _vec(camera["center"])
    P = perspective(size[0] / size[1])
    v = (look_at(eye, center, _vec(camera["up"])) @ model(ranges, aspect)
         @ np.c_[np.asarray(points, dtype=float), np.ones(len(points))].T)
    D = np.linalg.norm(eye - center)
    reach = np.maximum(np.abs(P[0, 0] * v[0]), np.abs(P[1, 1] * v[1])) / fit + v[2]
    k = max(0.0 if exact else 1.0, float((1 + reach / D).max()))
    if not (k > 1.001 or (exact and 0 < k < 0.999)):
        return camera
    return dict(camera, eye=dict(zip("xyz", (center + (eye - center) * k).tolist())))


def reach(clip: np.ndarray, points: np.ndarray) -> tuple[float, float]:
    """How far ``points`` reach across and up, in clip units (1: the frame's edge)."""
    c = clip @ np.c_[np.asarray(points, dtype=float), np.ones(len(points))].T
    return float(np.abs(c[0] / c[3]).max()), float(np.abs(c[1] / c[3]).max())


def nice_ticks(lo: float, hi: float, n: int) -> list[float]:
    """scene.js's niceTicks: about ``n`` steps of 1, 2, 2.5 or 5 times a power of ten."""
    raw = (hi - lo) / n
    mag = 10 ** np.floor(np.log10(raw))
    step = min((s * mag for s in (1, 2, 2.5, 5, 10)), key=lambda s: abs(s - raw))
    out, v = [], np.ceil(lo / step) * step
    while v <= hi + 1e-9 * step:
        out.append(float(f"{v:.12g}"))
        v += step
    return out


def ticks3d(ranges: np.ndarray, phone: bool = False, given: Sequence[tuple] = (None, None, None)) -> list[list[float]]:
    """scene.js's ticks3d: per axis, the ticks it shows, none within 12 % of either end;
    ``given[i]`` (tick values of the figure's own) are kept where inside."""
    out = []
    for (lo, hi), vals in zip(np.sort(np.asarray(ranges, dtype=float), 1), given):
        pad = 0.12 * (hi - lo)
        if vals is not None:
            out.append([v for v in vals if lo + pad <= v <= hi - pad])
        else:
            out.append(nice_ticks(lo + pad, hi - pad, 3 if phone else 4))
    return out


def phone_axis_titles(title: str, axis_titles: Sequence[str]) -> list[str]:
    """A phone's 3-D axis titles: the part the three share ("layer 1 · unit 1", "layer 1 · unit 2",
    ...) left out where the scene's title says it. A phone's box is too small for three long
    titles: two of them, on neighbouring edges, ran into each other."""
    parts = [t.rsplit(" · ", 1) for t in axis_titles]
    heads = {p[0] for p in parts if len(p) == 2}
    if len(heads) == 1 and all(len(p) == 2 for p in parts) and next(iter(heads)) in title:
        return [p[1] for p in parts]
    return list(axis_titles)


def clip_to_box(polygon: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The part of a flat ``polygon`` (k, 3) inside ``box`` (3, 2), as Plotly draws a mesh
    (nothing outside the axes' ranges); Sutherland-Hodgman against each face."""
    pts = [np.asarray(p, dtype=float) for p in polygon]
    for axis in range(3):
        for bound, sign in ((box[axis][0], 1), (box[axis][1], -1)):
            out = []
            for a, b in zip(pts, pts[1:] + pts[:1]):
                a_in, b_in = sign * (a[axis] - bound) >= 0, sign * (b[axis] - bound) >= 0
                if a_in:
                    out.append(a)
                if a_in != b_in:
                    out.append(a + (b - a) * (bound - a[axis]) / (b[axis] - a[axis]))
            pts = out
            if not pts:
                return np.empty((0, 3))
    return np.array(pts)


def label_edges(clip: np.ndarray, ranges: np.ndarray, aspect: Sequence[float], eye: np.ndarray) -> list[np.ndarray]:
    """The box edge along which gl-axes3d (Plotly's 3-D axes: lib/cube.js, as plotly.js bundles
    it) writes each axis's tick labels and title: (2, 3) data points per axis, for a camera at
    ``eye`` (box coordinates). Corner i of the box has axis a at its top end where bit a of i is
    set. One corner and its opposite are left out: the corner behind the eye, if one is, else the
    one whose bit a is set where the eye is past the box's top face along a. Of the other six,
    the lowest on screen starts two edges (to its left and right neighbours); the third axis's
    edge rises from the left one, or from the right one where the left one's opposite corner is
    left out. (tests/test_browser_drawn.py reads Plotly's own choice back from drawn scenes.)"""
    r = np.asarray(ranges, dtype=float)
    corners = np.array([[r[a][(i >> a) & 1] for a in range(3)] for i in range(8)])
    c = clip @ np.c_[corners, np.ones(8)].T
    x, y = c[0] / c[3], c[1] / c[3]
    behind = [i for i in range(8) if c[3, i] < 0]
    out = (min(behind, key=lambda i: c[2, i] / c[3, i]) if behind
           else sum(1 << a for a in range(3) if eye[a] > aspect[a] / 2))
    ends = {out, 7 ^ out}
    bottom = min((i for i in range(8) if i not in ends), key=lambda i: y[i])
    sides = sorted((bottom ^ (1 << a) for a in range(3) if bottom ^ (1 << a) not in ends), key=lambda i: x[i])
    left, right = sides[0], sides[-1]
    top = right ^ 7
    pairs = [(bottom, left), (bottom, right), (right, left ^ 7) if top in ends else (left, top)]
    edges: list[np.ndarray] = [np.empty(0)] * 3
    for i, j in pairs:
        edges[(i ^ j).bit_length() - 1] = corners[[i, j]]
    return edges
