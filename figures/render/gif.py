"""Decision-boundary GIFs drawn straight from arrays with NumPy + Pillow (no matplotlib per frame).

Every frame is a uint8 array of indices into one fixed palette (quantised probability levels,
class colours, ink, label tones), so no frame is ever quantised. Things that do not change
between frames (palette, upsampling weights, point stamps) are computed once; a frame costs a
few vectorised NumPy passes. Frames after the first store only the pixels that changed (the
rest is the transparent index), which is what keeps the files small.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from figures.render import Drawn
from figures.render.kinds import ProbabilityField, _as_extent, _as_frames, _as_points
from figures.render.style import CLASS_COLORS, INK, MUTED, PROB_STOPS, dark_pixels, hex_to_rgb, true_minus

# Probability levels; even, so p = 0.5 falls on a level edge. 24 bands show no visible banding
# on a smooth sigmoid, 16 do; 32 cost ~25% more bytes (deltas are rings of changed levels).
LEVELS = 24
TEXT_TONES = 5  # label anti-aliasing tones, box colour (0) to ink (TEXT_TONES - 1)
POINT_RADIUS = 2.0  # disc fill radius in px at 400 px
OUTLINE_WIDTH = 0.9  # outline ring width in px at 400 px
LABEL_MARGIN = 6  # px between label box and image corner, and text and box edge

# Palette layout: heatmap levels first, then fixed inks; the rest is padding.
FILL = (LEVELS, LEVELS + 1)  # class 0, class 1 disc colour
EDGE = (LEVELS + 2, LEVELS + 3)  # their darker outlines
LINE = LEVELS + 4  # decision boundary
BOX_EDGE = LEVELS + 5
TEXT = LEVELS + 6  # TEXT + k, k = 0..TEXT_TONES-1: box colour -> ink
CLEAR = TEXT + TEXT_TONES  # transparent: "unchanged since the previous frame"
PALETTE_SIZE = 64


def prob_rgb(t: np.ndarray) -> np.ndarray:
    """Colours of PROB_STOPS, linearly interpolated at positions t in [0, 1]; (n, 3) float."""
    pos = [s for s, _ in PROB_STOPS]
    rgb = np.array([hex_to_rgb(c) for _, c in PROB_STOPS], dtype=float)
    return np.stack([np.interp(t, pos, rgb[:, k]) for k in range(3)], axis=1)


def _darker(color: str, f: float = 0.55) -> tuple[int, ...]:
    return tuple(round(v * f) for v in hex_to_rgb(color))


def _palette() -> list[int]:
    """The fixed palette as a flat [r, g, b, ...] list of PALETTE_SIZE entries."""
    levels = prob_rgb(np.arange(LEVELS) / (LEVELS - 1))
    ink, box = np.array(hex_to_rgb(INK)), np.array([255, 255, 255])
    tones = [box + (ink - box) * k / (TEXT_TONES - 1) for k in range(TEXT_TONES)]
    colors = [*levels, *map(hex_to_rgb, CLASS_COLORS), *map(_darker, CLASS_COLORS),
              hex_to_rgb(INK), hex_to_rgb(MUTED), *tones, (255, 0, 255)]
    colors += [(0, 0, 0)] * (PALETTE_SIZE - len(colors))
    return [round(float(v)) for c in colors for v in c]


PALETTE = _palette()


def check_options(n: int, size: int, fps: float, labels, hold_last: int) -> None:
    """Raise ValueError on options that no GIF can have."""
    if not isinstance(size, (int, np.integer)) or not 16 <= size <= 4096:
        raise ValueError(f"size must be 16..4096 px; got {size}")
    if not fps > 0:
        raise ValueError(f"fps must be positive; got {fps}")
    if not isinstance(hold_last, (int, np.integer)) or hold_last < 1:
        raise ValueError(f"hold_last must be >= 1; got {hold_last}")
    if labels is not None and len(labels) != n:
        raise ValueError(f"labels has {len(labels)} entries for {n} frames")


def _lerp_weights(n_out: int, n_grid: int, flip: bool) -> tuple[np.ndarray, np.ndarray]:
    """Lower grid index and weight of the upper one, for each output pixel centre."""
    t = (np.arange(n_out) + 0.5) / n_out
    u = (1.0 - t if flip else t) * (n_grid - 1)
    i0 = np.minimum(u.astype(np.intp), n_grid - 2)
    return i0, (u - i0).astype(np.float32)


class _Upsampler:
    """Bilinear resampling of a (rows, cols) grid to size x size, row 0 of the grid at the bottom."""

    def __init__(self, shape: tuple[int, int], size: int):
        self.r0, wr = _lerp_weights(size, shape[0], flip=True)
        self.c0, wc = _lerp_weights(size, shape[1], flip=False)
        self.wr, self.wc = wr[:, None], wc[None, :]

    def __call__(self, p: np.ndarray) -> np.ndarray:
        rows = p[self.r0] + (p[self.r0 + 1] - p[self.r0]) * self.wr
        left = np.take(rows, self.c0, axis=1)  # C order, unlike rows[:, c0]
        return left + (np.take(rows, self.c0 + 1, axis=1) - left) * self.wc


def _heatmap(p_up: np.ndarray) -> np.ndarray:
    """Level indices of an upsampled probability image, the P = 0.5 contour drawn in LINE."""
    idx = np.clip(p_up * LEVELS, 0, LEVELS - 1).astype(np.uint8)
    side = p_up >= 0.5
    # Mark the pixel before each sign change, across and down: a 1-px line along the contour.
    idx[:, :-1][side[:, :-1] != side[:, 1:]] = LINE
    idx[:-1, :][side[:-1, :] != side[1:, :]] = LINE
    return idx


def point_stamps(X, y, extent, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Flat pixel indices and palette values of all point discs, later points on top."""
    xmin, xmax, ymin, ymax = extent
    scale = size / 400
    r_fill, r_out = POINT_RADIUS * scale, (POINT_RADIUS + OUTLINE_WIDTH) * scale
    px = (X[:, 0] - xmin) / (xmax - xmin) * size
    py = (ymax - X[:, 1]) / (ymax - ymin) * size
    k = int(np.ceil(r_out)) + 1
    off = np.arange(-k, k + 1)
    cols = np.floor(px)[:, None, None].astype(np.intp) + off[None, None, :]
    rows = np.floor(py)[:, None, None].astype(np.intp) + off[None, :, None]
    d = np.hypot(cols + 0.5 - px[:, None, None], rows + 0.5 - py[:, None, None])
    inside = (d <= r_out) & (cols >= 0) & (cols < size) & (rows >= 0) & (rows < size)
    fill = d <= r_fill
    value = np.where(fill, np.array(FILL)[y][:, None, None], np.array(EDGE)[y][:, None, None])
    # Paint order: point i's outline, then its fill, over every earlier point.
    order = 2 * np.arange(len(X))[:, None, None] + fill
    flat, value, order = (a[inside] for a in (rows * size + cols, value, order))
    sort = np.lexsort((order, flat))
    flat, value = flat[sort], value[sort]
    last = np.ones(flat.size, dtype=bool)  # the top-most paint of each pixel
    last[:-1] = flat[1:] != flat[:-1]
    return flat[last], value[last].astype(np.uint8)


