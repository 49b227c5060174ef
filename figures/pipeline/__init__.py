"""The figure build: cache, runner, manifest and atomic writes."""

from figures.pipeline.runner import DEFAULT_OUT, Report, UnknownFigure, build, format_table

__all__ = ["DEFAULT_OUT", "Report", "UnknownFigure", "build", "format_table"]
