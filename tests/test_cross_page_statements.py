"""One statement per rule and theorem across the pages: wherever a page states the unit-death
rule, universal approximation or Johnson's theorem, it uses the one wording, with its conditions
(issue 21: conditions dropped on second mention, "never comes back" said of every layer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))

DEATH_RULE = (
    "A ReLU unit that is zero on every training point gets no gradient for its weights and bias: it is "
    "dead. In the first hidden layer, whose inputs never change during training, a dead unit stays dead; "
    "in a later layer it can come back when the layers before it move.")
UAT_SHORT = (
    "one hidden layer, if it is wide enough, approximates any continuous function uniformly on a compact "
    "set: Cybenko (1989) proved it for continuous sigmoidal units, Hornik (1991) for any bounded, "
    "non-constant activation (uniformly when it is also continuous), and Leshno et al. (1993) for any "
    "locally bounded, piecewise continuous activation that is not a polynomial, ReLU included")
JOHNSON = (
    "when no hidden layer is wider than the input, and the activation can be approximated uniformly by "
    "one-to-one functions (ReLU, leaky ReLU, tanh and sigmoid all can), every connected component of the "
    "region that the network assigns to one class is unbounded")
# ways of saying it that drop a condition
DROPPED = {
    "never comes back": "a dead unit stays dead only in the first hidden layer",
    "cannot recover": "a dead unit stays dead only in the first hidden layer",
    "bounded domain": "universal approximation holds on a compact set",
}
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def prose(md: Path) -> str:
    """The page's text with links reduced to their words and all whitespace to single spaces."""
    return " ".join(LINK.sub(r"\1", md.read_text(encoding="utf-8")).split())


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_no_page_drops_a_condition(md):
    text = prose(md)
    assert [f"{bad!r}: {why}" for bad, why in DROPPED.items() if bad in text] == []


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_dead_units_are_defined_by_the_one_rule(md):
    text = prose(md)
    if re.search(r"\bdead (?:ReLU )?units?\b|\bunits? (?:can |to )?die\b|\bdies\b", text):
        assert DEATH_RULE in text


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_universal_approximation_keeps_its_conditions(md):
    text = prose(md)
    if "Cybenko" in text.split("## References")[0]:
        full = "unit cube" in text and "compact sets" in text and "not a polynomial" in text
        assert full or UAT_SHORT in text


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_johnsons_theorem_is_stated_one_way(md):
    text = prose(md)
    if re.search(r"Johnson \(?\d{4}\)? proved", text):
        assert JOHNSON in text


# --- one notation: column vectors, W x + b ------------------------------------------------------

MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
# a vector (x, a, h, z or delta, with any sub- or superscripts) written to the left of a weight
# matrix, as in x W + b or a^{(l-1)} W^{(l)}: the row-vector convention the site does not use
ROW_FORMULA = re.compile(
    r"(?<![A-Za-z\\])(?:[xahz]|\\delta)"
    r"(?:\s*(?:_\{[^{}]*\}|_\w|\^\{[^{}]*\}|\^\w|\^\([^()]*\)))*\s*(?:\\,|\\cdot)?\s*W")


def row_formulas(text: str) -> list[str]:
    """Every formula in the page's math that multiplies a vector by a weight matrix from the left."""
    found = []
    for m in MATH.finditer(text):
        math = m.group(1) or m.group(2)
        found += [math[max(0, r.start() - 10):r.end() + 10] for r in ROW_FORMULA.finditer(math)]
    return found


