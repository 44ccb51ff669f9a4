"""The résumé's facts as plain data: what the directives store on the environment.

Every entry is a dict of strings and lists (so the environment pickles and
merges it across parallel readers), tagged with the page and line it came
from. :func:`entries` reads them back in reading order.
"""

# The résumé writes date ranges with an en dash (2013–2018).

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from portfolio.i18n import _

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Where the entries live on the environment: ``{docname: [entry, ...]}``.
ENV_ATTR = "portfolio_resume"

#: Bump when the shape of an entry changes, so pickled environments are reread.
ENV_VERSION = 3

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
    found = [named(env, e) for docs in store(env).values() for e in docs if e["kind"] == kind]
    return sorted(found, key=lambda e: (order.get(e["docname"], len(order)), e["lineno"]))


def named(env: BuildEnvironment, entry: Entry) -> Entry:
    """The entry, its name the title of the page its heading names (if it does).

    A heading written as ``{doc}`/projects/x``` reads "/projects/x" until
    references are resolved; the page's title is what the reader sees.
    """
    doc = entry.get("heading_doc")
    if doc is None or doc not in env.titles:
        return entry
    return {**entry, entry["heading_field"]: env.titles[doc].astext()}


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


def earliest(value: str) -> tuple[int, int]:
    """The first month a date can mean: ``"2013"`` → ``(2013, 1)``."""
    year, month = parse_date(value)
    return year, month or 1


def latest(value: str) -> tuple[int, int]:
    """The last month a date can mean: ``"2013"`` → ``(2013, 12)``."""
    year, month = parse_date(value)
    return year, month or 12


def in_order(start: str, end: str) -> bool:
    """Whether ``end`` can be on or after ``start``, at either's precision.

    Mixed precision is fine: ``2013-05`` to ``2013`` ended within 2013, after
    May or not; ``2013-05`` to ``2013-04`` and ``2014`` to ``2013-12`` cannot be.
    """
    return latest(end) >= earliest(start)


def format_date(value: str) -> str:
    """``"2018"`` → ``2018``; ``"2018-08"`` → ``Aug 2018`` (Korean: ``2018년 8월``)."""
    year, month = parse_date(value)
    if month is None:
        return str(year)
    # The translation may use the month's number instead of its name.
    return _("{month_name} {year}").format(month_name=MONTHS[month - 1], month=month, year=year)


def format_range(start: str, end: str | None) -> str:
    """``2013–2018``, or ``2018–`` for a role or project that has not ended
    (Korean: ``2018–현재``)."""
    if end:
        return f"{format_date(start)}\N{EN DASH}{format_date(end)}"
    return _("{start}\N{EN DASH}").format(start=format_date(start))
