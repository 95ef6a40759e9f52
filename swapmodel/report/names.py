"""One name per design on the reviewer's pages: catalogue ids (`vswap-v3`) stay in JSON and in
`swapmodel answers --format text`; HTML prose and figure labels show each design's `display_name`
from the catalogue (data/designs/*.toml), the id kept as the tooltip, linked to the glossary on the
index page (`index.html#glossary`, one row per design with `id="design-<id>"`).

Ids are replaced as whole words only, longest first, so `swap-table-p4` inside
`swap-table-p4-rfc` or `vswap-v3` inside a path never matches: an id is not preceded by a letter,
digit, `_`, `.`, `-` or `/`, and not followed by a letter, digit, `_`, `-`, or a `.` and a digit."""

from __future__ import annotations

import functools
import html
import re

GLOSSARY = "glossary"
"""The element id of the glossary section on the index page."""


def glossary_anchor(design: str) -> str:
    """The element id of a design's row in the glossary: design-vswap-v3."""
    return f"design-{design}"


@functools.cache
def display_names() -> dict[str, str]:
    """Catalogue id -> display name, for every design."""
    from swapmodel.sources.designs import load_catalogue

    return {name: d.display_name for name, d in load_catalogue().items()}


@functools.cache
def _id_pattern(ids: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w./-])({alternatives})(?![\w-]|\.\d)")


def _pattern() -> re.Pattern:
    return _id_pattern(tuple(display_names()))


def design_label(label: str) -> str:
    """Plain text with every catalogue id as its display name (figure legends, tick labels,
    titles): 'vswap-v3 (separate caches)' -> 'vswap v3 (separate caches)'."""
    names = display_names()
    return _pattern().sub(lambda m: names[m[1]], label)


def prose_html(text: str, glossary: str = f"index.html#{GLOSSARY}") -> str:
    """`text` HTML-escaped, with every catalogue id shown as its display name in an
    `<abbr title="ID">` linked to the design's row of the glossary (`glossary`: the glossary's URL,
    `#glossary` on the index page itself)."""
    names = display_names()
    page = glossary.split("#")[0]

    def name(m: re.Match) -> str:
        design = m[1]
        return (f'<a class="design-name" href="{html.escape(page)}#{glossary_anchor(design)}">'
                f'<abbr title="{design}">{html.escape(names[design])}</abbr></a>')

    return _pattern().sub(name, html.escape(text))
