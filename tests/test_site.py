"""The site package (figures/site/): its pieces on small inputs, Python-Markdown alone, then a strict build.

Everything runs on a fake manifest and fake figure files made here, so these tests do not need
the figure pipeline (test_browser.py checks the real figures).
"""

import base64
import copy
import hashlib
import html
import inspect
import json
import logging
import re
import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from figures.pipeline import store
from figures.site import cards, metrics, shortcodes
from figures.site import manifest as man
from figures.site.errors import SiteError
from figures.site.markdown_ext import FiguresExtension, expand
from figures.site.mathml import render_math, tex_to_mathml
from figures.site.page import Page

ROOT = Path(__file__).resolve().parent.parent
GIF_1PX = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'
SCENE = ('<!doctype html><title>scene</title><p>a scene</p><script>Plotly.newPlot("s", [{"type": "scatter", '
         '"mode": "markers", "x": [0, 1, 2], "y": [0, 1, 0], "marker": {"color": "#0072B2"}}], {})</script>')
# Fake figures, real code: the disclosure under each shows a function of this repository.
SOURCE = {"module": "figures.site.metrics", "function": "format_value"}
FILES = {
    "demo/separable_training.html": (SCENE.encode(), {"width": 640, "height": 520}),
    "demo/separable_training.svg": (SVG.encode(), {"width": 40, "height": 30}),
    "demo/separable_training-probs.svg": (SVG.encode(), {"width": 40, "height": 30}),
    "demo/fold_animation.gif": (GIF_1PX, {"width": 1, "height": 1}),
    "other/lonely_scene.html": (SCENE.encode(), {}),
}


def fake_manifest() -> dict:
    def fig(names, metrics):
        infos = {}
        for path in names:
            data, size = FILES[path]
            infos[path.split("/")[1]] = {"path": path, "bytes": len(data), "width": None, "height": None,
                                         "sha256": hashlib.sha256(data).hexdigest(), **size}
        prov = {**SOURCE, "seed": 0, "params": {"steps": 300, "lr": 0.05}, "versions": {"numpy": "2.0"},
                "command": f"python build_figures.py {names[0].split('/')[1].split('.')[0]}"}
        return {"article": names[0].split("/")[0], "key": "k", "files": infos, "metrics": metrics,
                "device": "cpu", "seconds": 1.25, "quick": False, "provenance": prov}

    return {
        "schema": 2,
        "figures": {
            "separable_training": fig(
                ["demo/separable_training.html", "demo/separable_training.svg", "demo/separable_training-probs.svg"],
                {"accuracy": 0.995, "final_loss": 0.031, "regions": 12},
            ),
            "fold_animation": fig(["demo/fold_animation.gif"], {"steps": 300}),
            "lonely_scene": fig(["other/lonely_scene.html"], {}),
        },
    }


def write_figures(docs: Path, manifest: dict) -> None:
    figs = docs / "assets" / "figures"
    for path, (data, _) in FILES.items():
        (figs / path).parent.mkdir(parents=True, exist_ok=True)
        (figs / path).write_bytes(data)
    # On disk as the build writes it: build seconds apart from the manifest, in the build's state folder.
    on_disk = copy.deepcopy(manifest)
    timings = {name: e.pop("seconds") for name, e in on_disk["figures"].items() if "seconds" in e}
    (figs / "manifest.json").write_text(json.dumps(on_disk))
    store.save_timings(figs, timings)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    write_figures(docs, fake_manifest())
    return docs


def page(docs: Path, url: str | None = "why-more-layers/", src: str = "p.md") -> Page:
    return Page(src=src, url=url, docs_dir=docs, root=ROOT)


def place(md: str, docs: Path, url: str | None = "why-more-layers/", src: str = "p.md") -> str:
    return shortcodes.place(md, fake_manifest(), page(docs, url, src))


def fill(md: str, src: str = "p.md") -> str:
    return metrics.fill(md, fake_manifest(), lambda at: f"{src}:{md.count(chr(10), 0, at) + 1}")


# --- figures ----------------------------------------------------------------------------------


