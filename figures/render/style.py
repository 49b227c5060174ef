"""The look of every figure, for Plotly and matplotlib alike: palette, fonts, titles, legend, axes.

One palette for the whole site (Okabe-Ito: safe for the common colour-vision deficiencies), one
font family and size, titles at the top left, the same legend words, and tick labels written
the same way ("−1", a real minus sign and no needless ".0") by both back-ends.
"""

import re
from functools import cache

# Class colours: class 0 is always blue, class 1 always vermillion, on every figure.
CLASS_COLORS = ("#0072B2", "#D55E00")
CLASS_NAMES = ("class 0", "class 1")
# Other Okabe-Ito hues for lines and accents.
ACCENT = "#009E73"  # bluish green: boundaries, highlighted runs
MUTED = "#999999"
INK = "#222222"
# Diverging scale for P(class 1): light blue -> white -> light vermillion; light enough that
# the class-coloured points stay visible on top.
PROB_STOPS = ((0.0, "#9cc6e4"), (0.5, "#f7f7f7"), (1.0, "#f2b48c"))


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """'#RRGGBB' -> (r, g, b)."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def plotly_prob_scale() -> list[list]:
    """PROB_STOPS in Plotly's colorscale form."""
    return [[s, c] for s, c in PROB_STOPS]


# Dark scheme (scene.js restyles a scene; see plotly_layout's meta): the same hues, deepened, on
# the site's dark background, so the class-coloured points stay visible on top.
DARK_BG = "#1e2029"
DARK_INK = "#e6e6e6"

# One font for every figure: the page's own (system) font, then the font matplotlib measures
# its labels with, so an SVG still reads like a Plotly scene.
FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"
FONT_PX = 12  # labels, ticks, legends
TITLE_PX = 14
# Draw for the size a figure is read at: a static figure is at most as wide as the article's
# column (px), and has a twin as wide as a phone's column, its panels re-laid in fewer columns;
# drawn 1 px per CSS px, so their lettering (never below MIN_TEXT_PX) is read at that size.
COLUMN_PX = 688
PHONE_PX = 360
PHONE_MEDIA = "(max-width: 44.9375em)"  # Material's phone/tablet-portrait breakpoint (719 px)
# A scene's still lies over the scene's frame until the scene has drawn: on a phone that frame is
# 150vw tall (site.css), so the still's phone twin is drawn to this size, its panels re-laid in it.
PHONE_FRAME_PX = (PHONE_PX, round(PHONE_PX * 1.5))
MIN_TEXT_PX = 11
PHONE_MIN_TEXT_PX = 10  # issue 20: at least 11 px as displayed on a desktop, 10 px on a 390 px phone
MIN_PANEL_PX = 160  # narrowest panel of a phone twin's rows
# Legend words shared by both back-ends.
LEGEND = {"grid": "input grid, mapped", "line": "decision line", "boundary": "boundary (P = 0.5)"}


_MINUS = re.compile(r"(?<![\w)\]])-(?=\.?\d)")


def true_minus(text: str) -> str:
    """A sign written as a real minus ("(−0.5, 2)"); hyphens between words and digits ("2-48-1",
    "1e-3") stay as they are."""
    return _MINUS.sub("\u2212", text)


def tick_text(v: float) -> str:
    """A tick label as both back-ends write it: shortest form, a real minus sign ("−1", "0.5")."""
    text = f"{v:.6g}"
    return "0" if text in ("-0", "0") else text.replace("-", "\u2212")


# --- Plotly --------------------------------------------------------------------------------------

TITLE_FONT = dict(size=TITLE_PX, color=INK)
# 2-D axes: no grid or zero line (the data carry the picture), ticks outside, a quiet axis line.
PLOTLY_AXIS_2D = dict(showgrid=False, zeroline=False, ticks="outside", linecolor=MUTED, constrain="domain")


def plotly_layout(title: str, margin: dict) -> dict:
    """Title on the first line, legend on the second, so they never overlap; legend symbols of
    one readable size (a 3-D marker of 2-3 px would be a speck); ``meta`` tells scene.js the
    dark scheme's colours."""
    return dict(template="none", paper_bgcolor="white", margin=margin,
                title=dict(text=title, x=0.01, xanchor="left", y=0.985, yanchor="top", font=TITLE_FONT),
                legend=dict(orientation="h", x=0.0, y=1.0, yanchor="bottom", font=dict(size=FONT_PX),
                            itemsizing="constant"),
                font=dict(family=FONT_FAMILY, color=INK, size=FONT_PX), meta=plotly_meta())


def plotly_meta(scales=(), colors: dict | None = None, **extra) -> dict:
    """What scene.js needs beyond Plotly's layout: for the dark scheme, each light colour scale
    with the dark one that replaces it (the probability scale always; ``scales`` adds (light,
    dark) stop pairs) and single colours to swap (``colors``, light -> dark); ``extra`` keys as given."""
    ends = ((0, PROB_STOPS[0][1]), (1, PROB_STOPS[-1][1])), ((0, PROB_STOPS_DARK[0][1]), (1, PROB_STOPS_DARK[-1][1]))
    pairs = [(PROB_STOPS, PROB_STOPS_DARK), ends, *scales]  # the field, and its two ends alone (class regions)
    swap = {INK: DARK_INK, PROB_STOPS[0][1]: PROB_STOPS_DARK[0][1], PROB_STOPS[-1][1]: PROB_STOPS_DARK[-1][1],
            **(colors or {})}
    dark = dict(scales=[[[[p, c] for p, c in light], [[p, c] for p, c in deep]] for light, deep in pairs],
                colors={k.lower(): v for k, v in swap.items()})
    return dict(dark=dark, **extra)


