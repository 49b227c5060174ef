"""The site reads like a publication (issue 8, item 12, and the lightbox and feeds): title,
date and reading time; a home page whose cards never leave one alone on a row and whose
thumbnails stay legible; one precision per quantity; typographic quotes that leave math, code
and figures alone; citations that link to the reference list; TeX spacing in MathML; a number
inside math; a tap that enlarges a static figure; feeds dated by front matter, built without git.

Browser fixtures (built site, server, Chromium) come from tests/conftest.py."""

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from test_browser import PAGES, open_page
from test_site import build_site, make_fake_project

from figures.site import byline, metrics
from figures.site.errors import SiteError
from figures.site.markdown_ext import FiguresExtension
from figures.site.mathml import tex_to_mathml
from figures.site.references import check_citations

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARTICLES = [n for n in PAGES if n not in ("index", "tags")]


@pytest.fixture(scope="module")
def fake_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("publication")
    build_site(make_fake_project(root), root / "site")
    return root / "site"


def render(md: str, docs: Path = DOCS, **config) -> str:
    """Python-Markdown alone, with the extensions mkdocs.yml uses for prose."""
    ext = FiguresExtension(docs_dir=str(docs), root=str(ROOT), page_src="p.md", **config)
    return markdown.Markdown(
        extensions=["attr_list", "md_in_html", "smarty", "pymdownx.arithmatex", ext],
        extension_configs={"pymdownx.arithmatex": {"generic": True}, "smarty": {"smart_angled_quotes": False}},
    ).convert(md)


# --- date and reading time ---------------------------------------------------------------------


def test_reading_time_counts_the_prose_not_code_or_figure_names():
    prose = " ".join(["word"] * 440)  # 2 minutes at 220 words a minute
    code = "```python\n" + "x = 1\n" * 500 + "```\n"
    fig = '![' + "alt " * 300 + '](fig:some_figure "A caption of six words here")\n'
    assert byline.count_words(prose) == 440 and byline.reading_minutes(prose) == 2
    assert byline.count_words(f"{prose}\n\n{code}\n{fig}") == 440 + 6
    assert byline.reading_minutes("") == 1


def test_an_article_shows_date_and_reading_time_under_its_title():
    out = render("---\ntitle: T\ndate: 2026-02-01\n---\n\n# T\n\nSome words here.\n")
    assert re.search(r'</h1>\s*<p class="mlp-byline"><time datetime="2026-02-01">1 February 2026</time> · '
                     r"<span>1 min read</span></p>\s*<p>Some words", out), out
    assert "mlp-byline" not in render("---\ntitle: Home\n---\n\n# Home\n\nNo date, no byline.\n")


def test_built_pages_and_cards_show_date_and_reading_time(fake_site):
    demo = (fake_site / "demo" / "index.html").read_text()
    assert re.search(r'</h1>\s*<p class="mlp-byline"><time datetime="2025-02-01">1 February 2025</time>', demo)
    home = (fake_site / "index.html").read_text()
    assert home.count('class="mlp-card-meta"') == 2 and "1 February 2025</time> · 1 min read" in home


# --- one precision per quantity -----------------------------------------------------------------


