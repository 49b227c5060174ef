"""Renderers: one value per picture kind, drawn by each back-end into a ``Drawn``.

A picture kind is one value (``kinds.ProbabilityField``, ``kinds.Cloud``, ``grids.Warp``...)
that every back-end takes as its first argument: Plotly scene pages (``scenes``), SVG and PNG
stills (``svg``, matplotlib), GIFs (``gif``, Pillow). Back-ends return a ``Drawn`` that knows its
own size, and ``artifacts`` turns the drawings of one figure into its files, giving each scene
page the static fallback that ``fallback_for`` picks, the same rule the site uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    # "phone" (drawn for a phone's column), "phone.dark"
    twins: tuple[tuple[str, Drawn], ...] = ()


def artifacts(stem: str, *drawn: Drawn) -> list[Artifact]:
    """The files ``<stem>.<ext>`` of one figure's drawings, scene pages pointing at their fallback."""
    still = fallback_for(d.ext for d in drawn)
    fallback = f"{stem}.{still}" if still else None
    out = []
    for d in drawn:
        out.append(Artifact(stem, d.ext, d.data(stem, fallback) if callable(d.data) else d.data, d.width, d.height))
        out += [Artifact(f"{stem}.{suffix}", t.ext, t.data, t.width, t.height) for suffix, t in d.twins]
    return out
