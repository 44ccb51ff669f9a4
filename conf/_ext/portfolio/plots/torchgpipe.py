"""Figures for the torchgpipe page: the GPipe schedule and the benchmarks.

``schedule`` draws GPipe's forward schedule from its rule alone: micro-batch
``i`` runs on partition ``j`` at clock tick ``i + j``. Every other cell of the
grid is idle; those cells are the *bubble*, and the title of each panel prints
the idle share, counted from the drawn grid and checked against the closed
form ``(n - 1) / (m + n - 1)``.

``benchmarks`` reads the data file the page names
(``docs/_data/torchgpipe-benchmarks.csv``, which the page's table reads too)
and draws one bar per value. The file's torchgpipe column names its source in
its header; each row's unit names the setting that is 1×, and each panel's
y-axis label prints that unit.

Artists carry ids (``set_gid``) so that tests can find them in the SVG:

- ``schedule-m{m}-n{n}-mb{i}-p{j}``: micro-batch ``i`` on partition ``j``;
- ``schedule-m{m}-n{n}-idle-t{t}-p{j}``: an idle cell;
- ``schedule-m{m}-n{n}-title``: the panel title with the bubble fraction;
- ``bench-{row}-torchgpipe`` / ``bench-{row}-paper``: the bars of CSV data row
  ``row`` (counting from 0, header excluded).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from portfolio.i18n import _

if TYPE_CHECKING:
    from portfolio.figures import Theme

MINUS = "\N{MINUS SIGN}"


# -- The pipeline schedule ---------------------------------------------------


def forward_schedule(chunks: int, partitions: int) -> dict[tuple[int, int], int]:
    """GPipe's forward schedule: ``{(tick, partition): micro-batch}``."""
    return {(i + j, j): i for i in range(chunks) for j in range(partitions)}


def bubble_fraction(chunks: int, partitions: int) -> Fraction:
    """The idle share of the schedule's grid, counted cell by cell."""
    busy = forward_schedule(chunks, partitions)
    ticks = max(t for t, _ in busy) + 1
    total = ticks * partitions
    counted = Fraction(total - len(busy), total)
    closed_form = Fraction(partitions - 1, chunks + partitions - 1)
    if counted != closed_form:  # pragma: no cover - a broken schedule rule
        raise AssertionError(f"bubble {counted} != (n-1)/(m+n-1) = {closed_form}")
    return counted


def schedule(
    theme: Theme, width: float, partitions: int = 4, chunks: Sequence[int] = (1, 4, 8)
) -> Figure:
    """One panel per number of micro-batches, all on ``partitions`` devices."""
    longest = max(chunks) + partitions - 1
    figure = Figure(figsize=(width, 1.1 + 1.35 * len(chunks)), layout="constrained")
    axes = figure.subplots(len(chunks), 1, sharex=True, squeeze=False)[:, 0]
    busy_colour, idle_colour = theme.series[0], theme.grid
    n = partitions
    for ax, m in zip(axes, chunks, strict=True):
        grid = forward_schedule(m, n)
        ticks = m + n - 1
        for t in range(ticks):
            for j in range(n):
                i = grid.get((t, j))
                if i is None:
                    cell = Rectangle(
                        (t, j), 1, 1, facecolor="none", edgecolor=idle_colour,
                        hatch="///", linewidth=0.8,
                    )  # fmt: skip
                    cell.set_gid(f"schedule-m{m}-n{n}-idle-t{t}-p{j}")
                    ax.add_patch(cell)
                    continue
                cell = Rectangle(
                    (t + 0.04, j + 0.08), 0.92, 0.84, facecolor=busy_colour, edgecolor="none"
                )
                cell.set_gid(f"schedule-m{m}-n{n}-mb{i}-p{j}")
                ax.add_patch(cell)
                ax.text(
                    t + 0.5, j + 0.5, str(i), ha="center", va="center",
                    color=theme.background, fontsize=9, fontweight="bold",
                )  # fmt: skip
        bubble = bubble_fraction(m, n)
        if m > 1:
            words = _("m = {m} micro-batches on n = {n} partitions: bubble {formula} = {bubble}")
        else:
            words = _("m = {m} micro-batch on n = {n} partitions: bubble {formula} = {bubble}")
        title = ax.set_title(
            words.format(
                m=m,
                n=n,
                formula=f"(n{MINUS}1)/(m+n{MINUS}1)",
                bubble=f"{bubble.numerator}/{bubble.denominator} = {float(bubble):.0%}",
            ),
            loc="left",
            fontsize=10,
        )
        title.set_gid(f"schedule-m{m}-n{n}-title")
        ax.set_xlim(0, longest)
        ax.set_ylim(n, 0)  # partition 0 on top, as in the GPipe paper
        ax.set_yticks([j + 0.5 for j in range(n)], [f"GPU {j}" for j in range(n)])
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    axes[-1].set_xticks([t + 0.5 for t in range(longest)], [str(t) for t in range(longest)])
    axes[-1].tick_params(axis="x", length=0)
    axes[-1].set_xlabel(_("clock tick (micro-batch i runs on partition j at tick i + j)"))
    figure.legend(
        handles=[
            Patch(facecolor=busy_colour, label=_("computing (number = micro-batch)")),
            Patch(
                facecolor="none", edgecolor=idle_colour, hatch="///", label=_("idle: the bubble")
            ),
        ],
        loc="outside lower center",
        ncols=2 if width >= 5 else 1,  # one column on a phone
        fontsize=9,
    )
    return figure


