"""Front matter, checked; and the ``<!-- articles -->`` line as a grid of article cards."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from figures.site.byline import as_date, reading_minutes, time_html
from figures.site.errors import SiteError
from figures.site.manifest import check_files, lookup, static_of
from figures.site.page import Page
from figures.site.shortcodes import img_html

MARKER = "<!-- articles -->"
FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Themes print these into <title>, <meta content="..."> and cards without escaping them.
PLAIN_FIELDS = ("title", "description")
UNSAFE_RE = re.compile(r'[<>"]')


def front_matter(text: str, where: str) -> dict:
    m = FRONT_RE.match(text)
    if not m:
        return {}
    try:
        meta = yaml.safe_load(m[1]) or {}
    except yaml.YAMLError as exc:
        raise SiteError(f"{where}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise SiteError(f"{where}: front matter must be 'key: value' lines")
    check_front_matter(meta, where)
    return meta


def check_front_matter(meta: dict, where: str) -> None:
    """Title and description are plain text: markup or a double quote would break the page head."""
    for field in PLAIN_FIELDS:
        value = meta.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise SiteError(f"{where}: front matter '{field}' must be text, not {type(value).__name__}")
        bad = UNSAFE_RE.search(value)
        if bad:
            raise SiteError(f"{where}: front matter '{field}' contains {bad[0]!r}; it is printed into the "
                            "page's <head> unescaped: use plain text (typographic quotes “ ” are fine)")


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page at ``src`` (``a/b.md`` -> ``a/b/``, ``index.md`` -> ````)."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/" if directory_urls else stem + ".html"


def read_cards(docs_dir: Path, directory_urls: bool = True) -> list[dict]:
    """Front matter of every page but the home page that has a description, by date then title."""
    cards = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        meta = front_matter(text, src)
        if meta.get("description"):
            title = meta.get("title", path.stem)
            minutes = reading_minutes(FRONT_RE.sub("", text, count=1))
            cards.append({**meta, "url": page_url(src, directory_urls), "src": src, "title": title,
                          "minutes": minutes})
    return sorted(cards, key=lambda c: (str(c.get("date", "")), c["title"]))


def cards_html(cards: list[dict], manifest: dict | None, page: Page) -> str:
    """A grid of cards; site.css gives the first card the whole row when their number is odd,
    so two columns never leave one card alone on the last row."""
    return "\n".join(['<div class="mlp-cards">', *(card_html(c, manifest, page) for c in cards), "</div>"])


PHONE_KEEP_PX = 400  # natural px of a preview kept across a phone's card


def card_html(card: dict, manifest: dict | None, page: Page) -> str:
    image = ""
    if card.get("preview"):
        where = f"{card['src']} (preview)"
        fig = lookup(manifest, card["preview"], where)
        check_files(fig, page.docs_dir, where)
        still = static_of(fig, where)
        # On a phone the card crops to the middle ~400 px of the figure, so its lettering stays
        # near its drawn size however wide the figure is (site.css reads --crop-x).
        crop = max(18, round(50 * (1 - PHONE_KEEP_PX / still["width"]))) if still.get("width") else 18
        image = f'<span class="mlp-card-thumb">{img_html(still, "", page, style=f"--crop-x: {crop}%")}</span>'
    date = as_date(card.get("date"))
    when = f"{time_html(date)} · " if date else ""
    return (
        f'<a class="mlp-card" href="{page.link(card["url"])}">{image}<span class="mlp-card-body">'
        f'<span class="mlp-card-title">{html.escape(card["title"])}</span>'
        f'<span class="mlp-card-text">{html.escape(card["description"])}</span>'
        f'<span class="mlp-card-meta">{when}{card.get("minutes", 1)} min read</span></span></a>'
    )
