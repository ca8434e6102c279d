"""Trend charts for the measures of a pack: one small chart per measure and area.

The packs are printed on office printers in black and white and read by people who may
not tell colours apart, so nothing here relies on colour: the series is a solid line
with round markers, the same quarter a year earlier is ringed by a hollow square and
labelled, the target is a dashed line with its own label, every value is written next
to its point, and a quarter with no data is a gap in the line marked "no data" (never a
zero, which would read as a real fall).

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

from workers.packs.model import MeasureRow

#: Greys and one dark blue: all distinct in greyscale, all above 4.5:1 on white.
INK = "#1d3557"
GREY = "#595959"
LIGHT = "#bfbfbf"
WIDTH_IN, HEIGHT_IN = 3.6, 2.0
PNG_DPI = 150

_LOCK = threading.Lock()

Formatter = Callable[[float], str]


def _default_format(row: MeasureRow) -> Formatter:
    suffix = "%" if row.unit == "percent" else ""
    return lambda v: f"{v:,.{row.precision}f}{suffix}"


def _salt(row: MeasureRow) -> str:
    """A per-chart salt: ids stay stable between runs yet differ between the charts of one
    HTML page, where several inline SVGs share a single id space."""
    return f"sdh-{row.measure_id}-{row.area_code}"


def _draw(row: MeasureRow, fmt: Formatter):  # -> matplotlib.figure.Figure
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory

    quarters = [qv.quarter for qv in row.series]
    if row.year_ago.quarter not in quarters:
        quarters = sorted({*quarters, row.year_ago.quarter})
    xs = {q: i for i, q in enumerate(quarters)}

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    # the right margin holds the target's label, clear of the data labels
    ax = fig.add_axes((0.03, 0.2, 0.80, 0.74))
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GREY)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.tick_params(axis="x", colors=GREY, labelsize=6.5, length=2)
    ax.set_xticks(range(len(quarters)), [q.replace("-", "\n") for q in quarters])
    ax.set_xlim(-0.5, len(quarters) - 0.5)

    x = [xs[qv.quarter] for qv in row.series]
    y = [math.nan if qv.value is None else qv.value for qv in row.series]
    known = [v for v in y if not math.isnan(v)]
    if row.year_ago.value is not None:
        known.append(row.year_ago.value)
    top = max([*known, row.target or 0.0, 0.0])
    top = top * 1.25 if top > 0 else 1.0
    ax.set_ylim(0, top)  # a zero baseline: no exaggerated swings in small counts

    if row.target is not None:
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
            fontsize=6.5,
            color=GREY,
            style="italic",
            annotation_clip=False,
        )

    ax.plot(x, y, color=INK, linewidth=1.6, marker="o", markersize=4.5, zorder=3)
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
                fontsize=6.5,
                color=GREY,
                style="italic",
            )
            continue
        ax.annotate(
            fmt(qv.value),
            xy=(xi, qv.value),
            xytext=(0, 8 if qv.quarter == ringed else 5),
            textcoords="offset points",
            ha="center",
            fontsize=7,
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
            markersize=9,
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
                fontsize=7,
            )
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


def _rc(row: MeasureRow) -> dict[str, object]:
    return {
        "svg.hashsalt": _salt(row),
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
    row: MeasureRow, fmt: Formatter | None = None, dpi: int = PNG_DPI
) -> tuple[str, bytes]:
    """Both of the above from one drawing: a pack needs the SVG for its HTML and the PNG
    for its DOCX, and laying the figure out is half the cost of a chart. Same bytes as
    ``chart_svg`` and ``chart_png``."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(row)):
        fig = _draw(row, fmt or _default_format(row))
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
