"""MkDocs hooks: figures placed by name, measured numbers in prose, MathML math, article cards.

Pages know figures only by name. On its own line, ``![ALT](fig:STEM "CAPTION")`` becomes a
lazy iframe (with a static image for print) or an image; anywhere in prose,
``{{ FIGURE.METRIC:FMT }}`` becomes a number measured by the figure build. Both are read from
``docs/assets/figures/manifest.json``, which ``python build_figures.py`` writes. Math that
``pymdownx.arithmatex`` protected becomes MathML at build time (no JavaScript), and the line
``<!-- articles -->`` becomes a grid of article cards. Under ``mkdocs serve`` the figure build
runs before each rebuild, and the figure code is watched. Stdlib, mkdocs and latex2mathml only.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
FIG_DIR = "assets/figures"
STATIC_EXTS = (".svg", ".png", ".gif")

# `command` outlives rebuilds: MkDocs loads a hook module once per process.
_state: dict = {"command": "build", "manifest": None, "cards": []}

CODE_RE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$"  # fenced block
    r"|(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)",  # inline code, within a paragraph
    re.MULTILINE | re.DOTALL,
)
METRIC_RE = re.compile(r"\{\{\s*([\w-]+)\.([\w-]+)\s*(?::([^}]*?))?\s*\}\}")
FIG_RE = re.compile(
    r'^(?P<indent>[ \t]*)!\[(?P<alt>[^\]\n]*)\]\(fig:(?P<stem>[\w.-]+)'
    r'(?:[ \t]+"(?P<caption>[^"\n]*)")?\)[ \t]*$',
    re.MULTILINE,
)
MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
UNWRAP_RE = re.compile(r'<p>(<figure class="mlp-figure"[^>]*>.*?</figure>)</p>', re.DOTALL)
CARDS_MARKER = "<!-- articles -->"
# Loads the iframe just before this script once it is on screen or within 200 px below it,
# one frame at a time, visible frames first (each waits for the previous one's load event):
# two scenes that set up WebGL at once each take about twice as long.
OBSERVE_JS = (
    "(function(f){var W=window,Q=W.mlpQueue=W.mlpQueue||{q:[],busy:0};"
    "function vis(g){var r=g.getBoundingClientRect();return r.bottom>0&&r.top<innerHeight}"
    "function next(){var i=Q.q.findIndex(vis),g=Q.q.splice(i<0?0:i,1)[0];Q.busy=!!g;"
    "if(g){g.addEventListener('load',next,{once:true});g.src=g.dataset.src}}"
    "function want(g){Q.q.push(g);if(!Q.busy)next()}"
    "if(!W.IntersectionObserver){want(f);return}"
    "W.mlpSeen=W.mlpSeen||new IntersectionObserver(function(es){es.forEach(function(e){"
    "if(e.isIntersecting){W.mlpSeen.unobserve(e.target);want(e.target)}})},{rootMargin:'0px 0px 200px 0px'});"
    "W.mlpSeen.observe(f)})(document.currentScript.previousElementSibling)"
)


class SiteError(PluginError):
    """A page asks for something the manifest or LaTeX cannot give; MkDocs aborts with it."""


# --- MkDocs events ----------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_serve(server, config, builder):
    server.watch(str(ROOT / "figures"))
    return server


def on_pre_build(config) -> None:
    if _state["command"] == "serve":
        run_figure_build()


def on_files(files, config):
    _state["manifest"] = read_manifest(Path(config.docs_dir))
    _state["cards"] = read_cards(files)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    manifest = _state["manifest"]
    markdown = expand(markdown, manifest, page.url, page.file.src_uri)
    if CARDS_MARKER in markdown:
        cards = cards_html(_state["cards"], manifest, page.url)
        markdown = markdown.replace(CARDS_MARKER, cards)
    return markdown


def on_page_content(html_text: str, page, config, files) -> str:
    # Indented (admonition, tab) raw HTML is not md_in_html's: drop its attributes and <p>.
    html_text = re.sub(r' markdown="(?:1|span)"', "", html_text)
    html_text = UNWRAP_RE.sub(r"\1", html_text)
    return render_math(html_text, page.file.src_uri)


# --- figure build under `mkdocs serve` --------------------------------------------------------


def run_figure_build() -> None:
    """Rebuild stale figures (a cached no-op when nothing changed) before MkDocs reads docs/."""
    # No .pyc writes under figures/: they would wake the watcher for another rebuild.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "build_figures.py"], check=False, cwd=ROOT, env=env)
    if done.returncode:
        raise SiteError(f"`python build_figures.py` failed (exit {done.returncode}); see above")


# --- manifest ---------------------------------------------------------------------------------


def read_manifest(docs_dir: Path) -> dict | None:
    """The figure build's manifest, or None when there is none (an error once a page needs it)."""
    path = docs_dir / FIG_DIR / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def need(manifest: dict | None, where: str) -> dict:
    if manifest is None:
        raise SiteError(
            f"{where}: no figure manifest at docs/{FIG_DIR}/manifest.json: "
            "run `python build_figures.py` first"
        )
    return manifest


