"""The MkDocs hook (figures/site.py): its pieces on small inputs, then a strict build end to end.

Everything runs on a fake manifest and fake figure files made here, so these tests do not need
the figure pipeline (test_browser.py checks the real figures).
"""

import base64
import json
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from figures import site
from figures.site import SiteError

ROOT = Path(__file__).resolve().parent.parent
GIF_1PX = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'
SCENE = "<!doctype html><title>scene</title><p>a scene</p>"


def fake_manifest() -> dict:
    def fig(article, files, metrics):
        infos = {name: {"path": f"{article}/{name}", "bytes": 1, **size} for name, size in files.items()}
        return {"article": article, "key": "k", "files": infos, "metrics": metrics, "status": "built"}

    return {
        "schema": 1,
        "figures": {
            "separable_training": fig(
                "demo",
                {"separable_boundary.html": {"width": 640, "height": 520},
                 "separable_boundary.svg": {"width": 40, "height": 30}},
                {"accuracy": 0.995, "final_loss": 0.031, "regions": 12},
            ),
            "fold_animation": fig("demo", {"fold.gif": {"width": 1, "height": 1}}, {"steps": 300}),
            "lonely_scene": fig("other", {"lonely.html": {}}, {}),
        },
    }


# --- figures ----------------------------------------------------------------------------------


def test_scene_becomes_iframe_with_print_fallback_relative_to_page():
    md = 'Text.\n\n![Decision boundary](fig:separable_boundary "The boundary")\n\nMore.'
    out = site.place_figures(md, fake_manifest(), "why-more-layers/", "why-more-layers.md")
    # scenes.js loads the frame near the viewport; without JavaScript the image stands in
    assert '<iframe class="mlp-scene" data-src="../assets/figures/demo/separable_boundary.html"' in out
    assert 'title="Decision boundary"' in out
    assert '<noscript><img src="../assets/figures/demo/separable_boundary.svg"' in out
    assert "aspect-ratio: 640 / 520" in out
    assert '<div class="mlp-print"><img src="../assets/figures/demo/separable_boundary.svg"' in out
    assert 'width="40" height="30"' in out
    assert '<figcaption markdown="span">The boundary</figcaption>' in out
    assert out.startswith("Text.\n\n\n<figure") and out.endswith("</figure>\n\n\nMore.")


def test_paths_from_the_home_page_and_a_nested_page():
    md = '![A fold](fig:fold "Folding")'
    assert 'src="assets/figures/demo/fold.gif"' in site.place_figures(md, fake_manifest(), "", "index.md")
    nested = site.place_figures(md, fake_manifest(), "part/page/", "part/page.md")
    assert 'src="../../assets/figures/demo/fold.gif"' in nested


def test_image_only_figure_and_escaped_alt():
    out = site.place_figures('![A "fold" <here>](fig:fold)', fake_manifest(), "a/", "a.md")
    assert "<iframe" not in out and "figcaption" not in out
    assert '<img src="../assets/figures/demo/fold.gif" alt="A &quot;fold&quot; &lt;here&gt;"' in out


def test_figure_inside_an_admonition_keeps_its_indent():
    out = site.place_figures('!!! note\n    ![A](fig:fold "C")\n', fake_manifest(), "a/", "a.md")
    assert all(line.startswith("    ") for line in out.splitlines()[1:] if line)


def test_scene_defaults_to_four_by_three_but_needs_a_static_image():
    found = {".html": {"path": "x/s.html"}, ".png": {"path": "x/s.png"}}
    assert "aspect-ratio: 4 / 3" in site.figure_html(found, "s", "alt", None, "", "p.md")
    with pytest.raises(SiteError, match="p.md: figure 'lonely' has no static image"):
        site.place_figures("![A](fig:lonely)", fake_manifest(), "", "p.md")


def test_unknown_stem_names_the_page_and_close_matches():
    with pytest.raises(SiteError) as err:
        site.place_figures('![A](fig:separable_boundry "C")', fake_manifest(), "", "why.md")
    assert "why.md" in str(err.value) and "did you mean: separable_boundary" in str(err.value)