def test_every_quantity_has_one_precision_across_pages():
    pages = {p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")}
    assert metrics.precision_conflicts(pages) == []


@pytest.mark.parametrize("pages", [
    {"a.md": "{{ f.best_accuracy:.1% }}", "b.md": "{{ g.accuracy:.2% }}"},  # 81.2% vs 81.25%
    {"a.md": "{{ f.x:.2f }} and {{ f.x:.3f }}"},  # one metric, two precisions
    {"a.md": "{{ f.rate:.0% }} ({{ f.rate_high:.1% }})"},  # a rate and its interval bound
])
def test_precision_check_sees_two_precisions(pages):
    assert metrics.precision_conflicts(pages)


# --- quotes, math and numbers in math -----------------------------------------------------------


def test_smart_quotes_leave_math_code_metrics_and_figures_alone():
    md = ('It\'s "bent", $f\'(x) = "a"$ and `print("x")`, at {{ separable_training.accuracy:.1% }}.\n\n'
          '![Say "hi"](fig:separable_training "The \'fold\'")\n')
    out = render(md)
    assert "It&rsquo;s &ldquo;bent&rdquo;" in out
    assert "<code>print(&quot;x&quot;)</code>" in out or '<code>print("x")</code>' in out
    math = re.search(r"<math.*?</math>", out, re.S)[0]
    assert "rsquo" not in math and "ldquo" not in math and "&#x02032;" in math  # f' is a prime
    assert 'alt="Say &quot;hi&quot;"' in out and "data-figure=\"separable_training\"" in out
    assert re.search(r"at \d+\.\d%\.", out)


def test_a_metric_inside_math_is_written_as_tex():
    shown = metrics.format_value(2.6e-08, ".1e", "p.md:1", tex=True)
    assert shown == r"2.6 \times 10^{-8}" and metrics.format_value(0.5, ".0%", "p.md:1", tex=True) == r"50\%"
    out = render("Loss $L = {{ separable_training.final_loss:.2e }}$, outside {{ separable_training.final_loss:.2e }}.")
    assert re.search(r"outside \d\.\d\d × 10⁻[¹²³⁴⁵⁶⁷⁸⁹]\.", out), out
    math = re.search(r"<math.*?</math>", out, re.S)[0]
    assert re.search(r"<mn>\d\.\d\d</mn><mo>&#x000D7;</mo><msup><mn>10</mn>", math), math


def test_det_is_a_name_with_a_thin_space_and_bars_are_fences():
    det = tex_to_mathml(r"\det W \ne 0", False, "p.md")
    assert '<mi>det</mi><mo form="prefix" lspace="0" rspace="0.1667em">&#x02061;</mo><mi>W</mi>' in det
    assert "<mi>det</mi><mo form=\"prefix\" lspace=\"0\" rspace=\"0\">" in tex_to_mathml(r"\det(W)", False, "p.md")
    bars = tex_to_mathml(r"|x_1 + x_2| < 0.6", False, "p.md")
    assert bars.count('form="prefix" fence="true"') == 1 and bars.count('form="postfix" fence="true"') == 1
    lone = tex_to_mathml(r"p(y | x)", False, "p.md")
    assert "fence" not in lone  # a lone bar is a relation, as TeX has it


MATH_GAPS_JS = """() => {
  const el = t => [...document.querySelectorAll('mi, mo')].filter(e => e.textContent === t);
  const box = e => e.getBoundingClientRect(), em = parseFloat(getComputedStyle(el('det')[0]).fontSize);
  const bars = el('|');
  return {det: (box(el('W')[0]).left - box(el('det')[0]).right) / em,  // det | W
          open: (box(el('x')[0]).left - box(bars[0]).right) / em,     // | x
          close: (box(bars[1]).left - box(el('y')[0]).right) / em};   // y |
}"""


def test_det_and_bars_are_spaced_as_tex_sets_them_in_chromium(context, server):
    page = context.new_page()
    page.set_content("<p style='font-size:20px'>" + tex_to_mathml(r"\det W", False, "p")
                     + " and " + tex_to_mathml(r"|x + y| < 1", False, "p") + "</p>")
    gaps = page.evaluate(MATH_GAPS_JS)
    # a thin space (TeX: 3mu = 0.167 em); latex2mathml's <mo>det</mo> gets a relation's 0.278 em
    assert 0.1 < gaps["det"] < 0.22, gaps
    # bars tight around x + y; a closing bar mid-row was spaced as a relation (0.278 em)
    assert abs(gaps["open"]) < 0.08 and abs(gaps["close"]) < 0.08, gaps



SIGN_GAPS_JS = """() => {
  const mo = [...document.querySelectorAll('mo')].filter(e => e.textContent === '\u2212');
  const em = parseFloat(getComputedStyle(mo[0]).fontSize), box = e => e.getBoundingClientRect();
  return mo.map(m => (box(m.nextElementSibling).left - box(m).right) / em);
}"""


def test_a_minus_sign_sits_against_its_number_and_a_minus_between_terms_is_spaced(browser):
    page = browser.new_page()
    page.set_content("<p style='font-size:20px'>" + tex_to_mathml(r"x < -3.02", False, "p") + " "
                     + tex_to_mathml(r"[-10, 10]", False, "p") + " " + tex_to_mathml(r"-\pi", False, "p") + " "
                     + tex_to_mathml(r"|x| - 1", False, "p") + " " + tex_to_mathml(r"a - b", False, "p") + "</p>")
    gaps = page.evaluate(SIGN_GAPS_JS)
    page.close()
    signs, minus = gaps[:3], gaps[3:]
    # a sign: tight (the browser gave each a binary minus's 0.22 em on both sides, "x < − 3.02")
    assert all(abs(g) < 0.08 for g in signs), signs
    # a minus between two terms keeps its medium space (TeX: 4mu = 0.22 em)
    assert all(g > 0.15 for g in minus), minus

# --- citations ----------------------------------------------------------------------------------


ENTRY_A = '<li id="ref-adams2000">J. Adams, &ldquo;A title&rdquo;, <em>A journal</em> 1, 2000.</li>'


def test_citations_resolve_and_every_reference_is_cited():
    html = f'<p><a href="#ref-adams2000">Adams (2000)</a></p><ul>{ENTRY_A}</ul>'
    check_citations(html, "p.md")
    with pytest.raises(SiteError, match=r"p.md: citation of #ref-b2001 has no entry"):
        check_citations(html + '<a href="#ref-b2001">B</a>', "p.md")
    with pytest.raises(SiteError, match=r"p.md: reference ref-c2002 is never cited"):
        check_citations(html + '<li id="ref-c2002">C.</li>', "p.md")


ENTRIES = ('<ul>' + ENTRY_A + '<li id="ref-baker1990">K. Baker and L. Cole, <em>A book</em>, A press, 1990.</li>'
           '<li id="ref-dunn1980">M. Dunn, N. Eve and O. Fox, &ldquo;T&rdquo;, ICML, 1980. A note (1981).</li>'
           '<li id="ref-grey1970a">P. Q. Grey et al., &ldquo;T&rdquo;, COLT, 1970.</li></ul>')


@pytest.mark.parametrize("text", [
    '<a href="#ref-adams2000">Adams (2000)</a> showed',
    'as shown (<a href="#ref-adams2000">Adams, 2000</a>; <a href="#ref-baker1990">Baker and Cole, 1990</a>)',
    '<a href="#ref-baker1990">Baker and Cole (1990)</a> and <a href="#ref-dunn1980">Dunn et al. (1980)</a>',
    '(a remark, by <a href="#ref-grey1970a">Grey et al. (1970a)</a>, and '
    '<a href="#ref-grey1970a">Grey et al., 1970a</a>)',
])
def test_one_citation_style_author_year(text):
    rest = ('(<a href="#ref-adams2000">Adams, 2000</a>; <a href="#ref-baker1990">Baker and Cole, 1990</a>; '
            '<a href="#ref-dunn1980">Dunn et al., 1980</a>; <a href="#ref-grey1970a">Grey et al., 1970a</a>)')
    check_citations(f"<p>{text} {rest}</p>{ENTRIES}", "p.md")


@pytest.mark.parametrize(("text", "why"), [  # the site's four styles before issue 20, and near misses
    ('<a href="#ref-adams2000">[4]</a>', "must read 'Adams \\(2000\\)'"),
    ('Adams (<a href="#ref-adams2000">2000</a>)', "must read"),
    ('<a href="#ref-adams2000">Adams</a>', "must read"),
    ('<a href="#ref-adams2000">Adams 2000</a>', "must read"),
    ('<a href="#ref-dunn1980">Dunn, Eve and Fox, 1980</a>', "must read 'Dunn et al. \\(1980\\)'"),
    ('<a href="#ref-baker1990">Baker (1990)</a>', "must read 'Baker and Cole \\(1990\\)'"),
    ('<a href="#ref-adams2000">Adams’s theorem</a>', "must read"),
    ('<a href="#ref-adams2000">Adams (2001)</a>', "must read"),
    ('shown by <a href="#ref-adams2000">Adams, 2000</a>', "stands in parentheses"),
])
def test_other_citation_styles_fail(text, why):
    rest = ('(<a href="#ref-baker1990">Baker and Cole, 1990</a>; <a href="#ref-dunn1980">Dunn et al., 1980</a>; '
            '<a href="#ref-grey1970a">Grey et al., 1970a</a>; <a href="#ref-adams2000">Adams, 2000</a>)')
    with pytest.raises(SiteError, match=why):
        check_citations(f"<p>{text} {rest}</p>{ENTRIES}", "p.md")


@pytest.mark.parametrize(("entries", "why"), [
    ('<ol><li id="ref-adams2000">J. Adams, &ldquo;T&rdquo;, X, 2000.</li></ol>', "numbered"),
    ('<ul><li><span id="ref-adams2000"></span>J. Adams, &ldquo;T&rdquo;, X, 2000.</li></ul>', "not a list entry"),
    ('<ul><li id="ref-adams2000">Adams, &ldquo;T&rdquo;, X, 2000.</li></ul>', "does not start with its authors"),
    ('<ul><li id="ref-adams2000">J. Adams, T, X, 2000.</li></ul>', "does not start with its authors"),
    ('<ul><li id="ref-adams2000">J. Adams, &ldquo;T&rdquo;, ICML 2000.</li></ul>', "', YEAR.'"),
    ('<ul><li id="ref-a2000">J. Adams, &ldquo;T&rdquo;, X, 2000.</li></ul>', "named ref-adams2000"),
    ('<ul><li id="ref-adams2000">J. Adams, &ldquo;T&rdquo;, X, 1999.</li></ul>', "named ref-adams1999"),
])
def test_reference_entries_in_one_format(entries, why):
    anchor = re.search(r'id="(ref-\w+)"', entries)[1]
    with pytest.raises(SiteError, match=why):
        check_citations(f'<p><a href="#{anchor}">Adams (2000)</a></p>{entries}', "p.md")


@pytest.mark.parametrize("name", ARTICLES)
def test_every_article_cites_in_the_one_style(name):
    """Each page through Python-Markdown: the extension checks its citations (issue 20: the pages had
    "(1943)", "Telgarsky (2016)", "[4]" and "(Rumelhart, Hinton and Williams, 1986)")."""
    text = (DOCS / f"{name}.md").read_text()
    html = render(text)
    assert html.count('href="#ref-') == len(re.findall(r"\]\(#ref-", text)) > 0 or "## References" not in text


def test_reference_entries_get_anchors_with_attr_list():
    out = render("See [Cybenko (1989)](#ref-cybenko1989).\n\n## References\n\n"
                 "- G. Cybenko, *A title*, 1989.\n  {#ref-cybenko1989}\n")
    assert '<li id="ref-cybenko1989">G. Cybenko, <em>A title</em>, 1989.</li>' in out


@pytest.mark.parametrize("name", ARTICLES)
def test_every_article_citation_links_to_its_reference_list(name, site_dir):
    html = (site_dir / PAGES[name].strip("/") / "index.html").read_text()
    refs = html[html.index('id="references"'):] if 'id="references"' in html else ""
    anchors = re.findall(r'id="(ref-[\w.-]+)"', refs)
    cites = re.findall(r'href="#(ref-[\w.-]+)"', html[: html.index('id="references"')] if refs else html)
    assert set(cites) == set(anchors), (name, set(cites) ^ set(anchors))
    if refs:  # each entry of a reference list is a link target
        end = min(i for i in (refs.find("</ul>"), refs.find("</ol>")) if i >= 0)  # the list, bulleted or numbered
        entries = re.findall(r"<li[^>]*>", refs[:end])
        assert len(anchors) >= len(entries) - 1, name  # at most one note that is not a work


def test_olah_essay_is_linked():
    text = (DOCS / "training-as-deformation.md").read_text()
    assert "(https://colah.github.io/posts/2014-03-NN-Manifolds-Topology/)" in text


# --- lightbox and feeds -------------------------------------------------------------------------


def test_only_figures_without_a_scene_open_in_the_lightbox(fake_site):
    demo = (fake_site / "demo" / "index.html").read_text()
    figures = re.findall(r'<figure class="mlp-figure".*?</figure>', demo, re.S)
    for fig in figures:
        has_scene = "<iframe" in fig
        assert ('class="glightbox"' in fig) != has_scene, fig[:200]
    assert (fake_site / "assets" / "javascripts" / "glightbox.min.js").is_file()
    assert (fake_site / "assets" / "stylesheets" / "glightbox.min.css").is_file()


def test_the_lightbox_loads_on_a_readers_first_tap_not_with_the_page(fake_site):
    """mkdocs-glightbox's stylesheet and blocking script (56 kB) held back every page's first
    paint from its <head>; reader.js loads them on the first tap, from where the hook leaves them
    (first contentful paint 0.1-0.3 s sooner under Lighthouse; test_tapping_a_static_figure_...
    opens it)."""
    demo = (fake_site / "demo" / "index.html").read_text()
    head, body = demo.split("</head>", 1)
    assert "glightbox.min.js" not in head and "glightbox.min.css" not in head
    lazy = json.loads(re.search(r"var mlpLightbox = (\{.*?\});</script>", body).group(1))
    for key, folder in (("js", "javascripts"), ("css", "stylesheets")):
        assert (fake_site / "demo" / lazy[key]).resolve() == (fake_site / "assets" / folder / f"glightbox.min.{key}")
    assert lazy["options"]["zoomable"] is True  # mkdocs.yml's options reach it


def test_feeds_list_each_article_dated_by_its_front_matter(fake_site):
    assert "<url>None</url>" not in (fake_site / "feed_rss_created.xml").read_text()  # no image to fetch
    channel = ET.parse(fake_site / "feed_rss_created.xml").getroot().find("channel")
    items = {i.findtext("title"): i.findtext("pubDate") for i in channel.findall("item")}
    # titles as the (fake) nav names them; dates from each page's front matter, not from git
    assert items == {"Demo": "Sat, 01 Feb 2025 00:00:00 +0000", "Earlier": "Wed, 01 Jan 2025 00:00:00 +0000"}
    assert 'href="feed_rss_created.xml"' in (fake_site / "index.html").read_text()  # readers can find it


def test_a_copy_without_git_history_builds_strict(tmp_path):
    """A fresh checkout, a tarball, a CI cache: no .git, and still the same site and feeds."""
    copy = tmp_path / "repo"
    skip = shutil.ignore_patterns(".git", ".venv", ".cache", "__pycache__", ".pytest_cache", "*.pyc")
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [*skip(d, names), *(["site"] if Path(d) == ROOT else [])])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                          cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    feed = (tmp_path / "out" / "feed_rss_created.xml").read_text()
    assert feed.count("<item>") == len(ARTICLES)