def test_scene_becomes_sandboxed_iframe_with_print_fallback_relative_to_page(docs):
    md = 'Text.\n\n![Decision boundary](fig:separable_training "The boundary")\n\nMore.'
    out = place(md, docs)
    # docs/javascripts/figures.js loads the frame near the viewport; without JavaScript the image stands in
    assert '<iframe class="mlp-scene" data-src="../assets/figures/demo/separable_training.html"' in out
    assert 'title="Decision boundary"' in out and 'sandbox="allow-scripts allow-same-origin"' in out
    assert '<div class="mlp-stage">' in out and "<noscript>" not in out
    assert "aspect-ratio: 640 / 520" in out
    assert '<img class="mlp-poster" src="../assets/figures/demo/separable_training.svg"' in out
    assert 'width="40" height="30"' in out
    assert '<figcaption markdown="span">The boundary</figcaption>' in out
    assert out.startswith("Text.\n\n\n<figure") and out.endswith("</figure>\n\n\nMore.")
    assert "<script" not in out  # the loader is a file, not inline code


def test_every_figure_names_its_figure_function(docs):
    out = place('![Probabilities](fig:separable_training-probs "P")', docs)
    assert '<figure class="mlp-figure" id="fig-separable_training-probs" data-figure="separable_training"' in out
    assert '<details class="mlp-code" data-figure="separable_training">' in out


def test_disclosure_shows_the_real_source_and_the_recipe(docs):
    out = place('![A fold](fig:fold_animation "Folding")', docs)
    details = out[out.index("<details") : out.index("</details>")]
    assert "<details " in details and " open" not in details  # closed by default
    code = details[details.index("<code>", details.index("<pre>")) : details.index("</code></pre>")]
    shown = html.unescape(re.sub(r"<[^>]+>", "", code))
    assert shown == inspect.getsource(metrics.format_value)
    assert '<div class="language-python highlight"><pre><span></span><code>' in details  # Material's copy button
    line = inspect.getsourcelines(metrics.format_value)[1]
    assert f"<code>figures/site/metrics.py</code>, line {line}" in details
    for fact in ("<code>python build_figures.py fold_animation</code>", "<dt>Seed</dt><dd><code>0</code>",
                 "<code>lr=0.05</code>, <code>steps=300</code>", "<code>cpu</code>", "1.2 s",
                 "<code>numpy 2.0</code>"):
        assert fact in details, fact


def test_source_includes_decorators_and_a_missing_function_fails(tmp_path):
    from figures.site.provenance import function_source

    src = tmp_path / "m.py"
    src.write_text("import x\n\n\n@figure(steps=3,\n        lr=1)\n@other\ndef f(ctx):\n    return 1\n\n\n"
                   "def g():\n    pass\n")
    assert function_source(src, "f") == ("@figure(steps=3,\n        lr=1)\n@other\ndef f(ctx):\n    return 1\n", 4)
    with pytest.raises(SiteError, match="no top-level function 'h'"):
        function_source(src, "h")


def test_paths_from_the_home_page_a_nested_page_and_without_mkdocs(docs):
    md = '![A fold](fig:fold_animation "Folding")'
    assert 'src="assets/figures/demo/fold_animation.gif"' in place(md, docs, "")
    assert 'src="../../assets/figures/demo/fold_animation.gif"' in place(md, docs, "part/page/")
    # No page URL (plain Python-Markdown): links start at the configured site root.
    assert 'src="/assets/figures/demo/fold_animation.gif"' in place(md, docs, None)


def test_image_only_figure_and_escaped_alt(docs):
    out = place('![A "fold" <here>](fig:fold_animation)', docs)
    assert "<iframe" not in out and "figcaption" not in out
    assert '<img src="../assets/figures/demo/fold_animation.gif" alt="A &quot;fold&quot; &lt;here&gt;"' in out


