"""What a link to a page shows where it is shared: its picture (``og:image``), one per page.

An article's picture is its card's (figures/site/thumbs.py: drawn at 16:9 from its preview
figure). Link previews show PNG, not SVG: where the preview has no scene to draw a PNG from, the
first of the page's own figures that has one stands in; a page without figures gets the site's
default (``extra.og_preview`` in mkdocs.yml, a figure name)."""

from __future__ import annotations

import re
from pathlib import Path

from figures.site.manifest import FIG_DIR, by_stem, static_of
from figures.site.thumbs import THUMB_DIR, thumb_name, write_thumb

FIG_NAME_RE = re.compile(r"\]\(fig:([\w.-]+)")


def og_image(meta: dict, manifest: dict | None, default: str | None, docs_dir: Path, where: str,
             markdown: str = "") -> str | None:
    """Path below the site root of the page's picture (a PNG, written if missing), or None."""
    if manifest is None:
        return None
    figures = by_stem(manifest)
    for stem in (meta.get("preview"), *FIG_NAME_RE.findall(markdown), default):
        if stem not in figures:  # a wrong name is the page's error, reported where it is written
            continue
        fig = figures[stem]
        still = static_of(fig, where)
        name = thumb_name(fig.stem, still["path"], ".html" in fig.files)
        if name.endswith(".png"):
            source = fig.files.get(".html") or still
            write_thumb(Path(docs_dir) / FIG_DIR / source["path"], Path(docs_dir) / THUMB_DIR / name)
            return f"{THUMB_DIR}/{name}"
    return None
