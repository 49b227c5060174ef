"""Under an article's title: its date (front matter ``date``) and a reading time counted from
its words, as a publication shows them."""

from __future__ import annotations

import datetime as dt
import math
import re

WORDS_PER_MINUTE = 220  # a reader's pace through explanatory prose (not skimming)
H1_RE = re.compile(r"^#[ \t]+\S.*$", re.MULTILINE)
# What a reader does not read word by word: code, figure lines, HTML, link targets, math markup.
NOT_PROSE_RE = re.compile(
    r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$"  # fenced code
    r"|<!--.*?-->|<[^>\n]+>"  # comments and tags
    r"|^[ \t]*!\[[^\]\n]*\]\([^\s)]*"  # a figure's alt text and name (its caption is read)
    r"|\]\([^)\n]*\)|\{[:#][^}\n]*\}",  # link targets, attribute lists
    re.MULTILINE | re.DOTALL,
)
WORD_RE = re.compile(r"[\w\u00C0-\u024F][\w'’\u00C0-\u024F-]*")


def count_words(markdown: str) -> int:
    return len(WORD_RE.findall(NOT_PROSE_RE.sub(" ", markdown)))


def reading_minutes(markdown: str) -> int:
    """Minutes to read ``markdown`` at WORDS_PER_MINUTE, at least one."""
    return max(1, math.ceil(count_words(markdown) / WORDS_PER_MINUTE))


def as_date(value) -> dt.date | None:
    """Front matter ``date`` (YAML gives a date, or text like 2026-11-26) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def time_html(date: dt.date) -> str:
    return f'<time datetime="{date.isoformat()}">{date.day} {date:%B %Y}</time>'


def byline_html(date: dt.date | None, minutes: int) -> str:
    parts = []
    if date:
        parts.append(time_html(date))
    parts.append(f"<span>{minutes} min read</span>")
    return f'<p class="mlp-byline">{" · ".join(parts)}</p>'


def add_byline(text: str, meta: dict, minutes: int, stash=lambda raw: raw) -> str:
    """``text`` with the byline after its first ``# Title`` line (at the top when the theme makes
    the title); only a page whose front matter has a ``date`` (an article) gets one. ``minutes``:
    reading_minutes() of the page as written (before figures and numbers are filled in)."""
    date = as_date(meta.get("date"))
    if date is None:
        return text
    line = "\n\n" + stash(byline_html(date, minutes)) + "\n\n"
    m = H1_RE.search(text)
    at = m.end() if m else 0
    return text[:at] + line + text[at:]