def test_one_rule_for_alt_and_caption_text_never_html(docs):
    md = ('![A <b>bold</b> & <script>x</script>](fig:fold_animation '
          '"A <b>bold</b> & <script>x()</script>, *em*, $a<b$")')
    out = place(md, docs)
    assert "<b>" not in out and "<script" not in out
    assert 'alt="A &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"' in out
    assert ">A &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;, *em*, $a<b$</figcaption>" in out
    # ... and through Markdown: the tags show as text, emphasis, code and math still work.
    page_html = render_plain(md + "\n", docs)
    caption = page_html[page_html.index("<figcaption>") : page_html.index("</figcaption>")]
    assert "&lt;script&gt;x()&lt;/script&gt;" in caption and "<script" not in caption
    assert "<em>em</em>" in caption and "<math" in caption


def test_figure_inside_an_admonition_keeps_its_indent(docs):
    out = place('!!! note\n    ![A](fig:fold_animation "C")\n', docs)
    assert all(line.startswith("    ") for line in out.splitlines()[1:] if line)


def test_scene_defaults_to_four_by_three_but_needs_a_static_image(docs):
    fig = man.Figure("s", "s", fake_manifest()["figures"]["fold_animation"],
                     {".html": {"path": "x/s.html"}, ".png": {"path": "x/s.png"}})
    assert "aspect-ratio: 4 / 3" in shortcodes.figure_html(fig, "alt", None, page(docs), "p.md")
    with pytest.raises(SiteError, match="p.md:1: figure 'lonely_scene' has no static image"):
        place("![A](fig:lonely_scene)", docs)


def test_unknown_stem_names_the_page_line_and_close_matches(docs):
    with pytest.raises(SiteError) as err:
        place('Intro.\n\n![A](fig:separable_trainin "C")', docs, src="why.md")
    assert "why.md:3: unknown figure 'fig:separable_trainin'" in str(err.value)
    assert "did you mean: separable_training" in str(err.value)


def test_missing_manifest_says_how_to_make_one(tmp_path):
    assert man.read_manifest(tmp_path) is None
    with pytest.raises(SiteError, match=r"run `python build_figures.py` first"):
        shortcodes.place("![A](fig:x)", None, page(tmp_path))


@pytest.mark.parametrize("text", [b"\xff\xfe not utf-8", b"{not json", b"[]", b"null", b'{"schema": 1}'])
def test_a_corrupt_manifest_is_named(tmp_path, text):
    (tmp_path / "assets" / "figures").mkdir(parents=True)
    (tmp_path / "assets" / "figures" / "manifest.json").write_bytes(text)
    with pytest.raises(SiteError, match=r"manifest.json .*python build_figures.py --force"):
        man.read_manifest(tmp_path)


def test_a_missing_or_changed_figure_file_is_refused(tmp_path):
    write_figures(tmp_path, fake_manifest())
    md = 'One.\n![A](fig:separable_training "C")'
    (tmp_path / "assets/figures/demo/separable_training.svg").write_text(SVG + " ")
    with pytest.raises(SiteError, match=r"p.md:2: figure file docs/assets/figures/demo/separable_training.svg "
                       r"differs from the manifest \(sha256\): run `python build_figures.py separable_training`"):
        place(md, tmp_path)
    (tmp_path / "assets/figures/demo/separable_training.html").unlink()
    with pytest.raises(SiteError, match=r"p.md:2: figure file docs/assets/figures/demo/separable_training.html "
                       r"is missing"):
        place(md, tmp_path)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("See ![A](fig:fold_animation) here.", "a fig: image must stand alone on its line"),
        ('![A](fig:fold_animation "a "quoted" word")', "a '\"' inside the caption ends it early"),
        ("![A](fig:fold_animation 'single')", "the caption is in single quotes; use double quotes"),
        ('![A](fig:fold_animation "C" )', "a space before the closing '\\)'"),
        ("![A](fig:fold_animation )", "a space before the closing '\\)'"),
        ('![A [1] ](fig:fold_animation "C")', "'\\]' in the alt text ends it early"),
        ('![A](fig:fold_animation"C")', "after the figure name 'fold_animation' comes a space"),
        ('![A](fig: "C")', "the figure name after 'fig:' must be"),
    ],
)
def test_malformed_figure_lines_say_what_is_wrong_with_page_and_line(docs, line, why):
    with pytest.raises(SiteError, match=r"^p.md:3: " + why):
        place(f"Intro.\n\n{line}\n", docs)