LIGHTBOX_JS = """() => { const img = document.querySelector('.glightbox-container .gslide.current img');
  return img && img.complete ? img.getBoundingClientRect().width : 0; }"""


@pytest.mark.parametrize(("scheme", "motion"), [("light", "no-preference"), ("dark", "reduce")])
def test_tapping_a_static_figure_enlarges_it_on_a_phone(scheme, motion, browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme=scheme, reduced_motion=motion)
    try:
        page = open_page(context, server + PAGES["training-as-deformation"])
        # a figure with a phone twin: the lightbox enlarges the twin the phone shows (larger lettering)
        link = page.locator("figure.mlp-figure a.glightbox:visible:has(source)").first
        link.scroll_into_view_if_needed()
        inline = link.locator("img").bounding_box()["width"]
        link.tap()
        # the lightbox zooms open from the figure: wait until it stands at least as wide as the page shows it
        page.wait_for_function(f"() => ({LIGHTBOX_JS})() >= {inline} - 1", timeout=5_000)
        shown = page.locator(".glightbox-container .gslide.current img")
        # dark: the figure's dark twin, as in the page (issue 20: never an inverted image)
        assert "invert" not in shown.evaluate("i => getComputedStyle(i).filter")
        assert (".dark." in shown.get_attribute("src")) == (scheme == "dark")
        # the phone twin, where it fits the screen's height (a taller one would be shown smaller)
        fits = link.locator("source").evaluate("s => +s.getAttribute('height') * Math.min(1, innerWidth / "
                                               "+s.getAttribute('width')) <= 0.9 * innerHeight")
        assert (".phone." in shown.get_attribute("src")) == fits
        if motion == "reduce":  # no zoom to sit through
            assert shown.evaluate("i => parseFloat(getComputedStyle(i.closest('.gslide')).animationDuration)") < 0.001
        page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached", timeout=5_000)
        assert page.locator("a.glightbox iframe").count() == 0
    finally:
        context.close()