def close(name: str, known) -> str:
    known = sorted(known)
    near = difflib.get_close_matches(name, known, n=5, cutoff=0.5)
    return f"did you mean: {', '.join(near)}?" if near else f"known: {', '.join(known) or 'none'}"


def files_by_stem(manifest: dict) -> dict[str, dict[str, dict]]:
    """{stem: {ext: file info}} over every figure's files."""
    out: dict[str, dict[str, dict]] = {}
    for fig in manifest["figures"].values():
        for name, info in fig["files"].items():
            stem, ext = os.path.splitext(name)
            if ext in out.setdefault(stem, {}):
                raise SiteError(f"two figures write a file named {name}: pages could not tell them apart")
            out[stem][ext] = info
    return out


def lookup(manifest: dict | None, stem: str, where: str) -> dict[str, dict]:
    stems = files_by_stem(need(manifest, where))
    if stem not in stems:
        raise SiteError(f"{where}: unknown figure 'fig:{stem}'; {close(stem, stems)}")
    return stems[stem]


def static_of(found: dict[str, dict], stem: str, where: str) -> dict:
    for ext in STATIC_EXTS:
        if ext in found:
            return found[ext]
    raise SiteError(f"{where}: figure '{stem}' has no static image ({'/'.join(STATIC_EXTS)})")


# --- metrics ----------------------------------------------------------------------------------


def expand(text: str, manifest: dict | None, page_url: str, where: str) -> str:
    """Numbers first (so they work in alt text and captions), then figures; code is left alone."""

    def both(part: str) -> str:
        return place_figures(fill_metrics(part, manifest, where), manifest, page_url, where)

    return outside_code(text, both)


def outside_code(text: str, fn) -> str:
    """Apply fn to the parts of Markdown text that are not code."""
    parts, last = [], 0
    for m in CODE_RE.finditer(text):
        parts += [fn(text[last : m.start()]), m.group(0)]
        last = m.end()
    return "".join(parts + [fn(text[last:])])


def fill_metrics(text: str, manifest: dict | None, where: str) -> str:
    return METRIC_RE.sub(lambda m: metric_text(manifest, *m.groups(), where=where), text)


def metric_text(manifest, fig: str, metric: str, fmt: str | None, where: str) -> str:
    figures = need(manifest, where)["figures"]
    if fig not in figures:
        raise SiteError(f"{where}: unknown figure '{fig}' in {{{{ {fig}.{metric} }}}}; {close(fig, figures)}")
    metrics = figures[fig].get("metrics", {})
    if metric not in metrics:
        raise SiteError(f"{where}: figure '{fig}' has no metric '{metric}'; {close(metric, metrics)}")
    return format_value(metrics[metric], fmt, f"{where}: {fig}.{metric}")


def format_value(value, fmt: str | None, what: str) -> str:
    """Format with a Python format spec; floats default to 'g' (six significant digits)."""
    if not fmt:
        fmt = "g" if isinstance(value, float) else ""
    try:
        return format(value, fmt)
    except (TypeError, ValueError) as exc:
        raise SiteError(f"{what} = {value!r} cannot be formatted with '{fmt}': {exc}") from None


