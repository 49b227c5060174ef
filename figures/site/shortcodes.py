"""``![ALT](fig:NAME "CAPTION")`` on its own line becomes a figure: a lazy scene with a static
fallback, or an image; its caption; and its code and provenance, one click away.

One rule for the words a page gives a figure: alt text and captions are text, never HTML.
``<``, ``>`` and ``&`` show as typed; a caption may still use Markdown (emphasis, ``$math$``,
`` `code` ``), which is all a caption needs, and it can never inject a tag or a script.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from figures.site.errors import SiteError
from figures.site.manifest import FIG_DIR, Figure, check_files, lookup, static_of, twins_of
from figures.site.page import Page
from figures.site.provenance import disclosure_html

# Where a page shows a still's phone twin: Material's phone/tablet-portrait breakpoint (719 px), the
# value figures/render/style.py draws for; the site keeps its own copy so that it never imports drawing code.
PHONE_MEDIA = "(max-width: 44.9375em)"
# Where a scene's page lays itself out for a phone (scene.js and its page: a frame under 480 px,
# the column less its two 16 px margins): its phone still and its phone frame's shape start there
# too, so the still and the scene that replaces it are laid out alike at every width.
SCENE_PHONE_MEDIA = "(max-width: 31.9375em)"

FIG_RE = re.compile(
    r'^(?P<indent>[ \t]*)!\[(?P<alt>[^\]\n]*)\]\(fig:(?P<stem>[\w.-]+)'
    r'(?:[ \t]+"(?P<caption>[^"\n]*)")?\)[ \t]*$',
    re.MULTILINE,
)
SYNTAX = '![ALT](fig:NAME "CAPTION")'
# Caption parts that Markdown escapes itself: code spans and inline math.
VERBATIM_RE = re.compile(r"(`+)[^`]+?\1|\$[^$\n]+\$")
# The iframe may run Plotly and read its own files (same origin), nothing more: no popups,
# no forms, no navigating the page that holds it.
SANDBOX = "allow-scripts allow-same-origin"
# A still at least this wide (px) is a row of panels: a phone shows it larger, scrolling sideways.
WIDE_PX = 820


def place(text: str, manifest: dict | None, page: Page, before: int = 0, stash=lambda raw: raw) -> str:
    """Expand the figure lines of ``text``, a piece of the page after ``before`` lines.

    ``stash(html)`` keeps raw HTML away from Markdown (Python-Markdown's htmlStash)."""
    for m in re.finditer(r"^.*\]\(fig:.*$", text, re.MULTILINE):
        if not FIG_RE.fullmatch(m[0]):
            raise SiteError(f"{page.where(text, m.start(), before)}: {why_not(m[0])}: {m[0].strip()!r}")

    def one(m: re.Match) -> str:
        where = page.where(text, m.start(), before)
        fig = lookup(manifest, m["stem"], where)
        check_files(fig, page.docs_dir, where)
        twins = twins_of(manifest, fig.stem, static_of(fig, where))
        for twin in twins.values():
            check_files(Figure(fig.name, fig.stem, fig.entry, {"": twin}), page.docs_dir, where)
        body = figure_html(fig, m["alt"], m["caption"], page, where, stash, twins)
        return "\n".join(m["indent"] + line for line in ["", *body.splitlines(), ""])

    return FIG_RE.sub(one, text)


def why_not(line: str) -> str:
    """What is wrong with a line that names a fig: image but is not a figure line."""
    s = line.strip()
    if not s.startswith("![") or not s.endswith(")") or s.count("](fig:") > 1:
        return f"a fig: image must stand alone on its line, as {SYNTAX}"
    alt, _, body = s[2:-1].rpartition("](fig:")
    if "]" in alt:
        return "']' in the alt text ends it early; rephrase without square brackets"
    name = re.match(r"[\w.-]*", body)[0]
    tail = body[len(name) :]
    if not name:
        return "the figure name after 'fig:' must be letters, digits, '_', '.' or '-'"
    if tail[-1:].isspace():
        return "a space before the closing ')'; remove it"
    if tail and not tail[0].isspace():
        return f"after the figure name '{name}' comes a space, then the caption in double quotes"
    tail = tail.strip()
    if tail.startswith("'"):
        return 'the caption is in single quotes; use double quotes: "CAPTION"'
    if tail.startswith('"') and (tail.count('"') > 2 or not tail.endswith('"')):
        return "a '\"' inside the caption ends it early; use typographic quotes “ ” or single quotes"
    return f"malformed figure line; write {SYNTAX}"


def caption_markdown(caption: str) -> str:
    """The caption with HTML's special characters escaped outside code spans and math."""
    parts, last = [], 0
    for m in VERBATIM_RE.finditer(caption):
        parts += [html.escape(caption[last : m.start()], quote=False), m[0]]
        last = m.end()
    return "".join(parts + [html.escape(caption[last:], quote=False)])


def figure_html(fig: Figure, alt: str, caption: str | None, page: Page, where: str, stash=lambda raw: raw,
                twins: dict | None = None) -> str:
    """<figure>: a lazy iframe over its static image when there is HTML, else just the image;
    then the caption and the closed disclosure of the figure's code."""
    alt_attr = html.escape(alt, quote=True)
    still = static_of(fig, where)
    twins = twins or {}
    if ".html" in fig.files:
        scene = fig.files[".html"]
        ratio = f"{scene.get('width') or 4} / {scene.get('height') or 3}"
        phone = twins.get("phone")
        if phone and phone.get("width") and phone.get("height"):
            # a scene's phone frame takes its phone still's shape (site.css; scene.js fits a 3-D box
            # in, and cuts a square 2-D plot's frame to the same height)
            ratio += f"; --mlp-phone-ratio: {phone['width']} / {phone['height']}"
        # The still is on screen while the scene waits for the reader's intent (docs/javascripts/
        # figures.js sets the frame's src on it, or near the viewport for the page's first scene, and
        # hides the still once the scene has drawn), and it is what prints. Without JavaScript it
        # stands alone, or a GIF of the
        # scene's frames does where the figure has one (inside <noscript>: never fetched when
        # scripts run).
        body = [
            '<div class="mlp-stage">',
            (
                f'<iframe class="mlp-scene" data-src="{url(scene, page)}" title="{alt_attr}" '
                f'sandbox="{SANDBOX}" style="aspect-ratio: {ratio}"></iframe>'
            ),
            # lazy, as every figure's image but the page's first (first_eager): the browser fetches
            # it as it comes near the screen, and figures.js before its scene loads (issue 20)
            poster_html(still, twins.get("phone"), alt_attr, page, "mlp-poster"),
        ]
        if "dark" in twins:  # the dark scheme's still: lazy, so fetched only where it shows (site.css)
            body.append(poster_html(twins["dark"], twins.get("phone.dark"), alt_attr, page, "mlp-poster-dark"))
        if ".gif" in fig.files and not still["path"].endswith(".gif"):
            body.append(f"<noscript>{moving(fig, still, alt_attr, page)}</noscript>")
        body.append("</div>")
    elif ".gif" in fig.files and not still["path"].endswith(".gif"):
        body = [f"<div>{moving(fig, still, alt_attr, page)}</div>"]
    else:
        # A row of panels with no phone twin: on a phone it keeps a readable size and scrolls
        # sideways (site.css); a still drawn for the phone is simply shown there.
        wide = "phone" not in twins and (still.get("width") or 0) >= WIDE_PX
        cls = ' class="mlp-wide"' if wide else ""
        body = [f"<div{cls}>{pictures_html(still, twins, alt_attr, page)}</div>"]
    if caption:
        body.append(f'<figcaption markdown="span">{caption_markdown(caption)}</figcaption>')
    body.append(stash(disclosure_html(fig.name, fig.entry, page.root, where)))
    head = f'<figure class="mlp-figure" id="fig-{fig.stem}" data-figure="{fig.name}" markdown="1">'
    return "\n".join([head, *body, "</figure>"])


FIRST_IMG_RE = re.compile(r'<img( class="mlp-(?:poster|still)"[^>]*?) loading="lazy">')


def first_eager(page_html: str) -> str:
    """The page's first figure image fetched at once and first (it is often the largest paint on
    screen); every other figure image stays lazy, so a page costs what the reader scrolls to."""
    return FIRST_IMG_RE.sub(r'<img\1 fetchpriority="high">', page_html, count=1)


def moving(fig: Figure, still: dict, alt_attr: str, page: Page) -> str:
    """The figure's GIF, for readers who have not asked for reduced motion; its still for the others."""
    gif = f'<source srcset="{url(fig.files[".gif"], page)}" media="(prefers-reduced-motion: no-preference)">'
    return f"<picture>{gif}{img_html(still, alt_attr, page)}</picture>"


def phone_source(phone: dict, page: Page, media: str = PHONE_MEDIA) -> str:
    """The <source> that gives a phone's column the still drawn for it."""
    size = "".join(f' {k}="{phone[k]}"' for k in ("width", "height") if phone.get(k))
    return f'<source media="{media}"{srcset(phone, page)}{size}>'


def poster_html(still: dict, phone: dict | None, alt_attr: str, page: Page, css_class: str, lazy: bool = True) -> str:
    """A scene's still laid over its frame; on a phone, the twin drawn for a phone's frame."""
    img = img_html(still, alt_attr, page, css_class=css_class, lazy=lazy)
    return f'<picture class="{css_class}-pic">{phone_source(phone, page, SCENE_PHONE_MEDIA)}{img}</picture>' if phone else img


def pictures_html(still: dict, twins: dict, alt_attr: str, page: Page) -> str:
    """The still as an image, or, where it has twins, one <picture> per scheme (site.css shows the
    page's), each with its phone version for a phone's column, each enlarging on a tap."""
    if not twins:
        return img_html(still, alt_attr, page)
    out = []
    versions = (("light", still, twins.get("phone")), ("dark", twins.get("dark"), twins.get("phone.dark")))
    for scheme, main, phone in versions:
        if main is None:
            continue
        source = phone_source(phone, page) if phone is not None else ""
        img = img_html(main, alt_attr, page, css_class="mlp-still")
        out.append(f'<a class="glightbox" href="{url(main, page)}" data-type="image" data-width="auto" '
                   f'data-height="auto" data-gallery="{scheme}"><picture>{source}{img}</picture></a>')
    return "".join(out)


def img_html(info: dict, alt_attr: str, page: Page, css_class: str = "", lazy: bool = True, style: str = "") -> str:
    size = "".join(f' {k}="{info[k]}"' for k in ("width", "height") if info.get(k))
    cls = f' class="{css_class}"' if css_class else ""
    css = f' style="{style}"' if style else ""
    loading = ' loading="lazy"' if lazy else ""
    return f'<img{css}{cls} src="{url(info, page)}"{srcset(info, page, img=True)} alt="{alt_attr}"{size}{loading}>'


def srcset(info: dict, page: Page, img: bool = False) -> str:
    """The srcset (and sizes) of a still: the 1x copy of a 2x PNG (its record's "one_x",
    manifest.by_stem) and itself, where it has one."""
    one = info.get("one_x")
    if one is None:
        return "" if img else f' srcset="{url(info, page)}"'
    return f' srcset="{url(one, page)} {one["width"]}w, {url(info, page)} {2 * one["width"]}w" sizes="{SIZES}"'


# A screen that needs no more than a 2x still's displayed size fetches its 1x copy. Sizes: the
# 688 px column, a phone's column less its margins.
SIZES = f"{PHONE_MEDIA} calc(100vw - 1.6rem), 688px"


def url(info: dict, page: Page) -> str:
    return page.link(f"{FIG_DIR}/{info['path']}")
