"""Figures for the TrueSkill page, computed with the real ``trueskill`` package.

``beliefs`` rates one 1-vs-1 match between two new players with
:func:`trueskill.rate_1vs1` and draws each player's skill belief, a normal
curve N(mu, sigma²), before and after it. The title prints the match quality
from :func:`trueskill.quality_1vs1`.

Artists carry ids (``set_gid``) so that tests can find them in the SVG:
``trueskill-before``, ``trueskill-after-winner``, ``trueskill-after-loser``
(the curves), ``trueskill-mu-after-winner`` and ``trueskill-mu-after-loser``
(the dotted lines at the means), ``trueskill-legend`` and ``trueskill-title``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import trueskill  # type: ignore[import-untyped]
from matplotlib.figure import Figure

from portfolio.i18n import _

if TYPE_CHECKING:
    from portfolio.figures import Theme


# Named, so the labels' Greek letters are unambiguous in the source.
MU, SIGMA = "\N{GREEK SMALL LETTER MU}", "\N{GREEK SMALL LETTER SIGMA}"


def _pdf(x: float, mu: float, sigma: float) -> float:
    return math.exp(-(((x - mu) / sigma) ** 2) / 2) / (sigma * math.sqrt(2 * math.pi))


def beliefs(theme: Theme, width: float) -> Figure:
    """Two new players' skill beliefs before and after A beats B."""
    env = trueskill.TrueSkill()  # the library's defaults, not the global state
    a, b = env.create_rating(), env.create_rating()
    quality = env.quality([(a,), (b,)])
    (winner,), (loser,) = env.rate([(a,), (b,)], ranks=[0, 1])
    rematch = env.quality([(winner,), (loser,)])

    xs = [i / 10 for i in range(0, 501)]
    figure = Figure(figsize=(width, 4.1), layout="constrained")
    ax = figure.subplots()
    curves = (
        (
            "before",
            a,
            theme.muted,
            "--",
            _("before, A and B: {belief}").format(
                belief=f"{MU} = {a.mu:.3f}, {SIGMA} = {a.sigma:.3f}"
            ),
        ),
        (
            "after-winner",
            winner,
            theme.series[0],
            "-",
            _("A after winning: {belief}").format(
                belief=f"{MU} = {winner.mu:.3f}, {SIGMA} = {winner.sigma:.3f}"
            ),
        ),
        (
            "after-loser",
            loser,
            theme.series[1],
            "-",
            _("B after losing: {belief}").format(
                belief=f"{MU} = {loser.mu:.3f}, {SIGMA} = {loser.sigma:.3f}"
            ),
        ),
    )
    for gid, rating, colour, style, label in curves:
        ys = [_pdf(x, rating.mu, rating.sigma) for x in xs]
        (line,) = ax.plot(xs, ys, style, color=colour, linewidth=2, label=label)
        line.set_gid(f"trueskill-{gid}")
        if gid != "before":
            ax.fill_between(xs, ys, color=colour, alpha=0.12, linewidth=0)
            # A dotted line from the axis up to the curve's peak marks the mean;
            # it stops there, so it never reaches the title or the legend.
            peak_y = _pdf(rating.mu, rating.mu, rating.sigma)
            (mean,) = ax.plot([rating.mu, rating.mu], [0, peak_y], ":", color=colour, linewidth=0.8)
            mean.set_gid(f"trueskill-mu-{gid}")
    title = ax.set_title(
        _("Match quality: {before} before the match, {rematch} for a rematch").format(
            before=f"{quality:.1%}", rematch=f"{rematch:.1%}"
        ),
        fontsize=10,
        loc="left",
    )
    title.set_gid("trueskill-title")
    ax.set_xlim(0, 50)
    peak = max(_pdf(r.mu, r.mu, r.sigma) for r in (winner, loser))
    ax.set_ylim(0, peak * 1.08)
    ax.set_xlabel(_("skill"))
    ax.set_ylabel(_("belief (density)"))
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    # Below the axes, where no curve or dotted line can run under it.
    legend = figure.legend(loc="outside lower center", ncols=1, fontsize=9, frameon=False)
    legend.set_gid("trueskill-legend")
    return figure
