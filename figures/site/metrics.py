"""``{{ FIGURE.METRIC:FMT }}`` in prose becomes the number the figure build measured."""

from __future__ import annotations

import re

from figures.site.errors import SiteError
from figures.site.manifest import close, need, unknown

METRIC_RE = re.compile(r"\{\{\s*([\w-]+)\.([\w-]+)\s*(?::([^}]*?))?\s*\}\}")
SYNTAX = "{{ FIGURE.METRIC }} or {{ FIGURE.METRIC:FORMAT }}"


# TeX math in prose, with pymdownx.arithmatex's delimiters: $$…$$, \[…\], \(…\), and $…$
# within a paragraph.
MATH_RE = re.compile(
    r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)"
    r"|(?<![\\$])\$(?![\s$])(?:(?!\n[ \t]*\n).)+?(?<![\s\\])\$",
    re.DOTALL,
)


def fill(text: str, manifest: dict | None, where) -> str:
    """Replace each reference; anything else that opens ``{{`` is an error, not literal text.
    A reference inside math is written as TeX (``$\\det W = {{ f.det:.2f }}$``).

    ``where(offset)`` names the page and line of an offset into ``text``."""
    maths = [m.span() for m in MATH_RE.finditer(text)]

    def one(m: re.Match) -> str:
        tex = any(a < m.start() < b for a, b in maths)
        return metric_text(manifest, *m.groups(), where=where(m.start()), tex=tex)

    # Look for a stray "{{" in the page as written (references blanked, newlines kept): an offset
    # into the filled text would count lines from a shorter text and name an earlier line.
    blanked = METRIC_RE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    stray = blanked.find("{{")
    if stray >= 0:
        snippet = text[stray : stray + 40].split("\n")[0]
        raise SiteError(f"{where(stray)}: '{snippet}' is not a metric reference; write {SYNTAX}")
    return METRIC_RE.sub(one, text)


def metric_text(manifest: dict | None, fig: str, metric: str, fmt: str | None, where: str,
                tex: bool = False) -> str:
    figures = need(manifest, where)["figures"]
    if fig not in figures:
        raise unknown(fig, figures, where, f"'{fig}' in {{{{ {fig}.{metric} }}}}")
    metrics = figures[fig].get("metrics", {})
    if metric not in metrics:
        raise SiteError(f"{where}: figure '{fig}' has no metric '{metric}'; {close(metric, metrics)} "
                        f"(if its code measures it now, rebuild it: run `python build_figures.py {fig}`)")
    return format_value(metrics[metric], fmt, f"{where}: {fig}.{metric}", tex)


def check_kind(value, fmt: str, what: str) -> None:
    """A percentage format shows a share (a number between 0 and 1, a float): a count (an int)
    or a value already in percent would print as "80000.0%". Decided from the value alone, so
    only what cannot be a share is refused."""
    if not fmt.endswith("%") or isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if isinstance(value, int):
        raise SiteError(f"{what} = {value} is a count (a whole number), but '{fmt}' shows it as a percentage "
                        f"({format(value, fmt)}): write it without the format, or with one like ',' or 'd'")
    if abs(value) > 1:
        raise SiteError(f"{what} = {value!r} is not a share between 0 and 1, but '{fmt}' shows it as a percentage "
                        f"({format(value, fmt)}): use a format like '.1f', or measure a share in the figure")


SCIENTIFIC_RE = re.compile(r"^(-?)(\d+(?:\.\d+)?)e([+-])0*(\d+)$")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_value(value, fmt: str | None, what: str, tex: bool = False) -> str:
    """Format with a Python format spec; floats default to 'g' (six significant digits). Prose
    gets powers of ten as a reader writes them: 2.6e-08 becomes 2.6 × 10⁻⁸, and inside math
    (``tex``) 2.6 \\times 10^{-8}, with '%' as \\%. (The sign stays an ASCII hyphen-minus: in
    math LaTeX makes it a minus.)"""
    if not fmt:
        fmt = "g" if isinstance(value, float) else ""
    check_kind(value, fmt, what)
    try:
        text = format(value, fmt)
    except (TypeError, ValueError) as exc:
        raise SiteError(f"{what} = {value!r} cannot be formatted with '{fmt}': {exc}") from None
    if m := SCIENTIFIC_RE.match(text):
        sign, mantissa, exp_sign, exp = m.groups()
        power = ("-" if exp_sign == "-" else "") + exp
        if tex:
            return f"{sign}{mantissa} \\times 10^{{{power}}}"
        text = f"{sign}{mantissa} × 10{power.translate(SUPERSCRIPT)}"
    return text.replace("%", "\\%") if tex else text


# Kinds of quantity that prose must show at one precision wherever they appear, by metric name:
# a classifier's accuracy (0.8125 is "81.2%" on every page, never "81.25%" on another) and a
# success rate over seeds with its interval bounds (whole percent: the interval is wider).
QUANTITY_KINDS = {"accuracy": re.compile(r"accuracy"), "rate over seeds": re.compile(r"(?:^|_)rate(?:_|$)")}


def precision_conflicts(pages: dict[str, str]) -> list[str]:
    """Quantities shown at more than one precision across ``pages`` ({source: Markdown}): the same
    metric with two format specs, or two metrics of one kind (QUANTITY_KINDS) that differ."""
    specs: dict[str, dict[str, set[str]]] = {}
    for src, text in pages.items():
        for m in METRIC_RE.finditer(text):
            fig, metric, fmt = m.groups()
            keys = [f"{fig}.{metric}"] + [kind for kind, rx in QUANTITY_KINDS.items() if rx.search(metric)]
            for key in keys:
                specs.setdefault(key, {}).setdefault((fmt or "").strip(), set()).add(f"{src}: {fig}.{metric}")
    return [
        f"{key} shown as " + "; ".join(f"'{fmt}' ({', '.join(sorted(where))})" for fmt, where in sorted(by.items()))
        for key, by in sorted(specs.items())
        if len(by) > 1
    ]
