"""Front matter, checked; and the ``<!-- articles -->`` line as a grid of article cards."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from figures.site.byline import as_date, reading_minutes, time_html
from figures.site.errors import SiteError
from figures.site.manifest import FIG_DIR, check_files, lookup, static_of
from figures.site.page import Page
from figures.site.thumbs import HEIGHT, THUMB_DIR, WIDTH, dark_name, thumb_name, write_thumbs

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


def read_cards(docs_dir: Path, directory_urls: bool = True, order: list[str] | None = None) -> list[dict]:
    """Front matter of every page but the home page that has a description, in reading order:
    the order of ``order`` (the site's nav, as pages' paths), then the others by date and title."""
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
    rank = {src: i for i, src in enumerate(order or [])}
    return sorted(cards, key=lambda c: (rank.get(c["src"], len(rank)), str(c.get("date", "")), c["title"]))


def nav_pages(nav) -> list[str]:
    """Paths of the pages in a MkDocs ``nav`` (a list of ``{title: path}``, sections nested), in order."""
    out: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its !ENV and !!python tags read as None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def nav_of(root: Path) -> list[str]:
    """The nav order of the project's mkdocs.yml (for tools that do not hand the extension one)."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return []
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}  # noqa: S506 - safe loader
    return nav_pages(config.get("nav"))


def cards_html(cards: list[dict], manifest: dict | None, page: Page) -> str:
    """A grid of cards, numbered in reading order, the first marked "Start here"; site.css gives
    the first card the whole row when their number is odd, so two columns never leave one card
    alone on the last row."""
    body = (card_html(c, manifest, page, n) for n, c in enumerate(cards, start=1))
    return "\n".join(['<div class="mlp-cards">', *body, "</div>"])


def preview_source(card: dict, manifest: dict | None) -> tuple[dict, str]:
    """The file a card's picture is drawn from (the preview's scene, else its still) and the
    thumbnail's name below THUMB_DIR."""
    where = f"{card['src']} (preview)"
    fig = lookup(manifest, card["preview"], where)
    still = static_of(fig, where)
    source = fig.files.get(".html") or still
    return source, thumb_name(fig.stem, still["path"], ".html" in fig.files)


def write_card_thumbs(docs_dir: Path, manifest: dict | None, order: list[str] | None = None) -> None:
    """Draw every card's picture (the MkDocs hook runs this before MkDocs lists the site's files)."""
    for card in read_cards(docs_dir, order=order):
        if card.get("preview"):
            source, name = preview_source(card, manifest)
            write_thumbs(Path(docs_dir) / FIG_DIR / source["path"], Path(docs_dir) / THUMB_DIR / name)


def card_html(card: dict, manifest: dict | None, page: Page, number: int = 1) -> str:
    image = ""
    if card.get("preview"):
        where = f"{card['src']} (preview)"
        check_files(lookup(manifest, card["preview"], where), page.docs_dir, where)
        source, name = preview_source(card, manifest)
        write_thumbs(page.docs_dir / FIG_DIR / source["path"], page.docs_dir / THUMB_DIR / name)
        # Drawn for the card (figures/site/thumbs.py): the box's own 16:9, no lettering to shrink;
        # one picture per scheme (site.css shows the page's; a hidden lazy image is never fetched).
        image = "".join(f'<img class="mlp-card-{scheme}" src="{page.link(f"{THUMB_DIR}/{file}")}" alt="" '
                        f'width="{WIDTH}" height="{HEIGHT}" loading="lazy">'
                        for scheme, file in (("light", name), ("dark", dark_name(name))))
        image = f'<span class="mlp-card-thumb">{image}</span>'
    date = as_date(card.get("date"))
    when = f"{time_html(date)} · " if date else ""
    start = '<span class="mlp-card-start">Start here</span>' if number == 1 else ""
    return (
        f'<a class="mlp-card" href="{page.link(card["url"])}">{image}'
        f'<span class="mlp-card-body"><span class="mlp-card-kicker"><span class="mlp-card-number">{number}</span>'
        f"{start}</span>"
        f'<span class="mlp-card-title">{html.escape(card["title"])}</span>'
        f'<span class="mlp-card-text">{html.escape(card["description"])}</span>'
        f'<span class="mlp-card-meta">{when}{card.get("minutes", 1)} min read</span></span></a>'
    )
