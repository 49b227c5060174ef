"""Which file stands for a figure where its scene cannot run: one rule for the renderers (a
scene's <noscript>) and the site (which reads manifests and never imports drawing code)."""

from __future__ import annotations

from collections.abc import Iterable

# The static image that stands for a figure where its scene cannot run (no JavaScript, print,
# previews, the article page's <noscript>): vectors first (sharp at any size, the final state),
# then a raster still, then an animation (its first frame is the poster).
STILLS = ("svg", "png", "gif")


def fallback_for(exts: Iterable[str]) -> str | None:
    """The extension (no dot) of the static stand-in among a figure's ``exts``, or None."""
    have = {e.lstrip(".") for e in exts}
    return next((e for e in STILLS if e in have), None)
