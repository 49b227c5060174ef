"""The MkDocs hook: only what the Markdown extension cannot do for itself.

- Under ``mkdocs serve``, run the (cached) figure build before each rebuild and watch figures/:
  one summary line per rebuild, each failure once (the build writes nothing under docs/ unless a
  figure's bytes change, so a failing figure does not wake the watcher again).
- Refuse (under --strict) a stale figure, an article page left out of the nav, and an article
  without the front matter the site needs.
- Tell the extension which page it renders (its URL, for relative links; its path and the
  front-matter lines MkDocs cut off, for messages), and where the docs and the project are.
- Check each page's front matter (the theme prints title and description unescaped).
- Draw the home page's card pictures before MkDocs lists the site's files, and tell the
  extension the nav's reading order for the cards; give each page its link-preview picture
  (``og_image``, printed by overrides/main.html).
- Load the lightbox on a reader's first tap, not in the page's <head> (it held back the first
  paint).
- Drop the feeds' ``<image><url>None</url>`` (mkdocs-rss-plugin 1.19 writes it when no feed
  image is configured: a feed reader would fetch "None").

Everything a page shows comes from ``figures.site.markdown_ext``, so a tool that runs Markdown
extensions but not MkDocs hooks (Zensical) still expands figures, numbers, cards and math.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

# MkDocs loads a hook by its path; `figures` is the installed package (`pip install -e .`).
from figures.site import freshness
from figures.site.cards import check_front_matter, front_matter, nav_pages, write_card_thumbs
from figures.site.errors import SiteError
from figures.site.manifest import read_manifest
from figures.site.shortcodes import first_eager
from figures.site.social import og_image

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = "figures.site.markdown_ext"
# Front matter an article needs: its byline (date), its home-page card (description, preview)
# and its head (title).
ARTICLE_FIELDS = ("title", "date", "description", "preview")
log = logging.getLogger("mkdocs.hooks.figures")  # under "mkdocs": --strict counts its warnings

# `command` outlives rebuilds: MkDocs loads a hook module once per process.
_state: dict = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    if command == "serve":
        sys.dont_write_bytecode = True  # a .pyc written under figures/ would wake the watcher


def on_serve(server, config, builder):
    server.watch(str(ROOT / "figures"))
    return server


def on_pre_build(config) -> None:
    if _state["command"] == "serve":
        run_figure_build()
    docs = Path(config["docs_dir"])
    _state["manifest"] = read_manifest(docs)
    for problem in freshness.stale(_state["manifest"]):
        log.warning(problem)
    # The home page's card pictures are drawn from the figures: before MkDocs lists the files.
    if (docs / "index.md").is_file() and "<!-- articles -->" in (docs / "index.md").read_text(encoding="utf-8"):
        write_card_thumbs(docs, _state["manifest"], nav_pages(config["nav"]))
    # Each page's link-preview picture, drawn now too (a file made later would not be published).
    _state["og"] = {}
    if _state["manifest"] is not None:
        default = config["extra"].get("og_preview")
        for path in sorted(docs.rglob("*.md")):
            src, text = path.relative_to(docs).as_posix(), path.read_text(encoding="utf-8")
            _state["og"][src] = og_image(front_matter(text, src), _state["manifest"], default, docs, src, text)


def on_nav(nav, config, files):
    """A page that is neither in the nav nor listed under not_in_nav is one the author forgot."""
    in_nav = {page.file.src_uri for page in nav.pages}
    for file in files.documentation_pages():
        if file.src_uri not in in_nav and not file.inclusion.is_not_in_nav():
            log.warning(f"{file.src_uri}: the page is not in the nav: add it to `nav` in mkdocs.yml "
                        "(or to `not_in_nav` if it is meant to be reached only by links)")
    _state["articles"] = {page.file.src_uri for page in nav.pages if not page.is_homepage}
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    check_front_matter(page.meta, page.file.src_uri)
    if page.file.src_uri in _state.get("articles", ()):
        for field in ARTICLE_FIELDS:
            if not page.meta.get(field):
                log.warning(f"{page.file.src_uri}:1: front matter has no '{field}': an article needs "
                            f"{', '.join(ARTICLE_FIELDS)} (see README, Write an article)")
    page.meta["og_image"] = _state.get("og", {}).get(page.file.src_uri)  # overrides/main.html prints it
    source = page.file.content_string
    cut = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    # MkDocs makes a new Markdown instance for each page from these options, after this event.
    config["mdx_configs"].setdefault(EXTENSION, {}).update(
        docs_dir=config["docs_dir"], root=str(ROOT), page_url="/" + page.url, page_src=page.file.src_uri,
        line_offset=cut, directory_urls=config["use_directory_urls"], nav=nav_pages(config["nav"]),
    )
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    return first_eager(html)  # the page's first figure image at once; the others lazy


NO_IMAGE_RE = re.compile(r"\s*<image>\s*<url>None</url>.*?</image>", re.DOTALL)
# mkdocs-glightbox 0.5 puts its stylesheet and a blocking script (56 kB) in the <head>, where they
# hold back the page's first paint, and starts the lightbox at the end of the body; a reader needs
# it only once they tap a figure. Both go, and the starting script leaves where they are and the
# lightbox's options to docs/javascripts/reader.js, which loads them on that first tap.
LIGHTBOX_HEAD_RE = re.compile(r'<link href="([^"]*glightbox\.min\.css)" rel="stylesheet">'
                              r'<script src="([^"]*glightbox\.min\.js)"></script>')
LIGHTBOX_INIT_RE = re.compile(r'<script id="init-glightbox">const lightbox = GLightbox\((\{.*?\})\);.*?</script>',
                              re.DOTALL)


def on_post_page(html: str, page, config) -> str:
    head, init = LIGHTBOX_HEAD_RE.search(html), LIGHTBOX_INIT_RE.search(html)
    if not (head and init):
        return html
    lazy = json.dumps({"css": head.group(1), "js": head.group(2), "options": json.loads(init.group(1))})
    html = html[:init.start()] + f'<script id="init-glightbox">var mlpLightbox = {lazy};</script>' + html[init.end():]
    return html[:head.start()] + html[head.end():]



def on_post_build(config) -> None:
    for feed in Path(config["site_dir"]).glob("feed_rss_*.xml"):
        text = feed.read_text(encoding="utf-8")
        if NO_IMAGE_RE.search(text):
            feed.write_text(NO_IMAGE_RE.sub("", text), encoding="utf-8")


def run_figure_build() -> None:
    """Rebuild stale figures (a cached no-op when nothing changed) before MkDocs reads docs/: one
    summary line, each failure, and each failing claim of the figures it rebuilt. A failure stops
    this rebuild; the server then waits for the next edit (the failed build wrote nothing under
    docs/)."""
    # No .pyc writes under figures/: they would wake the watcher for another rebuild.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "build_figures.py", "--summary", "--check"]  # --check: claims of what it rebuilt
    done = subprocess.run(command, check=False, cwd=ROOT, env=env)
    if done.returncode:
        raise SiteError(f"the figure build or a claim failed (see above); fix it and save: the server rebuilds then "
                        f"(`python build_figures.py` runs it alone, exit {done.returncode})")
