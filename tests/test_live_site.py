"""The live: shortcode (figures/site/live.py): the author's settings, the build's number beside the
reader's only for the recipe the build ran, the no-JS note and the recipe in Python."""

from __future__ import annotations

import html
import json

import pytest

from figures.site import live
from figures.site.errors import SiteError
from figures.site.markdown_ext import expand
from figures.site.page import Page

MANIFEST = {"figures": {
    "live_data": {"metrics": {"sets": {"rings-1000": 1000}},
                  "files": {"live_data-rings-1000.json": {"path": "playground/live_data-rings-1000.json"},
                            "live_data-corners.json": {"path": "playground/live_data-corners.json"}}},
    "relu_seeds": {"files": {"relu_seeds.svg": {"path": "why-more-layers/relu_seeds.svg"}},
                   "metrics": {"n_seeds": 64, "threshold": 0.97, "successes_deep": 26, "rate_deep": 26 / 64,
                               "rate_deep_low": 0.29, "rate_deep_high": 0.53},
                   "provenance": {"params": {"lr": 0.05, "seeds": 64, "steps": 1000, "threshold": 0.97}}},
    "width_depth": {"files": {"width_depth.svg": {"path": "x/width_depth.svg"}},
                    "metrics": {"n_seeds": 24, "threshold": 0.99, "rate_c": 12 / 24},
                    "provenance": {"params": {"lr": 0.03, "seeds": 24, "steps": 1000, "threshold": 0.99}}},
}}
LINE = '![A live net](live:data=rings-1000&net=2-3-3-1&lr=0.05&knobs=seed,width&compare=relu_seeds:deep "Train it.")'


def _config(text: str) -> dict:
    return live.config(text, MANIFEST, "page.md:1")


def test_a_line_becomes_the_widget_with_the_builds_number():
    out = expand(f"Before.\n\n{LINE}\n\nAfter.", MANIFEST, Page(url="playground/"))
    cfg = json.loads(html.unescape(out.split('data-config="')[1].split('"')[0]))
    assert cfg["build"] == {"figure": "relu_seeds", "k": 26, "n": 64, "low": 0.29, "high": 0.53}
    assert cfg["net"] == [2, 3, 3, 1] and cfg["knobs"] == ["seed", "width"] and cfg["seeds"] == 64
    assert cfg["sets"]["rings-1000"] == "../assets/figures/playground/live_data-rings-1000.json"
    assert 'class="mlp-live" data-state="idle"' in out and "needs JavaScript" in out
    assert "python build_figures.py relu_seeds" in out and "nets.StackedMLP.init((2, 3, 3, 1)" in out


def test_a_rate_without_its_interval_gets_wilsons():
    b = _config("data=rings-1000&net=2-4-4-1&act=tanh&lr=0.03&seeds=24&threshold=0.99&compare=width_depth:c")["build"]
    assert b["k"] == 12 and b["n"] == 24 and b["low"] == pytest.approx(0.3143, abs=1e-4)
    assert b["high"] == pytest.approx(0.6857, abs=1e-4)


@pytest.mark.parametrize("text, why", [
    ("data=rings-1000&lr=0.1&compare=relu_seeds:deep", "lr is 0.1 but relu_seeds measured with 0.05"),
    ("data=rings-1000&seeds=32&compare=relu_seeds:deep", "seeds is 32 but relu_seeds measured with 64"),
    ("data=rings-1000&steps=300&compare=relu_seeds:deep", "steps is 300"),
    ("data=moons-77", "not exported by the build"),
    ("data=rings-1000&knobs=colour", "unknown knobs"),
    ("data=rings-1000&net=3-3-1", "2-...-1"),
    ("data=rings-1000&speed=2", "unknown live-figure keys"),
])
def test_recipes_the_build_did_not_run_are_refused(text, why):
    with pytest.raises(SiteError, match=why.replace(".", r"\.")):
        _config(text)


def test_a_broken_line_is_named():
    with pytest.raises(SiteError, match="stands alone on its line"):
        expand("Text ![x](live:data=rings-1000) more", MANIFEST, Page())


def _cells_manifest() -> dict:
    from figures.articles import how_wide_how_deep as hwhd

    m = {f"solved_{ds}_{act}": [[10 * d + w for w in hwhd.WIDTHS] for d in hwhd.DEPTHS]
         for ds in hwhd.DATASETS for act in hwhd.ACTIVATIONS}
    sets = {f"{ds}-300": 300 for ds in hwhd.DATASETS}
    return {"figures": {**MANIFEST["figures"],
                        "live_data": {**MANIFEST["figures"]["live_data"], "metrics": {"sets": sets}},
                        "width_depth": {**MANIFEST["figures"]["width_depth"],
                                        "metrics": {"n_seeds": 24, "threshold": 0.99, **m},
                                        "provenance": {"params": {"lr": 0.03, "seeds": 24, "steps": 1000, "n": 300,
                                                                  "threshold": 0.99}}}}}


def test_a_widget_can_retrain_every_cell_of_the_map():
    """compare=width_depth:cells: every map's counts (seeds that fit every point), keyed by the set
    the page trains on and the activation, and the names the map's buttons and panels show."""
    from figures.articles import how_wide_how_deep as hwhd

    text = "data=spirals-300&net=2-4-4-1&act=tanh&lr=0.03&seeds=24&threshold=1&compare=width_depth:cells"
    b = live.config(text, _cells_manifest(), "page.md:1")["build"]
    assert b["figure"] == "width_depth" and b["n"] == 24
    assert b["names"] == {name: f"{ds}-300" for ds, (name, _) in hwhd.DATASETS.items()}
    assert b["acts"] == {label: act for act, label in hwhd.ACTIVATIONS.items()}
    assert b["cells"]["spirals-300/tanh"][1][3] == 24  # depth 2, width 4
    assert len(b["cells"]) == len(hwhd.DATASETS) * len(hwhd.ACTIVATIONS)
    with pytest.raises(SiteError, match="threshold is 0.99 but the cells of width_depth measured 1.0"):
        live.config(text.replace("threshold=1", "threshold=0.99"), _cells_manifest(), "page.md:1")


def test_a_quick_builds_map_still_names_the_sets_the_page_trains_on():
    """A --quick draft measures its maps on fewer points, and the page still renders (the live data
    are the full sets): the cells keep the widget's set names."""
    manifest = _cells_manifest()
    wd = manifest["figures"]["width_depth"]
    manifest["figures"]["width_depth"] = {**wd, "quick": True,
                                          "provenance": {"params": {**wd["provenance"]["params"], "n": 60}}}
    b = live.config("data=spirals-300&net=2-4-4-1&act=tanh&lr=0.03&seeds=24&threshold=1&compare=width_depth:cells",
                    manifest, "page.md:1")["build"]
    assert "spirals-300/tanh" in b["cells"] and b["names"]["spirals"] == "spirals-300"
