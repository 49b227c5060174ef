"""Citations in one style, author–year, linked to the page's reference list; entries in one format.

In the text, the link is the citation: ``[Cybenko (1989)](#ref-cybenko1989)`` when the authors
are part of the sentence, ``([Cybenko, 1989](#ref-cybenko1989))`` when they are not (several:
``([A, 1990](#ref-a1990); [B, 1991](#ref-b1991))``). One author is named, two are "A and B",
three or more "A et al.". The entry carries the anchor on its own line (attr_list)::

    - G. Cybenko, "Approximation by superpositions of a sigmoidal function", *Mathematics of
      Control, Signals and Systems* 2, 1989.
      {#ref-cybenko1989}

An entry is: the authors (initials, surname; "and" before the last, or "et al."), the title in
quotes (an article) or italics (a book, a thesis, software), where it appeared, ", YEAR." (a note
may follow). Its anchor is ``ref-`` + first author's surname + year (``2019a``, ``2019b`` when
one author has two works in a year). A citation with no entry, an entry that nothing cites, a
citation whose words do not match its entry, or an entry in another format fails the build."""

from __future__ import annotations

import html
import re
import unicodedata

from figures.site.errors import SiteError

ANCHOR_RE = re.compile(r'\bid="(ref-[\w.-]+)"')
CITE_RE = re.compile(r'\bhref="#(ref-[\w.-]+)"')
LINK_RE = re.compile(r'<a\b[^>]*\bhref="#(ref-[\w.-]+)"[^>]*>(.*?)</a>', re.DOTALL)
ENTRY_RE = re.compile(r'<li\b[^>]*\bid="(ref-[\w.-]+)"[^>]*>(.*?)</li>', re.DOTALL)
NUMBERED_RE = re.compile(r"<ol\b[^>]*>(?:(?!</ol>).)*?\bid=\"ref-", re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")

INITIALS = r"[A-Z][a-z]?\.(?:[ -][A-Z][a-z]?\.)*"
SURNAME = r"[^\W\d_][\w’'-]*"
PERSON = rf"{INITIALS} (?P<s>{SURNAME})"
PERSON_RE = re.compile(rf"{INITIALS} ({SURNAME})")
AUTHORS_RE = re.compile(rf"(?P<authors>{PERSON}(?:, {PERSON.replace('?P<s>', '')})*"
                        rf"(?: and {PERSON.replace('?P<s>', '')}|,? et al\.)?), (?:[“\"]|<em>)")
YEAR_END_RE = re.compile(r", (\d{4})\.(?:\s|$)")
ANCHOR_PARTS_RE = re.compile(r"ref-([a-z]+)(\d{4})([a-z]?)")
NARRATIVE_RE = re.compile(r"(?P<names>.+) \((?P<year>\d{4}[a-z]?)\)")
PARENTHETICAL_RE = re.compile(r"(?P<names>.+), (?P<year>\d{4}[a-z]?)")


def check_citations(html_text: str, where: str) -> None:
    anchors = set(ANCHOR_RE.findall(html_text))
    cited = set(CITE_RE.findall(html_text))
    if missing := sorted(cited - anchors):
        raise SiteError(f"{where}: citation of {', '.join('#' + m for m in missing)} has no entry in the "
                        "reference list; end the entry with a line '{#ref-...}'")
    if uncited := sorted(anchors - cited):
        raise SiteError(f"{where}: reference {', '.join(uncited)} is never cited; link to it from the text "
                        "as [Author (Year)](#ref-...)")
    check_style(html_text, where)


def check_style(html_text: str, where: str) -> None:
    """Every entry in the one format, and every citation in words that match its entry."""
    if NUMBERED_RE.search(html_text):
        raise SiteError(f"{where}: the reference list is numbered; write it as a bulleted list ('- ...')")
    entries = {m[1]: m[2] for m in ENTRY_RE.finditer(html_text)}
    if bare := sorted(set(ANCHOR_RE.findall(html_text)) - set(entries)):
        raise SiteError(f"{where}: {', '.join(bare)} is not a list entry: end the entry with a line '{{#{bare[0]}}}'")
    names = {anchor: entry_names(anchor, text, where) for anchor, text in entries.items()}
    for m in LINK_RE.finditer(html_text):
        check_citation(m[1], plain(m[2]), names[m[1]], html_text[: m.start()], where)


def entry_names(anchor: str, entry_html: str, where: str) -> str:
    """The words a citation of this entry uses before its year: "A", "A and B" or "A et al."."""
    text = re.sub(r"\s+", " ", html.unescape(entry_html)).strip()
    m = AUTHORS_RE.match(text)
    if not m:
        raise SiteError(f"{where}: reference {anchor} does not start with its authors (initials and "
                        f"surname, 'and' before the last or 'et al.') and a title in quotes or italics: "
                        f"{plain(text)[:80]!r}")
    surnames = PERSON_RE.findall(m["authors"])
    year = YEAR_END_RE.search(plain(text))
    parts = ANCHOR_PARTS_RE.fullmatch(anchor)
    expected = f"ref-{slug(surnames[0])}{year[1] if year else 'YEAR'}"
    if not year or not parts or f"ref-{parts[1]}{parts[2]}" != expected:
        raise SiteError(f"{where}: reference {anchor} must give its year as ', YEAR.' and be named "
                        f"{expected} (first author's surname and year, then a, b... if needed)")
    if len(surnames) >= 3 or m["authors"].endswith("et al."):
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


def check_citation(anchor: str, text: str, names: str, before: str, where: str) -> None:
    year = anchor[len(ANCHOR_PARTS_RE.fullmatch(anchor)[1]) + len("ref-") :]
    narrative, parenthetical = f"{names} ({year})", f"{names}, {year}"
    if text == narrative:
        return
    if text == parenthetical:
        if inside_parentheses(before):
            return
        raise SiteError(f"{where}: citation {text!r} stands in parentheses: ({text}), or reads "
                        f"{narrative!r} in the sentence")
    raise SiteError(f"{where}: citation {text!r} of {anchor} must read {narrative!r} in the sentence, "
                    f"or ({parenthetical}) beside it")


BLOCK_RE = re.compile(r"<(?:p|li|td|th|dd|h\d)\b[^>]*>")


def inside_parentheses(before_html: str) -> bool:
    """The text of the block before a citation leaves a parenthesis open."""
    tail = plain(BLOCK_RE.split(before_html[-3000:])[-1])
    return tail.count("(") > tail.count(")")


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG_RE.sub("", fragment))).strip()


def slug(surname: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_name.lower())