# --- title, home page ---------------------------------------------------------------------------

TITLE_JS = """() => { const h = document.querySelector('article h1'), b = document.querySelector('.mlp-byline');
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = rgb(getComputedStyle(document.body).backgroundColor);
  const contrast = el => { const c = rgb(getComputedStyle(el).color), a = c.length > 3 ? c[3] : 1;
    const [l1, l2] = [lum(c.slice(0, 3).map((v, i) => a * v + (1 - a) * bg[i])), lum(bg)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05); };
  return {title: contrast(h), text: contrast(document.querySelector('article .mlp-byline + p')),
          byline: b ? b.getBoundingClientRect().top - h.getBoundingClientRect().bottom : null,
          words: b ? b.textContent : ''}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ARTICLES)
def test_title_is_not_grey_and_date_sits_under_it(name, scheme, browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        got = open_page(context, server + PAGES[name]).evaluate(TITLE_JS)
    finally:
        context.close()
    # as dark as the text, and at least 7:1 (WCAG AAA); Material's grey title is 4.6:1 in light
    assert got["title"] >= got["text"] - 0.01 and got["title"] >= 7, got
    assert got["byline"] is not None and 0 <= got["byline"] < 40, got
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} · \d+ min read", got["words"]), got


CARD_ROWS_JS = """n => { const grid = document.querySelector('.mlp-cards');
  const first = [...grid.children];
  while (grid.children.length < n) grid.appendChild(first[grid.children.length % first.length].cloneNode(true));
  while (grid.children.length > n) grid.lastElementChild.remove();
  const rows = {};
  for (const c of grid.children) {
    const r = c.getBoundingClientRect(); (rows[Math.round(r.top)] ||= []).push(r.width); }
  return {width: grid.getBoundingClientRect().width, rows: Object.values(rows)}; }"""

# Each thumbnail as the page shows it: its file, its own shape, and the box it is shown in.
THUMB_JS = """() => [...document.querySelectorAll('.mlp-card-thumb img')].filter(i => i.getClientRects().length)
  .map(img => {
  const box = img.getBoundingClientRect(), s = getComputedStyle(img);
  return {src: img.getAttribute('src'), natural: img.naturalWidth / img.naturalHeight, box: box.width / box.height,
          fit: s.objectFit, view: s.objectViewBox || 'none'}; })"""


@pytest.mark.parametrize("width", [1280, 390])
def test_home_cards_never_leave_an_orphan_and_thumbnails_are_drawn_for_the_card(width, browser, server):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = open_page(context, server + "/")
        if width >= 1220:  # the nav sidebar would list the cards again
            assert not page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
        # the picture each card shows in this scheme (its dark twin is display: none); lazy: load each by showing it
        for img in page.locator(".mlp-card-thumb img:visible").element_handles():
            img.evaluate("i => i.scrollIntoView({block: 'center'})")
            page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img)
        thumbs = page.evaluate(THUMB_JS)
        assert len(thumbs) == len(ARTICLES), thumbs
        for t in thumbs:  # drawn for the card (issue 20): its own file, the box's shape, shown whole
            assert t["src"].startswith("assets/cards/") and t["view"] == "none", t
            assert abs(t["natural"] / t["box"] - 1) < 0.02, t
        for n in range(1, 10):
            got = page.evaluate(CARD_ROWS_JS, n)
            for row in got["rows"]:  # every row is full: a lone card spans the whole row
                assert sum(row) >= got["width"] * 0.9, (n, got)
    finally:
        context.close()


def test_home_is_a_front_door(site_dir):
    """Cards in the nav's reading order (mkdocs.yml), numbered, the first saying "Start here"; a live
    scene above them (issue 20: cards were in date order, the basics 6th and 7th)."""
    from figures.site.cards import nav_of

    home = (site_dir / "index.html").read_text()
    cards = home[home.index('<div class="mlp-cards">') :]
    hrefs = re.findall(r'<a class="mlp-card" href="([^"]+)/"', cards)
    nav = [src.removesuffix(".md") for src in nav_of(ROOT) if src != "index.md"]
    assert nav and hrefs == nav
    assert nav[:2] == ["perceptron-to-mlp", "xor-proof"]  # the nav itself, read from mkdocs.yml
    assert re.findall(r'<span class="mlp-card-number">(\d+)</span>', cards) == [str(i + 1) for i in range(len(nav))]
    assert cards.count(">Start here<") == 1 and cards.index(">Start here<") < cards.index(f'href="{nav[1]}/"')
    assert home.index('<iframe class="mlp-scene"') < home.index('<div class="mlp-cards">')
    for src in re.findall(r'<img src="(assets/cards/[^"]+)"', cards):  # each a file of its own
        assert (site_dir / src).is_file(), src


# --- long listings and print-only blocks (issue 20, item 10) ------------------------------------

LONG_LISTING = 40  # lines: more than a phone screen and a half


@pytest.mark.parametrize("name", ARTICLES)
def test_long_code_listings_start_collapsed(name, site_dir):
    """what-each-neuron-sees showed its ~115-line NumPy file open mid-article (4 phone screens)."""
    html = (site_dir / PAGES[name].strip("/") / "index.html").read_text()
    article = html[html.index("<article") : html.index("</article>")]
    for m in re.finditer(r"<pre\b.*?</pre>", article, re.S):
        if m[0].count("\n") + 1 <= LONG_LISTING:
            continue
        tags: list[str] = []  # the <details> tags that enclose the listing
        for tag in re.findall(r"<details\b[^>]*>|</details>", article[: m.start()]):
            tags.pop() if tag.startswith("</") else tags.append(tag)
        assert tags and not any(re.search(r"\bopen\b", t) for t in tags), (name, m[0][:120])


PRINT_ONLY_JS = """() => [...document.querySelectorAll('.mlp-print-only img')].map(i => {
  const r = i.getBoundingClientRect(); return r.width * r.height; })"""


def test_print_only_gif_is_hidden_on_screen_and_printed(browser, server):
    """The GIF of what-each-neuron-sees' panels stood on screen under their live scene."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = open_page(context, server + PAGES["what-each-neuron-sees"])
        gif = page.locator("#fig-neurons_2431-anim")
        assert gif.count() == 1 and not gif.is_visible()
        page.emulate_media(media="print")
        assert gif.is_visible()
        assert min(page.evaluate(PRINT_ONLY_JS)) > 100 * 100
    finally:
        context.close()


