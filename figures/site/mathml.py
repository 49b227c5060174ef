"""Math that ``pymdownx.arithmatex`` protected becomes MathML at build time (no JavaScript)."""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

from figures.site.errors import SiteError

MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)


def render_math(html_text: str, where: str) -> str:
    """Replace arithmatex's protected TeX by MathML; a formula that fails fails the build."""

    def one(m: re.Match) -> str:
        block = m[1] == "div"
        mathml = tex_to_mathml(html.unescape(m[2]), block, where)
        return f'<div class="arithmatex">{mathml}</div>' if block else mathml

    return MATH_RE.sub(one, html_text)


def tex_to_mathml(tex: str, block: bool, where: str) -> str:
    tex = strip_delimiters(tex.strip())
    try:
        check_braces(tex)
        mathml = convert(tex.replace("{aligned}", "{split}"), display="block" if block else "inline")
    except Exception as exc:  # noqa: BLE001 - latex2mathml's errors share no base class
        raise SiteError(f"{where}: cannot typeset ${tex}$: {type(exc).__name__} {exc}") from None
    unknown = re.findall(r">(\\[A-Za-z]+)<", mathml)
    if unknown:
        raise SiteError(f"{where}: unknown LaTeX command {', '.join(unknown)} in ${tex}$")
    # \operatorname{ReLU} comes out as an operator with wide side bearings: make it a name.
    return re.sub(r"<mo>([A-Za-z]{2,})</mo>", r"<mi>\1</mi>", mathml)


def strip_delimiters(tex: str) -> str:
    for left, right in (("\\(", "\\)"), ("\\[", "\\]")):
        if tex.startswith(left) and tex.endswith(right):
            return tex[2:-2].strip()
    return tex


def check_braces(tex: str) -> None:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex):
        depth += {"{": 1, "}": -1}.get(m[0], 0)
        if depth < 0:
            raise ValueError("unbalanced '}'")
    if depth:
        raise ValueError("unbalanced '{'")
