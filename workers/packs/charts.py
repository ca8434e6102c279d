"""Trend charts for the headline figures of a pack: one small chart per measure and area.

Only headline figures are charted (a ratio, with its target band; a count that is no
part of a ratio in the pack): a numerator or a denominator is a table row, the ratio
tells its story. The packs are printed on office printers in black and white and read by
people who may not tell colours apart, so nothing here relies on colour: the series is a
solid line with round markers, the same quarter a year earlier is ringed by a hollow
square and labelled, the target is a dashed line with its own label over a lightly
shaded band (the side of it that meets the target), every value is written next to its point, and a
quarter with no data is a gap in the line marked "no data" (never a zero, which would
read as a real fall).

The y-axis is drawn, labelled with the unit and scaled to the data: from zero when the
figures are near zero anyway, otherwise around the figures (a 7% change must look like
one), with "axis from N, not 0" written on the chart when it does not start at zero.

matplotlib is imported inside the functions (Agg and SVG canvases, no pyplot, no global
figure state): the CLI must start without paying for it, and worker threads must not
share a pyplot state machine. ``rcParams`` are still process-wide, so rendering is
serialised by a lock; a chart takes a few tens of milliseconds.

Output is deterministic (same pack, same bytes): the SVG hash salt is fixed per chart,
the date and creator metadata are dropped, and PNGs carry no software stamp. That keeps
rebuilt packs diffable and lets tests compare charts.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workers.numbers import format_number
from workers.packs.model import MeasureRow

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: Greys and one dark blue: all distinct in greyscale, all above 4.5:1 on white.
INK = "#1d3557"
GREY = "#595959"
LIGHT = "#bfbfbf"
BAND = "#ececec"  # the side of the target that meets it: a light shade, labelled
WIDTH_IN, HEIGHT_IN = 3.6, 1.9
SMALL_WIDTH_IN, SMALL_HEIGHT_IN = 2.7, 1.7
PNG_DPI = 150
#: Below this share of the highest figure, the lowest is "near zero" and the axis starts
#: at zero; above it a zero baseline would squash the line into the top of the chart.
ZERO_SHARE = 0.5
#: The least room around the figures, as a share of the highest, so the axis never
#: magnifies a change of a few per cent into a cliff.
MIN_PAD_SHARE = 0.05

_LOCK = threading.Lock()

Formatter = Callable[[float], str]

_AXIS_LABEL = {
    "percent": "%",
    "rate_per_10k": "per 10,000 children",
    "days": "days",
    "count": "number",
}


def _default_format(row: MeasureRow) -> Formatter:
    suffix = "%" if row.unit == "percent" else ""
    return lambda v: f"{format_number(v, max(row.precision, 0))}{suffix}"


def _salt(row: MeasureRow, small: bool = False) -> str:
    """A per-chart salt: ids stay stable between runs yet differ between the charts of one
    HTML page, where several inline SVGs share a single id space."""
    return f"sdh-{row.measure_id}-{row.area_code}{'-small' if small else ''}"


@dataclass(frozen=True)
class Scale:
    """The y-axis range of a chart and whether it starts at zero."""

    low: float
    high: float

    @property
    def from_zero(self) -> bool:
        return self.low == 0


def y_scale(values: list[float], target: float | None, unit: str) -> Scale:
    """An axis around the figures (and the target): from zero when the lowest figure is
    near zero (below ``ZERO_SHARE`` of the highest), otherwise padded around them (by a
    quarter of their range, and at least ``MIN_PAD_SHARE`` of the highest), so the line
    uses the chart's height without making noise look like a trend. Percentages stay
    within 0 to 100."""
    known = [v for v in (*values, *([target] if target is not None else [])) if v is not None]
    if not known:
        return Scale(0.0, 1.0)
    lo, hi = min(known), max(known)
    # at least 5% of the highest figure each side: a change of 1.6% stays small to the eye
    pad = max((hi - lo) * 0.25, abs(hi) * MIN_PAD_SHARE) or 1.0
    near_zero = lo >= 0 and (lo <= ZERO_SHARE * hi or lo - pad <= 0)
    low = 0.0 if near_zero else lo - pad
    high = hi + pad * 1.4  # room above the highest point for its label
    if unit == "percent":
        low, high = max(low, 0.0), min(high, 100.0 + pad * 0.6)
    return Scale(low, high)


def _draw(row: MeasureRow, fmt: Formatter, small: bool = False):  # -> matplotlib.figure.Figure
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    quarters = [qv.quarter for qv in row.series]
    if row.year_ago.quarter not in quarters:
        quarters = sorted({*quarters, row.year_ago.quarter})
    xs = {q: i for i, q in enumerate(quarters)}
    size = 6 if small else 6.5
    shown = fmt
    fmt = lambda v: shown(float(v))  # noqa: E731  (matplotlib hands over numpy floats)

    fig = Figure(figsize=(SMALL_WIDTH_IN, SMALL_HEIGHT_IN) if small else (WIDTH_IN, HEIGHT_IN))
    # the left margin holds the y-axis, the right the target's label
    ax = fig.add_axes((0.17, 0.2, 0.64, 0.72) if small else (0.15, 0.19, 0.68, 0.74))
    for side in ("right", "top"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.tick_params(axis="both", colors=GREY, labelsize=size, length=2)
    ax.set_xticks(range(len(quarters)), [q.replace("-", "\n") for q in quarters])
    ax.set_xlim(-0.5, len(quarters) - 0.5)

    x = [xs[qv.quarter] for qv in row.series]
    y = [math.nan if qv.value is None else qv.value for qv in row.series]
    known = [v for v in y if not math.isnan(v)]
    if row.year_ago.value is not None:
        known.append(row.year_ago.value)
    scale = y_scale(known, row.target, row.unit)
    ax.set_ylim(scale.low, scale.high)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3 if small else 4, min_n_ticks=2))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt(v)))
    ax.set_ylabel(_AXIS_LABEL.get(row.unit, ""), fontsize=size, color=GREY, labelpad=2)
    ax.grid(axis="y", color=LIGHT, linewidth=0.5, zorder=0)
    if known and not scale.from_zero:
        ax.text(
            0.0,
            1.0,
            f"axis from {fmt(ax.get_ylim()[0])}, not 0",
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=size - 0.5,
            color=GREY,
            style="italic",
        )

    if row.target is not None:
        _target_band(ax, row, fmt, size)

    ax.plot(x, y, color=INK, linewidth=1.6, marker="o", markersize=4 if small else 4.5, zorder=3)
    bottom = blended_transform_factory(ax.transData, ax.transAxes)
    last = len(row.series) - 1
    ringed = row.year_ago.quarter if row.year_ago.value is not None else None
    for i, (xi, qv) in enumerate(zip(x, row.series, strict=True)):
        if qv.value is None:
            ax.text(
                xi,
                0.04,
                "no data",
                transform=bottom,
                ha="center",
                fontsize=size,
                color=GREY,
                style="italic",
            )
            continue
        if small and i not in (0, last):
            continue  # a small chart labels the year-ago and the current figure only
        ax.annotate(
            fmt(qv.value),
            xy=(xi, qv.value),
            xytext=(0, 8 if qv.quarter == ringed else 5),
            textcoords="offset points",
            ha="center",
            fontsize=size + 0.5,
            color="black",
            fontweight="bold" if i == last else "normal",
        )

    ya = row.year_ago
    if ya.value is not None:
        xa = xs[ya.quarter]
        ax.plot(
            [xa],
            [ya.value],
            linestyle="none",
            marker="s",
            markersize=8 if small else 9,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=1.0,
            zorder=4,
        )
        if ya.quarter not in {qv.quarter for qv in row.series}:
            ax.annotate(
                fmt(ya.value),
                xy=(xa, ya.value),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=size + 0.5,
            )
        if not small:
            ax.annotate(
                "a year ago",
                xy=(xa, ya.value),
                xytext=(0, -11),
                textcoords="offset points",
                ha="center",
                fontsize=6,
                color=GREY,
            )
    if not known:
        ax.text(
            0.5,
            0.5,
            "no data for this measure",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=8,
            color=GREY,
            style="italic",
        )
    return fig


def _target_band(ax, row: MeasureRow, fmt: Formatter, size: float) -> None:
    """The target: a dashed line, labelled, over a shaded band on the side that meets it."""
    assert row.target is not None
    low, high = ax.get_ylim()
    meets_above = row.target_direction != "at_most"
    ax.axhspan(row.target, high if meets_above else low, color=BAND, linewidth=0, zorder=0.5)
    ax.axhline(row.target, color=GREY, linestyle=(0, (4, 2)), linewidth=1.0, zorder=1)
    sign = {"at_least": "≥ ", "at_most": "≤ "}.get(row.target_direction or "", "")
    ax.annotate(
        f"target\n{sign}{fmt(row.target)}",
        xy=(1.0, row.target),
        xycoords=("axes fraction", "data"),
        xytext=(4, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=size,
        color=GREY,
        style="italic",
        annotation_clip=False,
    )


def _rc(row: MeasureRow, small: bool = False) -> dict[RcKeyType, Any]:
    return {
        "svg.hashsalt": _salt(row, small),
        "svg.fonttype": "none",  # real <text>: searchable, small, screen-reader friendly
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    }


def chart_svg(row: MeasureRow, fmt: Formatter | None = None) -> str:
    """A standalone SVG document of the row's trend (deterministic: same row, same text)."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(row)):
        fig = _draw(row, fmt or _default_format(row))
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def chart_png(row: MeasureRow, fmt: Formatter | None = None, dpi: int = PNG_DPI) -> bytes:
    """A PNG of the same chart for Word (about 540 x 300 pixels, a few tens of kB)."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(row)):
        fig = _draw(row, fmt or _default_format(row))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def chart_svg_and_png(
    row: MeasureRow, fmt: Formatter | None = None, dpi: int = PNG_DPI, *, small: bool = False
) -> tuple[str, bytes]:
    """Both of the above from one drawing: a pack needs the SVG for its HTML and the PNG
    for its DOCX, and laying the figure out is half the cost of a chart. Same bytes as
    ``chart_svg`` and ``chart_png``; ``small`` is the consolidated pack's small multiple."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(row, small)):
        fig = _draw(row, fmt or _default_format(row), small)
        svg = io.StringIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=dpi, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


_PROLOG = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_XMLNS = re.compile(r'\s+xmlns(:xlink)?="[^"]*"')


def inline_svg(svg: str, label: str) -> str:
    """The SVG made fit to sit inside an HTML page: no XML prolog, no metadata, no
    namespace URLs (HTML parsers supply them), and an accessible name."""
    body = _METADATA.sub("", _PROLOG.sub("", svg))
    body = _XMLNS.sub("", body, count=2)
    safe = (
        label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
    return body.replace("<svg ", f'<svg role="img" aria-label="{safe}" ', 1)