def test_missing_manifest_says_how_to_make_one(tmp_path):
    assert site.read_manifest(tmp_path) is None
    with pytest.raises(SiteError, match=r"run `python build_figures.py` first"):
        site.place_figures("![A](fig:x)", None, "", "why.md")


def test_a_figure_inside_a_sentence_is_an_error():
    with pytest.raises(SiteError, match=r"p.md: a fig: image must stand alone on its line"):
        site.place_figures("See ![A](fig:fold) here.", fake_manifest(), "", "p.md")


def test_a_stray_backtick_does_not_hide_later_paragraphs():
    md = "A ` stray backtick.\n\nAccuracy {{ fold_animation.steps }}; `a` and `b`."
    assert site.expand(md, fake_manifest(), "", "p.md").endswith("Accuracy 300; `a` and `b`.")


def test_shortcodes_in_fenced_code_are_left_alone():
    md = "```md\n![A](fig:nope)\n{{ nope.nope }}\n```\n\nUse `{{ x.y }}` inline.\n\n~~~\n{{ a.b }}\n~~~"
    assert site.expand(md, fake_manifest(), "", "p.md") == md


# --- metrics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        ("{{ separable_training.accuracy:.1% }}", "99.5%"),
        ("{{separable_training.final_loss:.3f}}", "0.031"),
        ("{{ separable_training.regions:d }}", "12"),
        ("{{ separable_training.final_loss:.2e }}", "3.10e-02"),
        ("{{ separable_training.accuracy }}", "0.995"),
        ("{{ fold_animation.steps }}", "300"),
    ],
)
def test_metric_formats(ref, text):
    assert site.fill_metrics(f"Accuracy {ref}.", fake_manifest(), "p.md") == f"Accuracy {text}."


def test_metrics_fill_alt_text_and_caption_before_figures():
    md = '![At {{ separable_training.accuracy:.0% }}](fig:fold "Loss {{ separable_training.final_loss:.2f }}")'
    out = site.expand(md, fake_manifest(), "a/", "a.md")
    assert 'alt="At 100%"' in out and "Loss 0.03</figcaption>" in out


def test_unknown_metric_and_figure_list_close_matches():
    with pytest.raises(SiteError, match=r"p.md: figure 'separable_training' has no metric 'acuracy'; "
                       r"did you mean: accuracy"):
        site.fill_metrics("{{ separable_training.acuracy }}", fake_manifest(), "p.md")
    with pytest.raises(SiteError, match=r"p.md: unknown figure 'separable_trainin'.*did you mean: separable_training"):
        site.fill_metrics("{{ separable_trainin.accuracy }}", fake_manifest(), "p.md")


def test_metric_with_a_format_that_does_not_fit_fails():
    with pytest.raises(SiteError, match=r"separable_training.accuracy = 0.995 cannot be formatted with 'd'"):
        site.fill_metrics("{{ separable_training.accuracy:d }}", fake_manifest(), "p.md")


# --- math -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "expect"),
    [
        (r"\begin{aligned} h &= \sigma(\mathbf{W} x + b) \\ y &= h \end{aligned}", "<mtable"),
        (r"\mathbf{W}", "&#x1D416;"),  # bold capital W
        (r"\sigma(z)", "&#x003C3;"),
        (r"\operatorname{ReLU}(z)", "ReLU"),
        (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", "<mtable"),
    ],
)
def test_tex_becomes_mathml(tex, expect):
    out = site.tex_to_mathml(tex, block=True, where="p.md")
    assert out.startswith("<math") and 'display="block"' in out and expect in out


def test_arithmatex_spans_and_divs_become_math():
    html_in = (
        '<p>A <span class="arithmatex">\\(a &lt; b\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\nx^2 &gt; y\n\\]</div>'
    )
    out = site.render_math(html_in, "p.md")
    assert "arithmatex\">\\" not in out and out.count("<math") == 2
    assert '<p>A <math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert '<div class="arithmatex"><math' in out and "&#x0003C;" in out and "&#x0003E;" in out


