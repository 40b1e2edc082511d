"""HTML post bodies (Mastodon ``content``) to plain text, keeping what each link said and pointed to."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Anchor", "HtmlText", "html_to_text"]

# Elements that start a new paragraph (blank line before) or a new line.
_PARAGRAPHS = frozenset(
    {"p", "div", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}
)
_LINES = frozenset({"li", "tr", "dt", "dd"})
_SKIPPED = frozenset({"script", "style", "template"})
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True, slots=True)
class Anchor:
    """One ``<a>`` element of the HTML.

    Attributes:
        href: the link target ('' when the element had none).
        text: the link's text content, invisible spans included (Mastodon hides parts of long
            URLs with CSS; the text of all parts together is the full URL).
        classes: the element's CSS classes (Mastodon: ``mention``, ``hashtag``, ``u-url``).
        rel: the element's ``rel`` tokens (``tag`` marks a hashtag link).
    """

    href: str
    text: str
    classes: tuple[str, ...]
    rel: tuple[str, ...]

    @property
    def is_hashtag(self) -> bool:
        """True when the element is marked as a hashtag link."""
        return "hashtag" in self.classes or "tag" in self.rel

    @property
    def is_mention(self) -> bool:
        """True when the element is an account mention (and not a hashtag)."""
        return "mention" in self.classes and not self.is_hashtag


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The plain text of an HTML fragment and its links, in document order."""

    text: str
    anchors: tuple[Anchor, ...]


class _TextParser(HTMLParser):
    def __init__(self, replace_anchor: Callable[[Anchor], str | None] | None) -> None:
        super().__init__(convert_charrefs=True)
        self._replace = replace_anchor
        self._out: list[str] = []
        self._skip = 0
        self._pre = 0
        self._anchor: tuple[str, tuple[str, ...], tuple[str, ...], int] | None = None
        self.anchors: list[Anchor] = []

    def _break(self, newlines: int) -> None:
        if self._anchor is not None:  # keep the anchor's start index valid
            self._out.append("\n" * newlines)
            return
        text = "".join(self._out).rstrip(" ")
        if not text:
            self._out = []
            return
        have = len(text) - len(text.rstrip("\n"))
        self._out = [text + "\n" * max(0, newlines - have)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "br":
            self._break_line()
        elif tag in _PARAGRAPHS:
            self._break(2)
            self._pre += tag == "pre"
        elif tag in _LINES:
            self._break(1)
        elif tag == "a" and self._anchor is None:
            values = {name: value or "" for name, value in attrs}
            self._anchor = (
                values.get("href", ""),
                tuple(values.get("class", "").split()),
                tuple(values.get("rel", "").split()),
                len(self._out),
            )

    def _break_line(self) -> None:
        if self._anchor is not None:
            self._out.append("\n")
            return
        self._out = ["".join(self._out).rstrip(" ") + "\n"]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _PARAGRAPHS:
            self._pre -= tag == "pre" and self._pre > 0
            self._break(2)
        elif tag == "a" and self._anchor is not None:
            href, classes, rel, start = self._anchor
            self._anchor = None
            anchor = Anchor(href, "".join(self._out[start:]), classes, rel)
            self.anchors.append(anchor)
            replacement = self._replace(anchor) if self._replace else None
            if replacement is not None:
                self._out[start:] = [replacement]

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._pre:
            data = _SPACE.sub(" ", data)
            if data.startswith(" ") and (
                not self._out or "".join(self._out[-1:]).endswith(("\n", " "))
            ):
                data = data.lstrip(" ")
        if data:
            self._out.append(data)

    def text(self) -> str:
        lines = "".join(self._out).split("\n")
        return "\n".join(line.rstrip(" ") for line in lines).strip("\n ")


def html_to_text(
    html: str, *, replace_anchor: Callable[[Anchor], str | None] | None = None
) -> HtmlText:
    """Return the plain text of an HTML fragment and its ``<a>`` elements.

    Paragraphs become blank-line separated, ``<br>`` a newline, list items a line each; entities
    are unescaped; whitespace runs collapse to one space outside ``<pre>``; a link becomes its
    text. ``replace_anchor``, when given, may return a new text for a link (None keeps it).
    """
    parser = _TextParser(replace_anchor)
    parser.feed(html)
    parser.close()
    return HtmlText(parser.text(), tuple(parser.anchors))
