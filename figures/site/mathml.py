"""Math that ``pymdownx.arithmatex`` protected becomes MathML at build time (no JavaScript)."""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

from figures.site.errors import SiteError

# An opening bracket or quote right before a formula, and the punctuation right after it (smarty's
# curly quotes included), stay on its line.
MATH_RE = re.compile(r'([(\[‘“]*)<(span|div) class="arithmatex">(.*?)</\2>([.,;:!?)\]’”]*)', re.DOTALL)


def render_math(html_text: str, where: str) -> str:
    """Replace arithmatex's protected TeX by MathML; a formula that fails fails the build. Inline
    math and the punctuation around it are kept together (site.css: .mlp-nowrap), so a comma or
    a full stop never starts a line of its own and an opening bracket never ends one."""

    def one(m: re.Match) -> str:
        block = m[2] == "div"
        mathml = tex_to_mathml(html.unescape(m[3]), block, where)
        if block:
            return f'{m[1]}<div class="arithmatex">{mathml}</div>{m[4]}'
        return f'<span class="mlp-nowrap">{m[1]}{mathml}{m[4]}</span>' if m[1] or m[4] else mathml

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
    return unary_minus(bars_paired(function_names(mathml)))


# A name that latex2mathml writes as an operator (\det, \max, \operatorname{ReLU}): the browser
# spaces an unknown <mo> like a relation, a wide gap on both sides.
NAME_RE = re.compile(r'<mo(?: movablelimits="true")?>([A-Za-z]{2,})</mo>(?=(<mo stretchy="false">&#x00028;)?)')
# TeX's thin space between an operator name and its argument (\det W), none before "(".
APPLY = '<mo form="prefix" lspace="0" rspace="{}">&#x02061;</mo>'
BAR = '<mo stretchy="false">&#x0007C;</mo>'


def function_names(mathml: str) -> str:
    """Names as <mi>, then U+2061 FUNCTION APPLICATION, as MathML writes sin x."""
    return NAME_RE.sub(lambda m: f"<mi>{m[1]}</mi>" + APPLY.format("0" if m[2] else "0.1667em"), mathml)


def bars_paired(mathml: str) -> str:
    """``|x|``: latex2mathml writes both bars as one kind of <mo>, and the browser takes a bar in the
    middle of a row for a relation (wide gaps). When a formula has them in pairs, each pair is an
    opening and a closing fence, tight against what they enclose, as TeX sets them."""
    if mathml.count(BAR) % 2:
        return mathml  # a lone bar (p(y | x)) stays a relation
    forms = iter(["prefix", "postfix"] * (mathml.count(BAR) // 2))
    return re.sub(re.escape(BAR), lambda m: f'<mo form="{next(forms)}" fence="true" stretchy="false" lspace="0" '
                  'rspace="0">&#x0007C;</mo>', mathml)


# A minus that starts a row or a cell, or follows an operator, a relation or an opening bracket
# (not a closing one, nor a closing bar), is a sign: TeX sets it tight against its number (x < -3), where the
# browser spaces every <mo>−</mo> in mid-row as a binary minus ("x < − 3").
SIGN_RE = re.compile(r'(<mrow>|<mtd>|<math[^>]*>|<mo(?: (?![^>]*form="postfix")[^>]*)?>(?![)\]]|&#x00029;|&#x0005D;)[^<]*</mo>)<mo>(−|&#x02212;)</mo>')


def unary_minus(mathml: str) -> str:
    return SIGN_RE.sub(r'\1<mo form="prefix" lspace="0" rspace="0">\2</mo>', mathml)


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
