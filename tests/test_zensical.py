"""Zensical, Material for MkDocs' successor, builds the same site from the same mkdocs.yml: every
figure, measured number and formula expanded by our Markdown extension (issue 22, item 3).
Zensical is an optional extra (`pip install -e .[zensical]`); .ci/run installs it."""

import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from figures.site.metrics import METRIC_RE, format_value

pytest.importorskip("zensical", reason="zensical is not installed: `pip install -e .[zensical]` (.ci/run does)")

ROOT = Path(__file__).resolve().parent.parent
FIGURE_LINE_RE = re.compile(r"^[ \t]*!\[[^\n]*\]\((?:fig|live):", re.MULTILINE)  # a live figure is a figure too
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
MATH_RE = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL)
CODE_HTML_RE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def zensical_site(manifest, tmp_path_factory) -> Path:
    """The project copied (its figures included) and built by `zensical build`."""
    project = tmp_path_factory.mktemp("zensical")
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "figures").symlink_to(ROOT / "figures")  # pages include source files from the project root
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build"], cwd=project,
                          capture_output=True, text=True)
    print(f"zensical build: {time.perf_counter() - start:.1f} s")
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


def pages() -> list[Path]:
    return sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "tags.md")


def html_of(site: Path, md: Path) -> str:
    return (site / ("index.html" if md.stem == "index" else f"{md.stem}/index.html")).read_text(encoding="utf-8")


def test_every_figure_is_placed(zensical_site):
    total = 0
    for md in pages():
        source = FENCE_RE.sub("", md.read_text(encoding="utf-8"))
        page = html_of(zensical_site, md)
        expected = len(FIGURE_LINE_RE.findall(source))
        assert page.count('<figure class="mlp-figure"') == expected, md.name
        assert "](fig:" not in page and "](live:" not in page, md.name
        total += expected
    assert total >= 40


def test_every_number_is_the_build_s(zensical_site, manifest):
    checked = 0
    for md in pages():
        source = MATH_RE.sub("", FENCE_RE.sub("", md.read_text(encoding="utf-8")))
        page = html_of(zensical_site, md)
        prose = html.unescape(CODE_HTML_RE.sub("", page))
        assert not METRIC_RE.search(prose), md.name
        for fig, metric, fmt in METRIC_RE.findall(source):
            value = format_value(manifest["figures"][fig]["metrics"][metric], fmt, f"{fig}.{metric}")
            assert value in prose, (md.name, fig, metric, value)
            checked += 1
    assert checked >= 100


def test_math_is_mathml(zensical_site):
    page = html_of(zensical_site, ROOT / "docs" / "math-of-an-mlp.md")
    assert page.count("<math") >= 20
    prose = CODE_HTML_RE.sub("", page)
    assert 'class="arithmatex">\\' not in prose and "$$" not in prose and "\\(" not in prose  # no TeX left
