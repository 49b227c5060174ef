"""``claim``: one sentence of an article checked on a measured number, failing in words.

A claims test module names its page (``ARTICLE = "why-more-layers"``); a failing claim reads
"why-more-layers: 'picked because it succeeds' — relu_net.accuracy is 72.9%, needs >= 97.0%",
which `python build_figures.py --check` prints as it is."""

from __future__ import annotations

import operator
import sys

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}


def claim(text: str, name: str, value, op: str, bound, fmt: str = ".4g") -> None:
    """Assert ``value op bound``: the sentence ``text`` of the calling module's ARTICLE holds for
    the metric ``name`` (``fmt`` shows value and bound, ``.1%`` for shares)."""
    if OPS[op](value, bound):
        return
    article = sys._getframe(1).f_globals.get("ARTICLE", "?")
    raise AssertionError(f"{article}: '{text}' — {name} is {_show(value, fmt)}, needs {op} {_show(bound, fmt)}")


def _show(value, fmt: str) -> str:
    return format(value, fmt) if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)
