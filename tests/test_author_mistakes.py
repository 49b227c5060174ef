"""An author's mistakes, each reported with the file, the line and what to do (issue 22, item 5).

Pages are checked on the fake manifest and pages of test_site.py; the build on throwaway article
packages (test_build.py's make_package), so these tests never touch the real figures."""

import copy
import hashlib
import json
import logging

import pytest
from mkdocs.exceptions import Abort
from test_build import GOOD, clean_registry, make_package, write_modules  # noqa: F401 - clean_registry: autouse
from test_site import EARLIER, SVG, build_site, fake_manifest, make_fake_project, page

from figures.pipeline import build, store
from figures.site import metrics
from figures.site.errors import SiteError
from figures.site.manifest import defined_figures
from figures.site.markdown_ext import expand


def fill(md: str) -> str:
    return metrics.fill(md, fake_manifest(), lambda at: f"p.md:{md.count(chr(10), 0, at) + 1}")


def strict_build_log(docs, tmp_path, caplog) -> str:
    with pytest.raises(Abort), caplog.at_level(logging.WARNING):
        build_site(docs, tmp_path / "site")
    return caplog.text


# --- the figure build ---------------------------------------------------------------------------

EMPTY = '''
from figures.registry import Result, figure

@figure(size=3)
def good(ctx, size):
    return Result([], {{"size": size}})
'''

BROKEN = '''
from figures.registry import Artifact, Result, figure

@figure()
def other(ctx):
    return Result([Artifact("other", "txt", "x")])

undefined_helper()
'''


