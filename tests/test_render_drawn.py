"""Stills drawn for the reader (issue 20), on the full build's files: each static SVG as wide as the
column at most, its phone twin as wide as a phone's column, lettering at least MIN_TEXT_PX
(PHONE_MIN_TEXT_PX in a phone twin) in its own pixels (so, shown at that size, as displayed);
every still has a dark twin; titles write a sign as a true minus. The browser measures the same
as displayed (test_browser_drawn.py)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from PIL import Image
from svg_text import text_sizes

from figures.pipeline import DEFAULT_OUT
from figures.render import style

HYPHEN_MINUS = re.compile(r"(?<![\w)\]])-(?=\.?\d)")


def still_files(manifest, ext: str) -> dict[str, dict]:
    """{file name: info} of every still of type ``ext`` that is not itself a twin."""
    return {f: info for entry in manifest["figures"].values() for f, info in entry["files"].items()
            if f.endswith(f".{ext}") and not re.search(r"\.(dark|phone)\.", f)}


def svg_stills(manifest) -> dict[str, dict]:
    return still_files(manifest, "svg")


def test_stills_fit_the_column_with_readable_lettering(manifest):
    bad = {}
    for name, info in svg_stills(manifest).items():
        width, runs = text_sizes((DEFAULT_OUT / info["path"]).read_text())
        px = [s * info["width"] / width for _, s, script in runs if not script]
        if info["width"] > style.COLUMN_PX or (px and min(px) < style.MIN_TEXT_PX - 0.05):
            bad[name] = (info["width"], round(min(px, default=0), 1))
    assert not bad, f"stills wider than {style.COLUMN_PX} px or lettering below {style.MIN_TEXT_PX} px: {bad}"


def test_every_wide_still_has_a_phone_twin_that_fits_a_phone(manifest):
    files = {f: i for e in manifest["figures"].values() for f, i in e["files"].items()}
    bad = {}
    for name, info in svg_stills(manifest).items():
        if info["width"] <= style.PHONE_PX:
            continue
        twin = files.get(name.replace(".svg", ".phone.svg"))
        if twin is None:
            bad[name] = "no phone twin"
            continue
        width, runs = text_sizes((DEFAULT_OUT / twin["path"]).read_text())
        px = min((s * twin["width"] / width for _, s, script in runs if not script), default=99)
        if twin["width"] > style.PHONE_PX or px < style.PHONE_MIN_TEXT_PX - 0.05:
            bad[name] = (twin["width"], round(px, 1))
    assert not bad, f"phone twins missing, too wide or with small lettering: {bad}"


@pytest.mark.parametrize("ext", ["svg", "png"])
def test_every_still_has_a_dark_twin_on_the_dark_background(manifest, ext):
    files = {f: i for e in manifest["figures"].values() for f, i in e["files"].items()}
    missing = [f for f in still_files(manifest, ext) if f.replace(f".{ext}", f".dark.{ext}") not in files]
    assert not missing, f"stills without a dark twin: {missing}"
    if ext == "png":  # a raster twin's corner is the page's dark background
        bg = np.array(style.hex_to_rgb(style.DARK_BG))
        far = {}
        for f in still_files(manifest, ext):
            im = np.asarray(Image.open(DEFAULT_OUT / files[f.replace(".png", ".dark.png")]["path"]).convert("RGB"))
            d = np.abs(im[2, 2].astype(int) - bg).max()
            if d > 6:
                far[f] = int(d)
        assert not far, f"dark twins whose corner is not the dark background: {far}"


def test_dark_twin_keeps_class_colours_and_turns_white_to_the_page():
    assert style.dark_hex(style.CLASS_COLORS[0]).lower() == style.CLASS_COLORS[0].lower()
    assert style.dark_hex(style.CLASS_COLORS[1]).lower() == style.CLASS_COLORS[1].lower()
    assert style.dark_hex("#ffffff") == style.DARK_BG
    assert style.dark_hex(style.INK) == style.DARK_INK
    light, dark = style.hex_to_rgb("#cfe8dc"), style.hex_to_rgb(style.dark_hex("#cfe8dc"))
    assert sum(dark) < sum(light) / 2  # a pale tint turns deep


def scene_titles(html: str) -> list[str]:
    return re.findall(r'"title":\{"text":"((?:[^"\\]|\\.)*)"', html)


def test_titles_write_a_true_minus(manifest):
    bad = {}
    for entry in manifest["figures"].values():
        for f, info in entry["files"].items():
            path = DEFAULT_OUT / info["path"]
            if f.endswith(".html"):
                texts = [json.loads(f'"{t}"') for t in scene_titles(path.read_text())]
            elif f.endswith(".svg"):
                texts = [t for t, _, _ in text_sizes(path.read_text())[1]]
            else:
                continue
            wrong = [t for t in texts if HYPHEN_MINUS.search(t)]
            if wrong:
                bad[f] = wrong[:2]
    assert not bad, f"a hyphen-minus written as a minus sign: {bad}"


def test_true_minus_leaves_hyphens():
    assert style.true_minus("a mistake on (-0.89, -0.03), x=-1") == "a mistake on (−0.89, −0.03), x=−1"
    assert style.true_minus("2-48-1, 1e-3, class-1") == "2-48-1, 1e-3, class-1"


def test_a_choice_scenes_still_is_one_view(manifest):
    """A scene of one plot that shows one named view at a time (render.choice: buttons under the
    plot) opens on one view: its still and each twin draw one plot, not small multiples of all."""
    bad = {}
    for entry in manifest["figures"].values():
        files = entry["files"]
        scene = next((info for f, info in files.items() if f.endswith(".html")), None)
        if scene is None:
            continue
        page = (DEFAULT_OUT / scene["path"]).read_text()
        if '"choice":' not in page or '"xaxis2"' in page:
            continue
        for f, info in files.items():
            if f.endswith(".svg"):
                axes = set(re.findall(r'<g id="(axes_\d+)">', (DEFAULT_OUT / info["path"]).read_text()))
                if len(axes) != 1:
                    bad[f] = len(axes)
    assert not bad, f"stills of one-view scenes drawing several plots: {bad}"
