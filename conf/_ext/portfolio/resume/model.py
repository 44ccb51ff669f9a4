"""The résumé's facts as plain data: what the directives store on the environment.

Every entry is a dict of strings and lists (so the environment pickles and
merges it across parallel readers), tagged with the page and line it came
from. :func:`entries` reads them back in reading order.
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Where the entries live on the environment: ``{docname: [entry, ...]}``.
ENV_ATTR = "portfolio_resume"

#: Bump when the shape of an entry changes, so pickled environments are reread.
ENV_VERSION = 2

#: A year (``2018``) or a year and month (``2018-08``), as the résumé gives them.
DATE = re.compile(r"^(?P<year>[12]\d{3})(?:-(?P<month>0[1-9]|1[0-2]))?$")

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

Entry = dict[str, Any]


def store(env: BuildEnvironment) -> dict[str, list[Entry]]:
    """The environment's entries, created on first use."""
    if not hasattr(env, ENV_ATTR):
        setattr(env, ENV_ATTR, {})
    data: dict[str, list[Entry]] = getattr(env, ENV_ATTR)
    return data


def add(env: BuildEnvironment, entry: Entry) -> None:
    store(env).setdefault(env.docname, []).append(entry)


def entries(env: BuildEnvironment, kind: str) -> list[Entry]:
    """All entries of ``kind``, by page (in toctree order) and line."""
    order = {name: i for i, name in enumerate(reading_order(env))}
    found = [e for docs in store(env).values() for e in docs if e["kind"] == kind]
    return sorted(found, key=lambda e: (order.get(e["docname"], len(order)), e["lineno"]))


def reading_order(env: BuildEnvironment) -> list[str]:
    """Docnames in the order a reader meets them through the toctrees."""
    seen: list[str] = []

    def walk(docname: str) -> None:
        if docname in seen:
            return
        seen.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return seen + sorted(set(env.found_docs) - set(seen))


def parse_date(value: str) -> tuple[int, int | None]:
    """``"2018"`` → ``(2018, None)``; ``"2018-08"`` → ``(2018, 8)``."""
    match = DATE.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a year (2018) or a year and month (2018-08)")
    month = match.group("month")
    return int(match.group("year")), int(month) if month else None


def format_date(value: str) -> str:
    """``"2018"`` → ``2018``; ``"2018-08"`` → ``Aug 2018``."""
    year, month = parse_date(value)
    return f"{MONTHS[month - 1]} {year}" if month else str(year)


def format_range(start: str, end: str | None) -> str:
    """``2013–2018``, or ``2018–`` for a role or project that has not ended."""
    return f"{format_date(start)}\N{EN DASH}{format_date(end) if end else ''}"
