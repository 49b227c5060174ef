"""Under `mkdocs serve` the figure build runs before every rebuild, and the server rebuilds when a
file under docs/ changes: so a build that changes no figure must change no file there (not even
an mtime), or a failing figure would rebuild forever (issue 22, item 4)."""

import os

from test_build import FLAKY_BAD, FLAKY_OK, GOOD, clean_registry, make_package, write_modules  # noqa: F401

import build_figures
from figures.pipeline import build, runner


def snapshot(folder) -> dict:
    """Every file and folder with what MkDocs' polling watcher compares (mtime, size, inode)."""
    out = {}
    for path in [folder, *folder.rglob("*")]:
        st = os.stat(path)
        out[str(path.relative_to(folder))] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return out


def built_project(tmp_path):
    """A package of two good figures, built once into docs/assets/figures: (package, docs, out)."""
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    docs = tmp_path / "docs"
    out = docs / "assets" / "figures"
    assert build(out_dir=out, package=pkg, progress=False).ok
    return pkg, docs, out


def test_a_build_that_changes_nothing_writes_nothing_under_docs(tmp_path):
    pkg, docs, out = built_project(tmp_path)
    before = snapshot(docs)
    assert build(out_dir=out, package=pkg, progress=False).ok  # the no-op path
    assert build(out_dir=out, package=pkg, progress=False, force=True).ok  # every figure run again
    assert snapshot(docs) == before


def test_a_failing_figure_writes_nothing_under_docs_once_or_twice(tmp_path):
    pkg, docs, out = built_project(tmp_path)
    before = snapshot(docs)
    write_modules(tmp_path / "src" / pkg, pkg, {"flaky": FLAKY_BAD})  # the author's edit breaks it
    for _ in range(2):  # the rebuild that the edit wakes, and one more
        report = build(out_dir=out, package=pkg, progress=False)
        assert [o.name for o in report.failed] == ["flaky"]
        assert snapshot(docs) == before


def test_the_serve_build_prints_one_line_and_each_failure(tmp_path, monkeypatch, capsys):
    pkg = make_package(tmp_path, {"demo": GOOD, "flaky": FLAKY_OK})
    monkeypatch.setattr(runner, "ARTICLES_PACKAGE", pkg)
    out = tmp_path / "docs" / "assets" / "figures"
    assert build_figures.main(["--out", str(out), "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("figures: 2 built, 0 cached, 0 failed in "), lines
    write_modules(tmp_path / "src" / pkg, pkg, {"flaky": FLAKY_BAD})
    assert build_figures.main(["--out", str(out), "--summary"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("figures: 0 built, 1 cached, 1 failed in ")
    assert "FAILED flaky:" in captured.err and "ZeroDivisionError" in captured.err
