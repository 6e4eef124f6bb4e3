"""User strings in the project's Markdown and HTML reports, shown as text and nothing else.

A label, description, file name, override, state name or command line comes from a user's
file or command line. Written into a report as it is, ``<script>`` would run when the HTML
opens, ``|`` would split a table's row into more columns, ``[x](javascript:...)`` would become a
link and ``![x](http://...)`` an image fetched from elsewhere. Every report writes such strings
through these functions:

* :func:`markdown_text`: plain text in Markdown prose or a table cell. ``&``, ``<`` and ``>``
  become HTML entities (Markdown passes raw HTML on, and the planner's HTML report is converted
  from its Markdown); the characters that make Markdown structure (``\\ ` * _ [ ] # |``) get a
  backslash; line breaks become spaces. An underscore inside a word (``power_asymmetry``)
  makes no emphasis and is left as it is, so identifiers read as before.
* :func:`markdown_code`: an inline code span, or the same text escaped as plain text when it
  holds a backtick, a ``|`` or a line break (which a code span cannot hold safely in a table).
* :func:`code_fence`: a fenced code block that no backticks in the text can close early.
* :func:`html_text`: text or an attribute value in HTML (``html.escape``).
"""

from __future__ import annotations

import html
import re

#: Markdown structure characters, escaped with a backslash (GitHub and Python-Markdown both
#: read ``\\x`` as a literal ``x`` for these).
_STRUCTURE = re.compile(r"([\\`*\[\]#|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\u0085\u2028\u2029]+")


def markdown_text(value: object) -> str:
    """``value`` as Markdown that shows exactly its text, on one line."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _STRUCTURE.sub(r"\\\1", text)


def markdown_code(value: object) -> str:
    """``value`` as an inline code span (plain escaped text if a code span cannot hold it)."""
    text = str(value)
    if not text or "`" in text or "|" in text or _LINE_BREAKS.search(text):
        return markdown_text(text)
    return f"`{text}`"


def code_fence(text: str, language: str = "") -> str:
    """``text`` as a fenced code block, fenced with more backticks than it holds in a row."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def html_text(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value."""
    return html.escape(str(value), quote=True)
