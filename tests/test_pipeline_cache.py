"""The cache key is per figure: a figure's own function, what it calls in its module
(transitively), the module-level values it reads and the shared modules it imports."""

from __future__ import annotations

import importlib
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from figures import registry
from figures.pipeline import build, cache

ARTICLE = '''
"""An article with three figures."""
from figures.registry import Artifact, Result, figure
from {pkg}.helper import shout

# a comment that no figure reads
SCALE = 2
OTHER = 5


def _inner(s):
    return s + "."


def _both(s):
    return _inner(s) + "!"


@figure(size=1)
def fig_a(ctx, size):
    return Result([Artifact("fig_a", "txt", _both("a") * size * SCALE)], {{}})


@figure(size=1)
def fig_b(ctx, size):
    return Result([Artifact("fig_b", "txt", _both("b") * size)], {{}})


@figure(size=1)
def fig_c(ctx, size):
    return Result([Artifact("fig_c", "txt", shout("c") * size * OTHER)], {{}})
'''


@pytest.fixture(autouse=True)
def clean_registry():
    yield
    for name in [n for n, s in registry._REGISTRY.items() if s.module.startswith("fakecache_")]:
        del registry._REGISTRY[name]


@pytest.fixture
def article(tmp_path):
    """A throwaway article package, built once; yields (edit, rebuild)."""
    pkg = f"fakecache_{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "src" / pkg
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "helper.py").write_text("def shout(s):\n    return s.upper()\n")
    source = textwrap.dedent(ARTICLE.format(pkg=pkg))
    (folder / "demo.py").write_text(source)
    sys.path.insert(0, str(tmp_path / "src"))
    out = tmp_path / "out"

    def rebuild() -> set[str]:
        for mod in [m for m in sys.modules if m.startswith(pkg)]:
            del sys.modules[mod]
        importlib.invalidate_caches()
        cache.dependencies.cache_clear()
        report = build(out_dir=out, package=pkg, progress=False)
        assert report.ok, [o.error for o in report.failed]
        return {o.name for o in report.outcomes if o.status == "built"}

    def edit(old: str, new: str, file: str = "demo.py") -> None:
        path = folder / file
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    assert rebuild() == {"fig_a", "fig_b", "fig_c"}
    assert rebuild() == set()
    yield edit, rebuild
    sys.path.remove(str(tmp_path / "src"))


@pytest.mark.parametrize("old,new,file,rebuilt", [
    ('_both("a") * size', '_both("A") * size', "demo.py", {"fig_a"}),  # one figure's own code
    ('return _inner(s) + "!"', 'return _inner(s) + "?"', "demo.py", {"fig_a", "fig_b"}),  # a helper
    ('return s + "."', 'return s + ","', "demo.py", {"fig_a", "fig_b"}),  # a helper of a helper
    ("SCALE = 2", "SCALE = 3", "demo.py", {"fig_a"}),  # a constant one figure reads
    ("return s.upper()", "return s.upper() + '~'", "helper.py", {"fig_c"}),  # a shared module
], ids=["own-code", "helper", "helper-of-helper", "constant", "shared-module"])
def test_an_edit_rebuilds_exactly_the_figures_that_depend_on_it(article, old, new, file, rebuilt):
    edit, rebuild = article
    edit(old, new, file=file)
    assert rebuild() == rebuilt


def test_comments_and_the_module_docstring_rebuild_nothing(article):
    edit, rebuild = article
    edit("# a comment that no figure reads", "# a comment, edited")
    edit('"""An article with three figures."""', '"""An article with three figures, retold."""')
    edit("    return Result([Artifact(\"fig_b\"", "    # why b\n    return Result([Artifact(\"fig_b\"")
    assert rebuild() == set()


def test_statements_that_bind_no_name_count_for_every_figure(article):
    edit, rebuild = article
    edit("OTHER = 5", "OTHER = 5\nfor _k in range(2):\n    pass")
    assert rebuild() == {"fig_a", "fig_b", "fig_c"}


def test_a_figure_that_looks_names_up_at_run_time_depends_on_the_whole_module(tmp_path):
    folder = tmp_path / "dyn"
    folder.mkdir()
    (folder / "dynmod.py").write_text("A = 1\nB = 2\n\ndef f():\n    return globals()['A']\n\ndef g():\n    return B\n")
    sys.path.insert(0, str(folder))
    try:
        own, _ = cache.figure_code("dynmod", "f")
        assert "B = 2" in own and "A = 1" in own
        own, _ = cache.figure_code("dynmod", "g")
        assert "B = 2" in own and "A = 1" not in own and "globals" not in own
    finally:
        sys.path.remove(str(folder))


def test_real_figures_depend_on_their_own_code_only():
    """width_depth's key holds its helpers, not the data-set figure of the same article."""
    own, shared = cache.figure_code("figures.articles.how_wide_how_deep", "width_depth")
    assert "def solved(" in own and "def summary(" in own and "WIDTHS = " in own
    assert "def wd_datasets(" not in own
    assert "figures.experiments" in shared and "figures.render.heatmaps" in shared
    own, _ = cache.figure_code("figures.articles.how_wide_how_deep", "wd_datasets")
    assert "def width_depth(" not in own and "def solved(" not in own and "DATASETS = " in own


def test_key_is_stable_per_figure():
    key = cache.figure_key("figures.articles.how_wide_how_deep", {}, 0, False, "cpu", "width_depth")
    assert key == cache.figure_key("figures.articles.how_wide_how_deep", {}, 0, False, "cpu", "width_depth")
    assert key != cache.figure_key("figures.articles.how_wide_how_deep", {}, 0, False, "cpu", "wd_datasets")
    assert Path(cache._module_path("figures.articles.how_wide_how_deep")).is_file()