def label_font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=max(14, round(16 * size / 400)))
    except ImportError:  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def label_patch(text: str, font) -> np.ndarray:
    """A boxed label as palette indices: light box, thin border, anti-aliased ink text."""
    text = true_minus(text)
    left, top, right, bottom = font.getbbox(text)
    m = LABEL_MARGIN - 2
    w, h = right - left + 2 * m, bottom - top + 2 * m
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).text((m - left, m - top), text, fill=255, font=font)
    tone = (np.asarray(mask, dtype=np.uint16) * (TEXT_TONES - 1) + 127) // 255
    patch = (TEXT + tone).astype(np.uint8)
    patch[[0, -1], :] = BOX_EDGE
    patch[:, [0, -1]] = BOX_EDGE
    return patch


def stamp_label(img: np.ndarray, patch: np.ndarray) -> None:
    """Paste the label patch into the top-left corner (clipped to the image)."""
    h = min(patch.shape[0], img.shape[0] - LABEL_MARGIN)
    w = min(patch.shape[1], img.shape[1] - LABEL_MARGIN)
    img[LABEL_MARGIN:LABEL_MARGIN + h, LABEL_MARGIN:LABEL_MARGIN + w] = patch[:h, :w]


def encode(frames: list[np.ndarray], durations: list[int], palette: list[int] = PALETTE) -> bytes:
    """GIF bytes: frame 0 whole, later frames only where they differ (CLEAR elsewhere); a figure
    with colours of its own passes ``palette`` (PALETTE with some of its padding entries set)."""
    images, kept = [], []
    previous = None
    for img, ms in zip(frames, durations):
        if previous is not None and np.array_equal(img, previous):
            kept[-1] += ms  # an unchanged frame only lengthens the one before it
            continue
        delta = img if previous is None else np.where(img == previous, np.uint8(CLEAR), img)
        im = Image.fromarray(delta)
        im.putpalette(palette)
        images.append(im)
        kept.append(ms)
        previous = img
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:],
                   duration=kept, loop=0, disposal=1, transparency=CLEAR, optimize=False,
                   interlace=False)
    return out.getvalue()


