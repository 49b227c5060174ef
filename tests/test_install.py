"""The project is an installed package (`pip install -e .`, the README's setup): MkDocs, typed as
every MkDocs user types it, loads our Markdown extension from any folder; and the site's code
reads the figure manifest without importing the drawing code."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not borrowed from a working directory or PYTHONPATH: what the interpreter itself has installed.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=ENV, capture_output=True, text=True)


def test_the_package_is_installed_from_this_checkout(tmp_path):
    done = run("import figures; print(figures.__file__)", tmp_path)
    assert done.returncode == 0, f"`figures` is not installed: run `pip install -e .` (README)\n{done.stderr}"
    assert Path(done.stdout.strip()).resolve().is_relative_to(ROOT), done.stdout


def test_mkdocs_loads_the_extension_from_another_folder(tmp_path):
    # `mkdocs build` / `mkdocs serve` load markdown_extensions while reading mkdocs.yml.
    done = run(f"from mkdocs.config import load_config; load_config({str(ROOT / 'mkdocs.yml')!r})", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Failed to load extension" not in done.stderr


def test_the_site_code_imports_no_drawing_or_training_code(tmp_path):
    code = ("import sys, figures.site.markdown_ext, figures.site.hook\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'matplotlib', 'plotly')"
            " or m.startswith(('figures.render', 'figures.articles'))))")
    done = run(code, ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_site_and_the_renderer_agree_on_the_phone_breakpoint():
    """The site keeps its own copy of the breakpoint (it imports no drawing code): the two must agree."""
    from figures.render.style import PHONE_MEDIA as drawn_for
    from figures.site.shortcodes import PHONE_MEDIA as shown_at

    assert drawn_for == shown_at