@pytest.mark.parametrize("md", PAGES, ids=[p.stem for p in PAGES])
def test_every_page_writes_column_vectors(md):
    assert row_formulas(md.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("formula", [
    "$$z^{(l)} = a^{(l-1)} W^{(l)} + b^{(l)},$$",  # what-each-neuron-sees before this check
    r"$$\delta^{(l-1)} = \big(\delta^{(l)} W^{(l)\top}\big) \odot f'$$",
    "writes points as rows, $x W + b$, as its code does",
    r"as $x W^\top + b$",
    r"$z = x_i \cdot W$",
])
def test_the_column_vector_check_can_fail(formula):
    assert row_formulas(formula)


@pytest.mark.parametrize("formula", [
    r"$$z_\ell = W_\ell\, a_{\ell-1} + b_\ell$$", r"$\delta_1 = (W_2^\top \delta_2)$", "$W x + b$",
    r"$\frac{\partial L}{\partial W_\ell} = \delta_\ell\, a_{\ell-1}^\top$", "`X @ W.T + b`",
])
def test_the_column_vector_check_passes_column_vectors(formula):
    assert row_formulas(formula) == []


# --- one glossary, one statement of each theorem -------------------------------------------------

ARTICLES = [p for p in PAGES if p.stem not in ("index", "tags", "glossary")]
# a theorem named in an article's prose -> its anchor on the theorems page
THEOREMS = {
    r"Cybenko|Hornik|Leshno|universal approximation": "universal-approximation",
    r"Johnson": "johnson",
    r"Telgarsky": "telgarsky",
    r"Montúfar|Hanin and Rolnick": "region-counts",
    r"Novikoff|convergence theorem": "perceptron-convergence",
    r"Minsky": "xor",
    r"minimum width|Hanin and Sellke|Park et al": "minimum-width",
}


def body(md: Path) -> str:
    """The page's markdown before its reference list, whitespace collapsed (links kept)."""
    return " ".join(md.read_text(encoding="utf-8").split("## References")[0].split())


@pytest.mark.parametrize("md", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_every_page_links_the_glossary(md):
    assert "](glossary.md" in body(md)


def test_the_theorems_page_has_an_anchor_for_each_theorem():
    text = (DOCS / "theorems.md").read_text(encoding="utf-8")
    assert [a for a in THEOREMS.values() if f"{{#{a}}}" not in text] == []


@pytest.mark.parametrize("md", [p for p in ARTICLES if p.stem != "theorems"],
                         ids=[p.stem for p in ARTICLES if p.stem != "theorems"])
def test_a_theorem_named_on_a_page_links_its_statement(md):
    text = body(md)
    assert [a for pat, a in THEOREMS.items() if re.search(pat, text) and f"theorems.md#{a})" not in text] == []


def test_theorem_link_check_can_fail():
    assert [a for pat, a in THEOREMS.items() if re.search(pat, "Johnson (2019) proved")
            and "theorems.md#johnson)" not in "Johnson (2019) proved"] == ["johnson"]


# --- each page opens with its question and closes with its answer -------------------------------

QUESTION = re.compile(r"\A---\n.*?\n---\n+# [^\n]+\n+\*\*The question\.\*\* [^\n]*\?\n", re.S)
METRIC = re.compile(r"\{\{[^}]*\}\}")
UNTYPED = re.compile(r"\$[^$]*\$|`[^`]*`|\b\d+(?:-\d+)+\b")  # math, code and network names like 2-3-1
SENTENCE_END = re.compile(r"[.?!](?=\s+[A-Z*]|\s*$)")


def answer_of(text: str) -> str:
    """The '## Answer' section, which must be the page's last before its glossary line and references."""
    assert "\n## Answer\n" in text
    tail = text.split("\n## Answer\n", 1)[1]
    assert "\n## " not in tail.split("## References")[0]  # nothing after the answer
    return " ".join(tail.split("\n*The words and the notation")[0].split("## References")[0].split())


def check_answer(answer: str, measured: bool) -> list[str]:
    problems = []
    sentences = len(SENTENCE_END.findall(METRIC.sub("N", UNTYPED.sub("X", answer))))
    if not 2 <= sentences <= 3:
        problems.append(f"{sentences} sentences")
    if measured and not METRIC.search(answer):
        problems.append("no measured number")
    typed = re.findall(r"\d", UNTYPED.sub("", METRIC.sub("", answer)))
    if typed:
        problems.append(f"typed digits {typed}")
    return problems


@pytest.mark.parametrize("md", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_a_page_opens_with_its_question_and_closes_with_its_answer(md):
    text = md.read_text(encoding="utf-8")
    assert QUESTION.match(text), "the first paragraph under the title must be '**The question.** ...?'"
    assert check_answer(answer_of(text), measured=md.stem != "theorems") == []


@pytest.mark.parametrize("answer", [
    "It fits {{ f.rate:.0% }} of seeds.",  # one sentence
    "It fits 44% of seeds. The rest fail.",  # a typed number
    "One. Two. Three. Four {{ f.x }}.",  # four sentences
])
def test_the_answer_check_can_fail(answer):
    assert check_answer(answer, measured=True)