def animate(images: list[np.ndarray], fps: float, hold_last: int, poster: bool) -> bytes:
    """GIF bytes of palette-index frames shown at ``fps``, the last held ``hold_last`` frame
    times; with ``poster`` the last frame is also shown first (briefly), so the still that
    print and previews show is the end result."""
    # GIF delays are centiseconds, and browsers slow delays under 20 ms down to 100 ms.
    ms = max(20, 10 * round(100 / fps))
    durations = [ms] * (len(images) - 1) + [ms * hold_last]
    if poster:
        images, durations = [images[-1], *images], [ms * 5, *durations]
    return encode(images, durations)


def poster(drawn: Drawn) -> Drawn:
    """The GIF's first frame as a PNG: the still shown instead of the animation to a reader who
    asked for reduced motion (the site offers the GIF only under prefers-reduced-motion:
    no-preference). With ``poster=True`` that first frame is the end result."""
    with Image.open(io.BytesIO(drawn.data)) as im:
        still = Image.fromarray(np.array(im))  # frame 0 is stored whole, in the site's palette
    still.putpalette(PALETTE)
    dark = still.copy()  # the dark scheme's twin: the palette through the site's dark rule
    dark.putpalette(dark_pixels(np.asarray(PALETTE[:768], np.uint8).reshape(-1, 3)).ravel().tolist())
    twin = Drawn(_png(dark), "png", drawn.width, drawn.height)
    return Drawn(_png(still), "png", drawn.width, drawn.height, (("dark", twin),))


def _png(im) -> bytes:
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def boundary_gif(field: ProbabilityField, *, size: int = 400, fps: float = 10,
                 labels: Sequence[str] | None = None, hold_last: int = 10, poster: bool = False) -> Drawn:
    """An animated GIF of a classifier's P(class 1) over training, with the data on top.

    The heatmap uses the site's diverging PROB_STOPS in LEVELS bands (y upward), the P = 0.5
    boundary is a thin ink line, points are discs in CLASS_COLORS, and labels[i], if given, is
    boxed in the top-left corner. Consecutive identical frames are merged into one longer
    frame; timing and ``poster`` as in ``animate``. Same input, same bytes.
    """
    frames = _as_frames(field.probs)
    X, y = _as_points(field.X, field.y)
    extent = _as_extent(field.extent)
    check_options(len(frames), size, fps, labels, hold_last)

    upsample = _Upsampler(frames[0].shape, size)
    flat, value = point_stamps(X, y, extent, size)
    font = label_font(size) if labels is not None else None
    images = []
    for i, p in enumerate(frames):
        img = _heatmap(upsample(p))
        img.ravel()[flat] = value
        if labels is not None:
            stamp_label(img, label_patch(str(labels[i]), font))
        images.append(img)
    return Drawn(animate(images, fps, hold_last, poster), "gif", size, size)
