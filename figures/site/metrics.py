"""``{{ FIGURE.METRIC:FMT }}`` in prose becomes the number the figure build measured."""

from __future__ import annotations

import re

from figures.site.errors import SiteError
from figures.site.manifest import close, need

METRIC_RE = re.compile(r"\{\{\s*([\w-]+)\.([\w-]+)\s*(?::([^}]*?))?\s*\}\}")
SYNTAX = "{{ FIGURE.METRIC }} or {{ FIGURE.METRIC:FORMAT }}"


def fill(text: str, manifest: dict | None, where) -> str:
    """Replace each reference; anything else that opens ``{{`` is an error, not literal text.

    ``where(offset)`` names the page and line of an offset into ``text``."""
    text = METRIC_RE.sub(lambda m: metric_text(manifest, *m.groups(), where=where(m.start())), text)
    stray = text.find("{{")
    if stray >= 0:
        snippet = text[stray : stray + 40].split("\n")[0]
        raise SiteError(f"{where(stray)}: '{snippet}' is not a metric reference; write {SYNTAX}")
    return text


def metric_text(manifest: dict | None, fig: str, metric: str, fmt: str | None, where: str) -> str:
    figures = need(manifest, where)["figures"]
    if fig not in figures:
        raise SiteError(f"{where}: unknown figure '{fig}' in {{{{ {fig}.{metric} }}}}; {close(fig, figures)}")
    metrics = figures[fig].get("metrics", {})
    if metric not in metrics:
        raise SiteError(f"{where}: figure '{fig}' has no metric '{metric}'; {close(metric, metrics)}")
    return format_value(metrics[metric], fmt, f"{where}: {fig}.{metric}")


SCIENTIFIC_RE = re.compile(r"^(-?)(\d+(?:\.\d+)?)e([+-])0*(\d+)$")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_value(value, fmt: str | None, what: str) -> str:
    """Format with a Python format spec; floats default to 'g' (six significant digits). Prose
    gets powers of ten as a reader writes them: 2.6e-08 becomes 2.6 × 10⁻⁸. (The sign stays an
    ASCII hyphen-minus: a number may sit inside $…$, where LaTeX makes it a minus.)"""
    if not fmt:
        fmt = "g" if isinstance(value, float) else ""
    try:
        text = format(value, fmt)
    except (TypeError, ValueError) as exc:
        raise SiteError(f"{what} = {value!r} cannot be formatted with '{fmt}': {exc}") from None
    if m := SCIENTIFIC_RE.match(text):
        sign, mantissa, exp_sign, exp = m.groups()
        power = ("-" if exp_sign == "-" else "") + exp
        text = f"{sign}{mantissa} × 10{power.translate(SUPERSCRIPT)}"
    return text
