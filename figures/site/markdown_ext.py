"""The Python-Markdown extension: figures, measured numbers, article cards and MathML.

Listed in mkdocs.yml under ``markdown_extensions``, so it runs wherever our pages are turned
into HTML by Python-Markdown, with or without MkDocs::

    markdown.Markdown(extensions=["md_in_html", "pymdownx.arithmatex", FiguresExtension(
        docs_dir="docs", base_url="/", page_src="why-more-layers.md")])

Options: ``docs_dir`` (where ``assets/figures/manifest.json`` is), ``root`` (the project, where
figure modules are read from), ``base_url`` (the site root as a reader's browser sees it: links
start with it when the page's URL is unknown), ``page_url`` and ``page_src`` (the page being
rendered, ``page_url`` as a path like ``/why-more-layers/``: the MkDocs hook sets both for each
page, so links are relative and messages name the page), ``line_offset`` (front-matter lines
cut off before the text reached Markdown) and ``directory_urls`` (how card links are written).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from figures.site import byline, cards, live, metrics, references, shortcodes
from figures.site.manifest import read_manifest
from figures.site.mathml import render_math
from figures.site.page import Page

PROJECT = Path(__file__).resolve().parents[2]  # the checkout this package runs from (pip install -e .)

CODE_RE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$"  # fenced block
    r"|(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)",  # inline code, within a paragraph
    re.MULTILINE | re.DOTALL,
)
FIGURE_RE = re.compile(r'<figure class="mlp-figure".*?</figure>', re.DOTALL)
UNWRAP_RE = re.compile(r"<p>(<figure class=\"mlp-figure\"[^>]*>.*?</figure>)\s*</p>", re.DOTALL)


class FiguresExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "docs_dir": ["docs", "folder of the pages; the figures are in its assets/figures/"],
            "root": [str(PROJECT), "project folder: figure modules are read from here (default: this package's)"],
            "base_url": ["/", "URL of the site root, for links when page_url is unknown"],
            "page_url": ["", "URL path of the page, like /why-more-layers/ (the MkDocs hook sets it)"],
            "page_src": ["<page>", "path of the page below docs_dir, for messages"],
            "line_offset": [0, "lines cut off the top of the page before Markdown saw it"],
            "directory_urls": [True, "page URLs end in '/' (MkDocs' use_directory_urls)"],
            "nav": [[], "the pages' paths in reading order (the MkDocs hook sets it; else mkdocs.yml's nav)"],
        }
        super().__init__(**kwargs)

    def page(self, line_offset: int = 0) -> Page:
        c = self.getConfigs()
        url = c["page_url"].removeprefix("/") if c["page_url"] else None
        return Page(src=c["page_src"], url=url, base_url=c["base_url"], docs_dir=Path(c["docs_dir"]),
                    root=Path(c["root"]).resolve(), line_offset=int(c["line_offset"]) + line_offset)

    def extendMarkdown(self, md) -> None:
        if "markdown_block" not in md.parser.blockprocessors:  # captions are Markdown inside HTML
            md.registerExtensions(["md_in_html"], {})
        # After whitespace normalising (30), before fenced code (25) and raw HTML blocks (20) are
        # stashed, so that figures are parsed as HTML blocks and code is still visible as code.
        md.preprocessors.register(FiguresPreprocessor(md, self), "mlp_figures", 29)
        # After raw HTML is put back (30): the math and figure markup are in the text by then.
        md.postprocessors.register(FiguresPostprocessor(md, self), "mlp_figures", 5)


class FiguresPreprocessor(Preprocessor):
    def __init__(self, md, ext: FiguresExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        front = cards.FRONT_RE.match(text)  # there when no tool cut the front matter off
        page = self.ext.page()
        if front:
            meta = cards.front_matter(text, page.src)
            text = "\n" * front[0].count("\n") + text[front.end() :]  # keep line numbers
        else:
            meta = page_meta(page)
        minutes = byline.reading_minutes(text)
        manifest = read_manifest(page.docs_dir)
        text = expand(text, manifest, page, self.md.htmlStash.store)
        if cards.MARKER in text:
            order = self.ext.getConfig("nav") or cards.nav_of(page.root)
            found = cards.read_cards(page.docs_dir, bool(self.ext.getConfig("directory_urls")), order)
            text = text.replace(cards.MARKER, cards.cards_html(found, manifest, page))
        text = byline.add_byline(text, meta, minutes, self.md.htmlStash.store)
        return text.split("\n")


def page_meta(page: Page) -> dict:
    """The page's front matter, read from its file (MkDocs hands Markdown the text without it)."""
    path = page.docs_dir / page.src
    if not page.src.endswith(".md") or not path.is_file():
        return {}
    return cards.front_matter(path.read_text(encoding="utf-8"), page.src)


def expand(text: str, manifest: dict | None, page: Page, stash=lambda raw: raw) -> str:
    """Numbers first (so they work in alt text and captions), then figures; code is left alone."""
    parts, last = [], 0
    for m in [*CODE_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        before = text.count("\n", 0, last)
        piece = text[last:end]
        piece = metrics.fill(piece, manifest, lambda at, p=piece, b=before: page.where(p, at, b))
        parts.append(live.place(shortcodes.place(piece, manifest, page, before, stash), manifest, page, before, stash))
        if m:
            parts.append(m[0])
            last = m.end()
    return "".join(parts)


class FiguresPostprocessor(Postprocessor):
    def __init__(self, md, ext: FiguresExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        # Indented (admonition, tab) raw HTML is not md_in_html's: drop its attributes and <p>.
        text = re.sub(r' markdown="(?:1|span)"', "", text)
        text = UNWRAP_RE.sub(r"\1", text)
        text = FIGURE_RE.sub(lightbox_marked, text)
        references.check_citations(text, self.ext.getConfig("page_src"))
        return render_math(text, self.ext.getConfig("page_src"))


def lightbox_marked(m: re.Match) -> str:
    """A figure that is only an image enlarges on a tap (mkdocs-glightbox, manual mode, takes
    images of class on-glb); a figure with a scene is left alone: the scene is its big view."""
    fig = m[0]
    if "<iframe" in fig or "mlp-scene" in fig:
        return fig
    return re.sub(r"<img(?![^>]*\bclass=)", '<img class="on-glb"', fig)


def makeExtension(**kwargs) -> FiguresExtension:  # noqa: N802 - the name Python-Markdown looks for
    return FiguresExtension(**kwargs)