@pytest.mark.parametrize("tex", [r"\frac{1}{2", r"x^", r"\notacommand{x}", r"a}"])
def test_latex_errors_name_page_and_formula(tex):
    with pytest.raises(SiteError) as err:
        site.render_math(f'<span class="arithmatex">\\({tex}\\)</span>', "why.md")
    assert "why.md" in str(err.value) and tex in str(err.value)


# --- end to end: mkdocs build --strict --------------------------------------------------------

ARTICLE = """---
title: A demo article
date: 2025-02-01
description: Fake figures, real hook.
tags: [demo]
preview: separable_boundary
---

# A demo article

Accuracy {{ separable_training.accuracy:.1% }} with $\\sigma(\\mathbf{W}x + b)$.

$$
\\begin{aligned} h &= \\operatorname{ReLU}(W x) \\\\ y &= \\begin{pmatrix} 1 & 0 \\end{pmatrix} h \\end{aligned}
$$

![Boundary at {{ separable_training.accuracy:.0% }}](fig:separable_boundary "A *boundary*, $x_1$")

!!! note "Inside an admonition"
    ![The fold](fig:fold "The fold, animated")

```python
print("{{ not.touched }}")  # ![x](fig:nope)
```
"""

EARLIER = """---
title: An earlier article
date: 2025-01-01
description: Comes first.
---

# An earlier article

Plain.
"""


def make_fake_project(root: Path) -> Path:
    """Our docs (index, tags, styles), two fake articles, a fake manifest and fake figure files."""
    docs = root / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("figures", "*.md"))
    for page in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / page, docs / page)
    (docs / "demo.md").write_text(ARTICLE)
    (docs / "earlier.md").write_text(EARLIER)
    figs = docs / "assets" / "figures"
    (figs / "demo").mkdir(parents=True)
    (figs / "demo" / "separable_boundary.html").write_text(SCENE)
    (figs / "demo" / "separable_boundary.svg").write_text(SVG)
    (figs / "demo" / "fold.gif").write_bytes(GIF_1PX)
    manifest = fake_manifest()
    del manifest["figures"]["lonely_scene"]
    (figs / "manifest.json").write_text(json.dumps(manifest))
    return docs


def build_site(docs: Path, site_dir: Path) -> None:
    nav = [{"Home": "index.md"}, {"Earlier": "earlier.md"}, {"Demo": "demo.md"}]  # the fake pages
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site_dir), strict=True, nav=nav)
    build(config)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fake")
    build_site(make_fake_project(root), root / "site")
    return root / "site"


def test_strict_build_places_figures_numbers_and_math(built):
    page = (built / "demo" / "index.html").read_text()
    assert 'src="../assets/figures/demo/separable_boundary.html"' in page
    assert 'alt="Boundary at 100%"' in page and "Accuracy 99.5%" in page
    assert "<figcaption>A <em>boundary</em>, <math" in page
    assert 'src="../assets/figures/demo/fold.gif"' in page and "The fold, animated" in page
    assert page.count('display="block"') == 1 and "<mtable" in page
    assert 'class="arithmatex">\\' not in page and "markdown=" not in page
    assert "<p><figure" not in page
    assert "{{ not.touched }}" in page and "fig:nope" in page
    assert (built / "assets" / "figures" / "demo" / "separable_boundary.html").exists()


def test_home_page_lists_articles_by_date_with_preview(built):
    home = (built / "index.html").read_text()
    assert "<!-- articles -->" not in home
    cards = home[home.index('<div class="mlp-cards">') :]
    assert cards.index('href="earlier/"') < cards.index('href="demo/"')
    assert '<img src="assets/figures/demo/separable_boundary.svg" alt=""' in home
    assert "Fake figures, real hook." in home and 'href="tags/"' in home


def test_no_remote_fonts_or_scripts(built):
    for page in built.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text, page


def test_build_fails_on_an_unknown_figure(tmp_path, caplog):
    docs = make_fake_project(tmp_path)
    (docs / "demo.md").write_text("# Demo\n\n![A](fig:separable_boundari)\n")
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        build_site(docs, tmp_path / "site")
    assert "demo.md: unknown figure 'fig:separable_boundari'; did you mean: separable_boundary" in caplog.text