def test_a_stray_backtick_does_not_hide_later_paragraphs(docs):
    md = "A ` stray backtick.\n\nAccuracy {{ fold_animation.steps }}; `a` and `b`."
    assert expand(md, fake_manifest(), page(docs)).endswith("Accuracy 300; `a` and `b`.")


def test_shortcodes_in_fenced_code_are_left_alone(docs):
    md = "```md\n![A](fig:nope)\n{{ nope.nope }}\n```\n\nUse `{{ x.y }}` inline.\n\n~~~\n{{ a.b }}\n~~~"
    assert expand(md, fake_manifest(), page(docs)) == md


# --- metrics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        ("{{ separable_training.accuracy:.1% }}", "99.5%"),
        ("{{separable_training.final_loss:.3f}}", "0.031"),
        ("{{ separable_training.regions:d }}", "12"),
        ("{{ separable_training.final_loss:.2e }}", "3.10 × 10⁻²"),
        ("{{ separable_training.accuracy }}", "0.995"),
        ("{{ fold_animation.steps }}", "300"),
    ],
)
def test_metric_formats(ref, text):
    assert fill(f"Accuracy {ref}.") == f"Accuracy {text}."


def test_metrics_fill_alt_text_and_caption_before_figures(docs):
    md = ('![At {{ separable_training.accuracy:.0% }}](fig:fold_animation '
          '"Loss {{ separable_training.final_loss:.2f }}")')
    out = expand(md, fake_manifest(), page(docs))
    assert 'alt="At 100%"' in out and "Loss 0.03</figcaption>" in out


def test_unknown_metric_and_figure_list_close_matches():
    with pytest.raises(SiteError, match=r"p.md:1: figure 'separable_training' has no metric 'acuracy'; "
                       r"did you mean: accuracy"):
        fill("{{ separable_training.acuracy }}")
    with pytest.raises(SiteError, match=r"p.md:1: unknown figure 'separable_trainin'.*did you mean: separable_train"):
        fill("{{ separable_trainin.accuracy }}")


def test_metric_with_a_format_that_does_not_fit_fails():
    with pytest.raises(SiteError, match=r"separable_training.accuracy = 0.995 cannot be formatted with 'd'"):
        fill("{{ separable_training.accuracy:d }}")


@pytest.mark.parametrize("ref", ["{{ separable_training.", "{{ x.", "{{separable_training}}",
                                 "{{ separable_training.accuracy }", "{{ }}", "{{ a.b:}"])
def test_anything_opening_braces_in_prose_is_a_reference_or_an_error(docs, ref):
    md = f"Intro.\n\nText `{{{{ in code }}}}` then {ref} here.\n"
    with pytest.raises(SiteError, match=r"^p.md:3: '\{\{.*' is not a metric reference; write \{\{ FIGURE.METRIC \}\}"):
        expand(md, fake_manifest(), page(docs))


def test_line_numbers_count_the_front_matter(docs):
    md = "---\ntitle: T\n---\n\n# T\n\n{{ nope }}\n"
    with pytest.raises(SiteError, match=r"^p.md:7: "):
        render_plain(md, docs)


# --- without MkDocs: Python-Markdown alone -------------------------------------------------------


def render_plain(md: str, docs: Path, **config) -> str:
    ext = FiguresExtension(docs_dir=str(docs), root=str(ROOT), page_src="p.md", **config)
    return markdown.Markdown(extensions=["attr_list", "pymdownx.arithmatex", ext],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}}).convert(md)