def prob_hex(t: float, stops=PROB_STOPS) -> str:
    """The colour of a scale's stops at position t in [0, 1], as '#rrggbb'."""
    pos = [p for p, _ in stops]
    rgb = [hex_to_rgb(c) for _, c in stops]
    k = max(i for i in range(len(pos)) if pos[i] <= t) if t < pos[-1] else len(pos) - 2
    f = (t - pos[k]) / (pos[k + 1] - pos[k])
    return "#{:02x}{:02x}{:02x}".format(*(round(a + (b - a) * f) for a, b in zip(rgb[k], rgb[k + 1])))


# 3-D scenes, both back-ends: box proportions (x, y, z) and the default opening view (eye
# direction from the centre, in box coordinates; z stays up).
ASPECT_3D = (1.0, 1.0, 0.85)
EYE_3D = (1.4, 1.2, 0.55)


# --- matplotlib ----------------------------------------------------------------------------------

DPI = 100
PT = 72 / DPI  # matplotlib sizes are points; a still is drawn 1 px per figure pixel at DPI
MPL_RC = {
    "svg.hashsalt": "mlp-geometry",  # fixed ids: the same figure gives the same bytes
    "svg.fonttype": "none",  # text stays text (small, selectable)
    "font.size": FONT_PX * PT,
    "axes.titlesize": TITLE_PX * PT,
    "axes.titlelocation": "left",  # as Plotly's titles
    "axes.formatter.useoffset": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


_FONT_DECL = re.compile(r"font-family: ?[^;\"}]+")


def mpl_ticks(fig) -> None:
    """Tick labels of every numeric axis of a matplotlib figure written by ``tick_text``."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    fmt = FuncFormatter(lambda v, _pos: tick_text(v))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            if axis is not None and isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(fmt)


def svg_font(text: str) -> str:
    """An SVG still's text in the site's one font family (matplotlib writes its own list)."""
    return _FONT_DECL.sub(f"font-family: {FONT_FAMILY}", text)


# --- the dark twin of a still ---------------------------------------------------------------------
# A static figure's dark version is drawn from its light one, colour by colour (never an inverted
# image): white becomes the page's dark background, ink becomes light ink, pale tints become deep
# tints of the same hue, and the saturated colours that carry meaning (the two classes, accents,
# lines) stay exactly as they are, so a class has one colour in both schemes.
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _hls(rgb) -> tuple[float, float, float]:
    import colorsys

    return colorsys.rgb_to_hls(*(v / 255 for v in rgb))


@cache  # a still's colours repeat in its twins and in the next still
def dark_rgb(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """The dark scheme's colour for a light scheme's ``rgb``."""
    import colorsys

    h, lum, s = _hls(rgb)
    if s > 0.45 and 0.2 < lum < 0.72:  # a colour that carries meaning: kept
        return tuple(int(v) for v in rgb)
    lo, hi = _hls(hex_to_rgb(DARK_BG))[1], _hls(hex_to_rgb(DARK_INK))[1]
    f = min(1.0, (1 - lum) / (1 - _hls(hex_to_rgb(INK))[1]))  # white 0, ink 1
    to = lo + f * (hi - lo)  # lightness turned over between the page and its ink
    if s < 0.08:  # a grey: the page's own (bluish) grey at that lightness
        return tuple(round(a + (b - a) * f) for a, b in zip(hex_to_rgb(DARK_BG), hex_to_rgb(DARK_INK)))
    r, g, b = colorsys.hls_to_rgb(h, to, min(s, 0.6))
    return round(r * 255), round(g * 255), round(b * 255)


def dark_hex(color: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*dark_rgb(hex_to_rgb(color)))


def dark_pixels(rgb):
    """An (..., 3) uint8 image in the dark scheme's colours (one look-up per distinct colour)."""
    import numpy as np

    flat = rgb.reshape(-1, 3).astype(np.uint32)
    # one integer per colour (0xRRGGBB): sorting these is sorting the rows, many times faster
    keys, inverse = np.unique(flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2], return_inverse=True)
    mapped = np.array([dark_rgb((k >> 16, k >> 8 & 255, k & 255)) for k in keys.tolist()], np.uint8)
    return mapped[inverse.ravel()].reshape(rgb.shape)


def dark_svg(text: str) -> str:
    """An SVG still's dark twin: every colour through ``dark_hex``, embedded rasters too."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    def raster(m: re.Match) -> str:
        with Image.open(io.BytesIO(base64.b64decode(m[1]))) as im:
            rgba = np.asarray(im.convert("RGBA"))
        out = np.concatenate([dark_pixels(rgba[..., :3]), rgba[..., 3:]], -1)
        buf = io.BytesIO()
        Image.fromarray(out, "RGBA").save(buf, format="PNG", optimize=True)
        return f"data:image/png;base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"

    text = re.sub(r"data:image/png;base64,\s*([A-Za-z0-9+/=\s]+)", raster, text)
    text = _HEX.sub(lambda m: dark_hex(m[0]), text)
    # matplotlib leaves black text without a fill (SVG's default, black): the dark ink instead
    return text.replace("<style type=\"text/css\">", f"<style type=\"text/css\">text{{fill:{DARK_INK}}}", 1)


# The dark probability scale is the light one through the same rule, so a scene in the dark scheme
# (scene.js swaps the scales) and its dark still are one picture.
PROB_STOPS_DARK = tuple((p, dark_hex(c)) for p, c in PROB_STOPS)
