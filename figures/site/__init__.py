"""The site's figures, measured numbers, article cards and MathML, as a Python-Markdown extension.

Pages know figures only by name. ``markdown_ext`` is the extension (listed in mkdocs.yml under
``markdown_extensions``, so any tool that runs Python-Markdown extensions expands our pages);
``hook`` keeps only what is MkDocs-specific (the figure build under ``mkdocs serve``, the
watcher, each page's URL, tidying the feeds). One small module per job:

- ``manifest``: reading the figure build's manifest, finding a figure by name, checking its files
- ``shortcodes``: ``![ALT](fig:NAME "CAPTION")`` lines into figures with their provenance
- ``provenance``: the figure function's source and the recipe that built it
- ``metrics``: ``{{ FIGURE.METRIC:FMT }}`` into numbers (as TeX inside math); one precision
  per quantity
- ``cards``: front matter, and the ``<!-- articles -->`` cards of the home page
- ``byline``: an article's date and reading time under its title
- ``references``: citations ``[A (2000)](#ref-a2000)`` checked against the reference list
- ``mathml``: arithmatex's protected TeX into MathML, spaced as TeX sets it
"""

from figures.site.errors import SiteError

__all__ = ["SiteError"]
