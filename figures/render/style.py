"""One palette for the whole site (Okabe-Ito: safe for the common colour-vision deficiencies)."""

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
