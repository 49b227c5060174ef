"""Every measured number in the prose reaches the built page, where the Markdown put it: not
empty, "nan", "None" or "inf", and not swallowed by the Markdown around it (a number that starts
a line and is followed by ". " becomes the marker of an ordered list and vanishes)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from figures.site import metrics as mt

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))
BAD = {"", "nan", "-nan", "none", "inf", "-inf"}
# Plain prose around a number that Markdown and smarty leave as it is: letters, digits, spaces and
# a little punctuation (no quotes, dashes, emphasis, links, math or pipes).
PLAIN = r"[^\W_]|[ ,.;:()%/×]"
TAIL = re.compile(rf"(?:{PLAIN})*")
HEAD = re.compile(rf"(?:{PLAIN})*$")
SKIPPED_TAGS = {"script", "style"}
ATTRIBUTES = {"alt", "title", "aria-label"}


class PageText(HTMLParser):
    """The text a reader gets from a page: its text nodes, and alt, title and aria-label values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.skip += tag in SKIPPED_TAGS
        self.parts += ["\n" + v + "\n" for k, v in attrs if k in ATTRIBUTES and v]

    def handle_endtag(self, tag) -> None:
        self.skip -= tag in SKIPPED_TAGS

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def page_text(html_file: Path) -> str:
    parser = PageText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return squash("".join(parser.parts))


def built_page(site: Path, md: Path) -> Path:
    return site / "index.html" if md.stem == "index" else site / md.stem / "index.html"


def rendered_metrics(text: str, manifest: dict):
    """(value as the page shows it, what must follow or precede it on the page) for each metric
    reference of a page's Markdown outside math."""
    maths = [m.span() for m in mt.MATH_RE.finditer(text)]
    for m in mt.METRIC_RE.finditer(text):
        if any(a < m.start() < b for a, b in maths):
            continue
        value = mt.metric_text(manifest, *m.groups(), where=f"{m.group(0)}")
        line_end = text.find("\n", m.end())
        tail = TAIL.match(text, m.end(), line_end if line_end >= 0 else len(text)).group(0).rstrip()
        head = HEAD.search(text[text.rfind("\n", 0, m.start()) + 1:m.start()]).group(0).lstrip()
        yield m.group(0), value, squash(value + tail) if tail else squash(head + value)


def missing_metrics(md: Path, html_file: Path, manifest: dict) -> list[str]:
    shown = page_text(html_file)
    out = []
    for ref, value, needle in rendered_metrics(md.read_text(encoding="utf-8"), manifest):
        if value.strip().lower() in BAD:
            out.append(f"{ref} renders as {value!r}")
        elif needle not in shown:
            out.append(f"{ref} = {value!r}: {needle!r} is not on the built page")
    return out


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_every_rendered_metric_is_a_value_on_the_built_page(site_dir, manifest, md):
    assert missing_metrics(md, built_page(site_dir, md), manifest) == []


def test_the_check_catches_nan_none_empty_and_a_swallowed_number(tmp_path):
    metrics = {"nan": float("nan"), "none": None, "empty": "", "zero": 0, "ok": 3}
    manifest = {"figures": {"f": {"metrics": metrics}}}
    md = tmp_path / "page.md"
    md.write_text("A {{ f.nan }} b {{ f.none }} c {{ f.empty }} d\nin\n{{ f.zero }}. Next {{ f.ok }} units.\n")
    page = tmp_path / "page.html"
    page.write_text("<p>A nan b None c  d in</p><ol><li>Next 3 units.</li></ol>")
    found = missing_metrics(md, page, manifest)
    assert [f.split(" ")[1] for f in found] == ["f.nan", "f.none", "f.empty", "f.zero"]