def test_a_real_article_renders_with_python_markdown_alone(manifest):
    """docs/why-more-layers.md through the extension alone: figures, numbers and math expanded."""
    md = markdown.Markdown(
        extensions=["admonition", "attr_list", "md_in_html", "toc", "pymdownx.arithmatex", "pymdownx.details",
                    "pymdownx.superfences", "figures.site.markdown_ext"],
        extension_configs={"pymdownx.arithmatex": {"generic": True},
                           "figures.site.markdown_ext": {"docs_dir": str(ROOT / "docs"), "root": str(ROOT),
                                                         "base_url": "/site/", "page_src": "why-more-layers.md"}},
    )
    out = md.convert((ROOT / "docs" / "why-more-layers.md").read_text(encoding="utf-8"))
    text = re.sub(r'id="fig-|href="#fig-', "", out)
    assert "fig:" not in text and "{{" not in text and "title: Why more layers?" not in out
    figures = re.findall(r'<figure class="mlp-figure"[^>]*data-figure="([\w-]+)"', out)
    assert len(figures) >= 10 and set(figures) <= set(manifest["figures"])
    assert out.count('<details class="mlp-code"') == len(figures) + out.count('data-live="1"')  # live figures too
    assert 'src="/site/assets/figures/why-more-layers/' in out
    steps = manifest["figures"]["separable_training"]["metrics"]["steps"]
    assert f"After {steps} steps it classifies" in out
    assert "<math" in out and 'class="arithmatex">\\' not in out


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
    out = tex_to_mathml(tex, block=True, where="p.md")
    assert out.startswith("<math") and 'display="block"' in out and expect in out


def test_arithmatex_spans_and_divs_become_math():
    html_in = (
        '<p>A <span class="arithmatex">\\(a &lt; b\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\nx^2 &gt; y\n\\]</div>'
    )
    out = render_math(html_in, "p.md")
    assert "arithmatex\">\\" not in out and out.count("<math") == 2
    # (the formula and the full stop after it break as one: mathml.py, issue 20)
    assert '<p>A <span class="mlp-nowrap"><math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert '<div class="arithmatex"><math' in out and "&#x0003C;" in out and "&#x0003E;" in out


@pytest.mark.parametrize("tex", [r"\frac{1}{2", r"x^", r"\notacommand{x}", r"a}"])
def test_latex_errors_name_page_and_formula(tex):
    with pytest.raises(SiteError) as err:
        render_math(f'<span class="arithmatex">\\({tex}\\)</span>', "why.md")
    assert "why.md" in str(err.value) and tex in str(err.value)


# --- end to end: mkdocs build --strict --------------------------------------------------------

ARTICLE = """---
title: A demo article
date: 2025-02-01
description: Fake figures, real hook.
tags: [demo]
preview: separable_training
---

# A demo article

Accuracy {{ separable_training.accuracy:.1% }} with $\\sigma(\\mathbf{W}x + b)$.

$$
\\begin{aligned} h &= \\operatorname{ReLU}(W x) \\\\ y &= \\begin{pmatrix} 1 & 0 \\end{pmatrix} h \\end{aligned}
$$

![Boundary at {{ separable_training.accuracy:.0% }}](fig:separable_training "A *boundary*, $x_1$")

!!! note "Inside an admonition"
    ![The fold](fig:fold_animation "The fold, animated")

```python
print("{{ not.touched }}")  # ![x](fig:nope)
```
"""