# --- footer and link previews (issue 20, low items) ---------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_has_a_link_preview_with_a_picture_of_its_own_file(name, site_dir):
    """og:title, og:description and an og:image that is a PNG the site publishes (there were none)."""
    html = (site_dir / PAGES[name].strip("/") / "index.html").read_text()
    meta = dict(re.findall(r'<meta property="(og:[\w:]+)" content="([^"]*)"', html))
    assert meta.get("og:title") and meta.get("og:description"), meta
    site_url = re.search(r'<meta property="og:url" content="(https?://[^/]+/)', html)[1]
    image = meta["og:image"]
    assert image.startswith(site_url) and image.endswith(".png"), image
    path = site_dir / image.removeprefix(site_url)
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    html_figs = re.findall(r'data-figure="([\w.-]+)"', html)
    if name not in ("index", "tags") and html_figs:  # an article's own picture, not the site's default
        assert any(path.stem.startswith(f) for f in html_figs), (path.stem, html_figs)


def test_footer_names_author_about_and_licence(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = open_page(context, server + PAGES["xor-proof"])
        footer = page.locator(".md-copyright")
        text = footer.inner_text()
        assert "Written by" in text and "CC BY 4.0" in text, text
        about = footer.locator("a", has_text="About")
        about.click()
        page.wait_for_load_state()
        assert page.url.endswith("/#about") and page.locator("#about").is_visible()
        assert "CC BY 4.0" in page.locator("#licence ~ p").first.inner_text()
    finally:
        context.close()


# --- line breaks, titles and tags (issue 20, low items) -----------------------------------------

# Inline formulas followed by punctuation whose punctuation starts a new line (before: 5 at 390 px,
# 1 at 1280 px); and the title's permalink, when shown, below the title's last word (before: on
# what-each-neuron-sees at 1280 px).
MATH_PUNCT_JS = """() => { const bad = [];
  for (const m of document.querySelectorAll('article math:not([display="block"])')) {
    const n = m.nextSibling;
    if (!n || n.nodeType !== 3 || !/^[.,;:!?)\\]’”]/.test(n.textContent)) continue;
    const r = document.createRange(); r.setStart(n, 0); r.setEnd(n, 1);
    const p = r.getClientRects()[0], q = m.getClientRects(), last = q[q.length - 1];
    if (p && last && p.top > last.bottom - 2) bad.push(m.textContent.slice(0, 30) + n.textContent[0]); }
  return bad; }"""
H1_LINK_JS = """() => { const h = document.querySelector('article h1'), a = h && h.querySelector('.headerlink');
  if (!a || !a.getBoundingClientRect().width) return 'not shown';
  const t = [...h.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).pop();
  const end = t.textContent.trimEnd().length, r = document.createRange(); r.setStart(t, end - 1); r.setEnd(t, end);
  return a.getBoundingClientRect().top > r.getClientRects()[0].bottom - 2 ? 'own line' : 'beside'; }"""


@pytest.mark.parametrize("width", [390, 1280])
def test_punctuation_stays_with_its_formula_and_the_title_link_never_wraps(width, browser, server):
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        wrapped, titles = {}, {}
        for name in ARTICLES:
            page = open_page(context, server + PAGES[name])
            if bad := page.evaluate(MATH_PUNCT_JS):
                wrapped[name] = bad
            titles[name] = page.evaluate(H1_LINK_JS)
            page.close()
        assert not wrapped, wrapped
        assert all(t != "own line" for t in titles.values()), titles
    finally:
        context.close()


def test_math_and_its_punctuation_break_as_one():
    html = render("The map $f$, then $g$. And $h$ alone ($k$).\n")
    assert re.search(r'<span class="mlp-nowrap"><math[^>]*>.*?</math>,</span> then', html), html
    assert re.search(r"<span class=\"mlp-nowrap\"><math[^>]*>.*?</math>\.</span> And", html), html
    assert "</math> alone" in html
    # an opening bracket never ends a line either
    assert re.search(r'<span class="mlp-nowrap">\(<math[^>]*>.*?</math>\)\.</span>', html), html


def test_tags_sorted_whatever_their_case_and_no_near_duplicates(site_dir):
    """Tags were listed NumPy, ReLU, XOR first (upper case sorts first), with both "width" and
    "width and depth"."""
    html = (site_dir / "tags" / "index.html").read_text()
    tags = re.findall(r'<h2 id="tag:[^"]*"[^>]*>.*?class="md-tag[^"]*"[^>]*>([^<]+)<', html, re.S)
    assert len(tags) >= 10 and tags == sorted(tags, key=str.casefold), tags
    words = {t: set(t.casefold().split()) for t in tags}
    near = [(a, b) for a in tags for b in tags if a != b and (words[a] <= words[b] or a.casefold().rstrip("s") ==
                                                             b.casefold().rstrip("s"))]
    assert not near, near


# --- panels are named, not placed -------------------------------------------------------------

PLACED = re.compile(r"\b(?:Left|Right|Middle)(?: and middle)?:|\bon the (?:left|right)\b(?! side)"
                    r"|\b(?:left|right) panel\b")


def placed_panels(text: str) -> list[str]:
    return [m[0] for m in PLACED.finditer(text)]


def test_captions_name_panels_by_order_or_title_never_by_side():
    """On a phone a figure's panels stack (and a map's columns wrap), so 'Left:' and 'on the right'
    point at nothing: captions, alt texts and prose name a panel by its order or its title."""
    said = "Left: the plane. Right: the loss. The map on the right."
    assert placed_panels(said) == ["Left:", "Right:", "on the right"]
    assert placed_panels("points that lie far on the right side of a boundary; first panel: x") == []
    found = {p.name: hits for p in sorted(DOCS.glob("*.md")) if (hits := placed_panels(p.read_text(encoding="utf-8")))}
    assert not found, found
