"""The one error the site code raises: a page asks for something it cannot have."""

try:  # MkDocs reports a PluginError as a clean build error, not a traceback.
    from mkdocs.exceptions import PluginError as _Base
except ImportError:  # plain Python-Markdown, or a tool other than MkDocs
    _Base = Exception


class SiteError(_Base):
    """A page asks for something the manifest, the figure files or LaTeX cannot give."""


def at(page: str, line: int | None) -> str:
    """'page:line' for messages (just the page when the line is unknown)."""
    return f"{page}:{line}" if line else page
