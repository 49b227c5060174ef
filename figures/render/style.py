"""The look of every figure, for Plotly and matplotlib alike: palette, fonts, titles, legend, axes.

One palette for the whole site (Okabe-Ito: safe for the common colour-vision deficiencies).
"""

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


# --- Plotly --------------------------------------------------------------------------------------

FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"  # the page's own font
TITLE_FONT = dict(size=14, color=INK)
# 2-D axes: no grid or zero line (the data carry the picture), ticks outside, a quiet axis line.
PLOTLY_AXIS_2D = dict(showgrid=False, zeroline=False, ticks="outside", linecolor=MUTED, constrain="domain")


def plotly_layout(title: str, margin: dict) -> dict:
    """Title on the first line, legend on the second, so they never overlap."""
    return dict(template="none", paper_bgcolor="white", margin=margin,
                title=dict(text=title, x=0.01, xanchor="left", y=0.985, yanchor="top", font=TITLE_FONT),
                legend=dict(orientation="h", x=0.0, y=1.0, yanchor="bottom", font=dict(size=12)),
                font=dict(family=FONT_FAMILY, color=INK))


# 3-D scenes, both back-ends: box proportions (x, y, z) and the default opening view (eye
# direction from the centre, in box coordinates; z stays up).
ASPECT_3D = (1.0, 1.0, 0.85)
EYE_3D = (1.4, 1.2, 0.55)


# --- matplotlib ----------------------------------------------------------------------------------

DPI = 100
MPL_RC = {
    "svg.hashsalt": "mlp-geometry",  # fixed ids: the same figure gives the same bytes
    "svg.fonttype": "none",  # text stays text (small, selectable)
    "font.size": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