# -- The benchmarks ----------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One row of the benchmark file."""

    row: int
    benchmark: str
    setting: str
    torchgpipe: float
    paper: float
    unit: str
    #: The values as the file spells them, so the chart prints what the table does.
    labels: tuple[str, str]


def torchgpipe_column(header: Sequence[str]) -> str:
    """The torchgpipe column's name; it also names its source, such as
    ``torchgpipe (benchmarks page, 9dc3f38, 2019-11-28)``."""
    names = [name for name in header if name.startswith("torchgpipe")]
    if len(names) != 1:
        raise ValueError(f"expected one column named 'torchgpipe (…)', got {list(header)}")
    return names[0]


def read_benchmarks(csv_path: Path) -> list[Result]:
    """The rows of the benchmark CSV, in file order."""
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        ours = torchgpipe_column(reader.fieldnames or [])
        return [
            Result(
                row=k,
                benchmark=r["Benchmark"],
                setting=r["Setting"],
                torchgpipe=float(r[ours]),
                paper=float(r["GPipe paper"]),
                unit=r["Unit"],
                labels=(r[ours], r["GPipe paper"]),
            )
            for k, r in enumerate(reader)
        ]


def benchmarks(theme: Theme, width: float, data: Path) -> Figure:
    """Grouped bars, torchgpipe next to the paper, one panel per benchmark.

    ``data`` is the benchmark CSV (the page gives its path in the source folder).
    """
    results = read_benchmarks(data)
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.benchmark, []).append(result)

    if width < 5:  # a phone's copy: side by side, the titles would not fit
        figure = Figure(figsize=(width, 1.2 + 2 * len(groups)), layout="constrained")
        axes = figure.subplots(len(groups), 1, squeeze=False)[:, 0]
    else:
        figure = Figure(figsize=(width, 3.6), layout="constrained")
        axes = figure.subplots(
            1, len(groups), width_ratios=[len(g) + 0.6 for g in groups.values()], squeeze=False
        )[0]
    ours, theirs = theme.series[0], theme.series[1]
    width = 0.4
    for ax, (name, rows) in zip(axes, groups.items(), strict=True):
        top = max(max(r.torchgpipe, r.paper) for r in rows)
        for x, r in enumerate(rows):
            for offset, value, text, colour, who in (
                (-width / 2, r.torchgpipe, r.labels[0], ours, "torchgpipe"),
                (width / 2, r.paper, r.labels[1], theirs, "paper"),
            ):
                (bar,) = ax.bar(x + offset, value, width, color=colour)
                bar.set_gid(f"bench-{r.row}-{who}")
                ax.text(
                    x + offset, value + top * 0.02, text, ha="center", va="bottom",
                    fontsize=8, rotation=90 if len(rows) > 2 else 0,
                )  # fmt: skip
        # Few bars leave little room: a setting such as "n=2, m=1" takes two lines.
        # The file's words (a benchmark, a setting, a unit) are messages too.
        settings = [
            _(r.setting) if len(rows) > 2 else _(r.setting).replace(", ", ",\n") for r in rows
        ]
        ax.set_xticks(range(len(rows)), settings, fontsize=9)
        if len(rows) > 2:
            ax.tick_params(axis="x", labelrotation=30)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
                label.set_rotation_mode("anchor")
        ax.set_ylim(0, top * 1.25)
        ax.set_xlim(-0.7, len(rows) - 0.3)
        # Long names wrap at their first space after the model name.
        name = _(name)
        ax.set_title(name if len(rows) > 2 else name.replace(" ", "\n", 1), fontsize=9.5)
        ax.set_ylabel(_(rows[0].unit), fontsize=9)
        ax.grid(axis="y", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    figure.legend(
        handles=[
            Patch(facecolor=ours, label=_("torchgpipe (Tesla P40)")),
            Patch(facecolor=theirs, label=_("GPipe paper (ResNet-101: read off its figure)")),
        ],
        loc="outside lower center",
        ncols=2,
        fontsize=9,
    )
    return figure