def test_a_figure_that_returns_no_files_fails_and_keeps_its_old_files(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    entry = store.load_manifest(out)["figures"]["good"]
    write_modules(tmp_path / "src" / pkg, pkg, {"demo": EMPTY})
    report = build(out_dir=out, package=pkg, progress=False)
    assert [o.name for o in report.failed] == ["good"]
    assert f"{pkg}/demo.py:4: figure 'good' returned no files: return Result(artifacts(...)" in report.failed[0].error
    assert store.load_manifest(out)["figures"]["good"] == entry
    assert (out / entry["files"]["good.txt"]["path"]).read_text() == "GOODGOODGOOD"


def test_an_article_that_cannot_be_imported_fails_its_own_figures_in_one_line(tmp_path):
    pkg = make_package(tmp_path, {"demo": GOOD, "other": BROKEN.replace("undefined_helper()", "")})
    out = tmp_path / "out"
    assert build(out_dir=out, package=pkg, progress=False).ok
    write_modules(tmp_path / "src" / pkg, pkg, {"other": BROKEN, "demo": GOOD.replace("size=3", "size=2")})
    report = build(out_dir=out, package=pkg, progress=False)
    assert {o.name: o.status for o in report.outcomes} == {"good": "built", "other": "failed"}
    error = report.failed[0].error
    assert "\n" not in error and "Traceback" not in error
    assert f"{pkg}.other cannot be imported: " in error
    assert f"{pkg}/other.py:8: NameError: name 'undefined_helper' is not defined" in error
    assert "other" in store.load_manifest(out)["figures"]  # its last build stays


# --- the pages ----------------------------------------------------------------------------------


def test_an_unclosed_reference_names_its_own_line():
    md = "Accuracy {{ separable_training.accuracy:.1% }} on a line of its own.\n\n{{ separable_training\n"
    with pytest.raises(SiteError, match=r"^p.md:3: '\{\{ separable_training' is not a metric reference; write "):
        fill(md)


def test_a_count_cannot_be_shown_as_a_percentage():
    with pytest.raises(SiteError, match=r"p.md:1: fold_animation.steps = 300 is a count \(a whole number\), but "
                                        r"'.1%' shows it as a percentage \(30000.0%\): write it without the format"):
        fill("Trained for {{ fold_animation.steps:.1% }}.")


def test_a_value_in_percent_cannot_be_shown_as_a_percentage_again():
    manifest = fake_manifest()
    manifest["figures"]["separable_training"]["metrics"]["accuracy"] = 99.5
    with pytest.raises(SiteError, match=r"p.md:1: separable_training.accuracy = 99.5 is not a share between 0 and 1"):
        metrics.fill("{{ separable_training.accuracy:.0% }}", manifest, lambda at: "p.md:1")


def test_shares_and_plain_counts_still_pass():
    assert fill("{{ separable_training.accuracy:.1% }} of {{ fold_animation.steps }}") == "99.5% of 300"


def test_a_figure_defined_but_not_built_says_how_to_build_it(tmp_path):
    where = defined_figures()["relu_net"]
    assert where.startswith("figures/articles/why_more_layers.py:")
    expect = (f"p.md:3: figure 'relu_net' is defined ({where}) but not built yet: "
              "run `python build_figures.py relu_net`")
    with pytest.raises(SiteError) as err:
        fill("Intro.\n\n{{ relu_net.accuracy:.1% }}\n")
    assert str(err.value) == expect
    with pytest.raises(SiteError) as err:
        expand("Intro.\n\n![Layer one](fig:relu_net-layer1)\n", fake_manifest(), page(tmp_path))
    assert str(err.value) == expect


def test_a_metric_the_code_measures_now_says_to_rebuild():
    with pytest.raises(SiteError, match=r"p.md:1: figure 'separable_training' has no metric 'margin'.* rebuild it: "
                                        r"run `python build_figures.py separable_training`"):
        fill("{{ separable_training.margin }}")


def add_real_figure(docs, name: str, module: str, key: str) -> None:
    """An entry for a real figure of the real articles, with its own file, in the fake manifest."""
    figs = docs / "assets" / "figures"
    manifest = json.loads((figs / "manifest.json").read_text())
    entry = copy.deepcopy(manifest["figures"]["fold_animation"])
    (figs / "demo" / f"{name}.svg").write_text(SVG)
    entry["files"] = {f"{name}.svg": {"path": f"demo/{name}.svg", "bytes": len(SVG), "width": 40, "height": 30,
                                      "sha256": hashlib.sha256(SVG.encode()).hexdigest()}}
    entry["key"] = key
    entry["provenance"].update(module=module, function=name, command=f"python build_figures.py {name}")
    manifest["figures"][name] = entry
    (figs / "manifest.json").write_text(json.dumps(manifest))


def test_a_stale_figure_fails_the_strict_build_naming_the_command(tmp_path, caplog):
    docs = make_fake_project(tmp_path)
    add_real_figure(docs, "relu_net", "figures.articles.why_more_layers", "0" * 64)
    log = strict_build_log(docs, tmp_path, caplog)
    where = defined_figures()["relu_net"]
    assert (f"{where}: figure 'relu_net' is stale (its code, parameters or libraries changed since it was built): "
            "run `python build_figures.py relu_net`") in log


def test_a_page_left_out_of_the_nav_fails_the_strict_build(tmp_path, caplog):
    docs = make_fake_project(tmp_path)
    (docs / "orphan.md").write_text(EARLIER.replace("An earlier article", "An orphan"))
    log = strict_build_log(docs, tmp_path, caplog)
    assert "orphan.md: the page is not in the nav: add it to `nav` in mkdocs.yml" in log


@pytest.mark.parametrize("field", ["title", "date", "description", "preview"])
def test_an_article_without_the_front_matter_the_site_needs_fails(tmp_path, caplog, field):
    docs = make_fake_project(tmp_path)
    text = "\n".join(line for line in EARLIER.split("\n") if not line.startswith(f"{field}:"))
    (docs / "earlier.md").write_text(text)
    log = strict_build_log(docs, tmp_path, caplog)
    assert f"earlier.md:1: front matter has no '{field}': an article needs title, date, description, preview" in log
