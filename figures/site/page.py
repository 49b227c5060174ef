"""What the extension knows about the page it renders: its name, its URL, where files are."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from figures.site.errors import at


@dataclass(frozen=True)
class Page:
    """``url`` is the page's URL below the site root (``why-more-layers/``), given by the MkDocs
    hook; without it (plain Python-Markdown, other tools) links start with ``base_url``."""

    src: str = "<page>"
    url: str | None = None
    base_url: str = "/"
    docs_dir: Path = Path("docs")
    root: Path = Path(".")
    line_offset: int = 0  # lines of front matter that the tool cut off before Markdown saw the page

    def link(self, target: str) -> str:
        """URL of ``target`` (a path below the site root) as this page must write it."""
        if self.url is None:
            return self.base_url + target
        return relative_url(target, self.url)

    def where(self, text: str, offset: int, before: int = 0) -> str:
        """'page:line' of an offset into ``text``, a piece of the page after ``before`` lines."""
        return at(self.src, before + text.count("\n", 0, offset) + 1 + self.line_offset)


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both below the site root), as MkDocs writes it."""
    if other not in (".", ""):
        head, tail = posixpath.split(other)
        other = head if "." in tail else other  # a file URL (page.html): its folder
    rel = posixpath.relpath("/" + url, "/" + other)
    return rel + "/" if url.endswith("/") else rel