EARLIER = """---
title: An earlier article
date: 2025-01-01
description: Comes first.
preview: separable_training-probs
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
    home = docs / "index.md"  # its scene, from a figure the fake manifest has
    home.write_text(re.sub(r"\(fig:[\w.-]+", "(fig:separable_training", home.read_text()).replace(
        "(why-more-layers.md)", "(demo.md)"))
    (docs / "demo.md").write_text(ARTICLE)
    (docs / "earlier.md").write_text(EARLIER)
    manifest = fake_manifest()
    del manifest["figures"]["lonely_scene"]
    write_figures(docs, manifest)
    return docs


def build_site(docs: Path, site_dir: Path) -> None:
    # the fake pages, in reading order (not by date: the cards follow the nav)
    nav = [{"Home": "index.md"}, {"Demo": "demo.md"}, {"Earlier": "earlier.md"}]
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site_dir), strict=True, nav=nav)
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does (the rss plugin needs it)
    build(config)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fake")
    build_site(make_fake_project(root), root / "site")
    return root / "site"


def test_strict_build_places_figures_numbers_and_math(built):
    page = (built / "demo" / "index.html").read_text()
    assert 'src="../assets/figures/demo/separable_training.html"' in page
    assert 'alt="Boundary at 100%"' in page and "Accuracy 99.5%" in page
    assert "<figcaption>A <em>boundary</em>, <math" in page
    assert 'src="../assets/figures/demo/fold_animation.gif"' in page and "The fold, animated" in page
    assert page.count('display="block"') == 1 and "<mtable" in page
    assert 'class="arithmatex">\\' not in page and "markdown=" not in page
    assert "<p><figure" not in page
    assert "{{ not.touched }}" in page and "fig:nope" in page
    assert (built / "assets" / "figures" / "demo" / "separable_training.html").exists()


def test_home_page_lists_articles_in_nav_order_numbered_with_a_picture_drawn_for_the_card(built):
    home = (built / "index.html").read_text()
    assert "<!-- articles -->" not in home
    cards = home[home.index('<div class="mlp-cards">') :]
    assert cards.index('href="demo/"') < cards.index('href="earlier/"')  # nav order, though Earlier is older
    numbers = re.findall(r'<span class="mlp-card-number">(\d+)</span>', cards)
    assert numbers == ["1", "2"] and cards.count("Start here") == 1
    assert cards.index("Start here") < cards.index('href="earlier/"')  # on the first card
    # the picture is a file of its own, drawn at the card's 16:9 from the scene's data, with a
    # dark twin drawn in the dark palette (no inverted image)
    for scheme, name in (("light", "separable_training"), ("dark", "separable_training.dark")):
        m = re.search(rf'<img class="mlp-card-{scheme}" src="(assets/cards/{name}\.png)" alt="" width="640" '
                      'height="360"', cards)
        assert m and (built / m[1]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", scheme
    assert "Fake figures, real hook." in home and 'href="tags/"' in home
    assert home.index('<iframe class="mlp-scene"') < home.index('<div class="mlp-cards">')  # a scene up top


def test_no_remote_fonts_or_scripts(built):
    for page in built.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text, page


def test_build_fails_on_an_unknown_figure(tmp_path, caplog):
    docs = make_fake_project(tmp_path)
    (docs / "demo.md").write_text("---\ntitle: Demo\n---\n\n# Demo\n\n![A](fig:separable_trainin)\n")
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        build_site(docs, tmp_path / "site")
    assert "demo.md:7: unknown figure 'fig:separable_trainin'; did you mean: separable_training" in caplog.text


def test_build_refuses_a_figure_file_that_differs_from_the_manifest(tmp_path, caplog):
    docs = make_fake_project(tmp_path)
    (docs / "assets/figures/demo/fold_animation.gif").write_bytes(GIF_1PX[:-1])
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        build_site(docs, tmp_path / "site")
    assert "demo.md:20: figure file docs/assets/figures/demo/fold_animation.gif differs from the" in caplog.text


@pytest.mark.parametrize("field", ["title", "description"])
@pytest.mark.parametrize("value", ['Say "hi"', "A <b>bold</b> claim"])
def test_build_refuses_front_matter_that_would_break_the_page_head(tmp_path, caplog, field, value):
    docs = make_fake_project(tmp_path)
    text = EARLIER.replace(f"{field}: ", f"{field}: '{value}' #", 1)
    (docs / "earlier.md").write_text(text)
    with pytest.raises(Abort), caplog.at_level(logging.ERROR):
        build_site(docs, tmp_path / "site")
    assert f"earlier.md: front matter '{field}' contains" in caplog.text


def test_front_matter_in_plain_text_passes():
    cards.check_front_matter({"title": "Why more layers?", "description": "One neuron’s “line” & a fold."}, "p.md")


@pytest.mark.parametrize("value, fmt, shown", [
    (2.6e-08, ".1e", "2.6 × 10⁻⁸"), (123456789.0, ".2e", "1.23 × 10⁸"), (-3.5e-12, ".1e", "-3.5 × 10⁻¹²"),
    (1e-05, None, "1 × 10⁻⁵"), (-0.25, ".2f", "-0.25"), (0.8125, ".1%", "81.2%"), (42, None, "42"),
    ("a-b", None, "a-b"),
])
def test_numbers_in_prose_are_typeset(value, fmt, shown):
    assert metrics.format_value(value, fmt, "page.md:1") == shown
