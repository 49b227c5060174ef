"""Renderers: one value per picture kind, drawn by each back-end into a ``Drawn``.

A picture kind is one value (``kinds.ProbabilityField``, ``kinds.Cloud``, ``grids.Warp``...)
that every back-end takes as its first argument: Plotly scene pages (``scenes``), SVG and PNG
stills (``svg``, matplotlib), GIFs (``gif``, Pillow). Back-ends return a ``Drawn`` that knows its
own size, and ``artifacts`` turns the drawings of one figure into its files, giving each scene
page the static fallback that ``fallback_for`` picks, the same rule the site uses.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from figures.registry import Artifact
from figures.stills import STILLS, fallback_for  # noqa: F401 - re-exported: the site imports figures.stills


@dataclass(frozen=True)
class Drawn:
    """One drawing: its content, file extension and size in px.

    A scene page's content is a function ``(div_id, fallback file or None) -> HTML``: its
    <noscript> still is only known once every drawing of the figure is (see ``artifacts``).
    """

    data: bytes | str | Callable[[str, str | None], str]
    ext: str
    width: int
    height: int
    # other versions of a still, written as <stem>.<suffix>.<ext>: "dark" (the dark scheme's),
    # "phone" (drawn for a phone's column), "phone.dark"; a PNG's 1x copy is made by ``artifacts``
    twins: tuple[tuple[str, Drawn], ...] = ()


def artifacts(stem: str, *drawn: Drawn) -> list[Artifact]:
    """The files ``<stem>.<ext>`` of one figure's drawings, scene pages pointing at their fallback."""
    still = fallback_for(d.ext for d in drawn)
    fallback = f"{stem}.{still}" if still else None
    out = []
    for d in drawn:
        out.append(Artifact(stem, d.ext, d.data(stem, fallback) if callable(d.data) else d.data, d.width, d.height))
        out += one_x(stem, d)
        for suffix, t in d.twins:
            out += [Artifact(f"{stem}.{suffix}", t.ext, t.data, t.width, t.height), *one_x(f"{stem}.{suffix}", t)]
    return out


def one_x(stem: str, d: Drawn) -> list[Artifact]:
    """A PNG drawn at twice its displayed size (sharp on a dense screen) gets a copy at that size,
    ``<stem>.1x.webp``, for a screen that needs no more (the site's srcset): lossless WebP of the
    same palette, about a quarter of the 2x file's bytes."""
    if d.ext != "png":
        return []
    with Image.open(io.BytesIO(d.data)) as im:
        if im.width < 1.9 * d.width:
            return []
        half = im.convert("RGBA").resize((im.width // 2, im.height // 2), Image.LANCZOS)
    out = io.BytesIO()
    small = half.quantize(256, method=Image.Quantize.FASTOCTREE)
    small.save(out, "WEBP", lossless=True, method=4, quality=100, exact=True)
    return [Artifact(f"{stem}.1x", "webp", out.getvalue(), d.width, d.height)]