# --- figures ----------------------------------------------------------------------------------


def place_figures(text: str, manifest: dict | None, page_url: str, where: str) -> str:
    def one(m: re.Match) -> str:
        found = lookup(manifest, m["stem"], where)
        body = figure_html(found, m["stem"], m["alt"], m["caption"], page_url, where)
        return "\n".join(m["indent"] + line for line in ["", *body.splitlines(), ""])

    text = FIG_RE.sub(one, text)
    if "](fig:" in text:
        line = next(ln for ln in text.splitlines() if "](fig:" in ln)
        raise SiteError(f"{where}: a fig: image must stand alone on its line: {line.strip()!r}")
    return text


def figure_html(found: dict, stem: str, alt: str, caption: str | None, page_url: str, where: str) -> str:
    """<figure>: a lazy iframe plus a print-only image when there is HTML, else just the image."""
    alt_attr = html.escape(alt, quote=True)
    image = static_of(found, stem, where)
    if ".html" in found:
        scene = found[".html"]
        ratio = f"{scene.get('width', 4)} / {scene.get('height', 3)}"
        src = url_for(scene, page_url)
        # The frame gets its src when it comes near the viewport: the browser's own lazy loading
        # starts frames far off screen, which then compete for the CPU with the one being read.
        # The observer is attached right here, while the page is still parsing, not after it.
        # Without JavaScript, the static image stands in.
        body = [
            (
                f'<iframe class="mlp-scene" data-src="{src}" title="{alt_attr}" '
                f'style="aspect-ratio: {ratio}"></iframe>'
            ),
            f"<script>{OBSERVE_JS}</script>",
            f"<noscript>{img_html(image, alt_attr, page_url)}</noscript>",
            f'<div class="mlp-print">{img_html(image, alt_attr, page_url)}</div>',
        ]
    else:
        body = [f"<div>{img_html(image, alt_attr, page_url)}</div>"]
    if caption:
        body.append(f'<figcaption markdown="span">{caption}</figcaption>')
    return "\n".join([f'<figure class="mlp-figure" id="fig-{stem}" markdown="1">', *body, "</figure>"])


def img_html(info: dict, alt_attr: str, page_url: str) -> str:
    size = "".join(f' {k}="{info[k]}"' for k in ("width", "height") if info.get(k))
    return f'<img src="{url_for(info, page_url)}" alt="{alt_attr}"{size} loading="lazy">'


def url_for(info: dict, page_url: str) -> str:
    return get_relative_url(f"{FIG_DIR}/{info['path']}", page_url)


# --- article cards ----------------------------------------------------------------------------


def read_cards(files) -> list[dict]:
    """Front matter of every page but the home page that has a description, by date then title."""
    cards = []
    for f in files.documentation_pages():
        if f.src_uri == "index.md":
            continue
        _, meta = get_data(f.content_string)
        if meta.get("description"):
            cards.append({**meta, "url": f.url, "src": f.src_uri, "title": meta.get("title", f.name)})
    return sorted(cards, key=lambda c: (str(c.get("date", "")), c["title"]))


def cards_html(cards: list[dict], manifest: dict | None, page_url: str) -> str:
    return "\n".join(['<div class="mlp-cards">', *(card_html(c, manifest, page_url) for c in cards), "</div>"])


def card_html(card: dict, manifest: dict | None, page_url: str) -> str:
    image = ""
    if card.get("preview"):
        found = lookup(manifest, card["preview"], card["src"] + " (preview)")
        image = img_html(static_of(found, card["preview"], card["src"]), "", page_url)
    href = get_relative_url(card["url"], page_url)
    return (
        f'<a class="mlp-card" href="{href}">{image}'
        f'<span class="mlp-card-title">{html.escape(card["title"])}</span>'
        f'<span class="mlp-card-text">{html.escape(card["description"])}</span></a>'
    )


# --- math -------------------------------------------------------------------------------------


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
