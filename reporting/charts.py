"""Charts drawn on the server as inline SVG (decision 0014): geometry here, markup in templates.

Each chart has a title and a text alternative (what a sighted reader would take from it), and
the page puts its data table next to it. Series differ by marker shape and line pattern as
well as colour, and are named in a legend. A suppressed or missing value is a gap, never a 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
LINE_HEIGHT = 300
# Room for the y-axis labels on the left and the month labels below.
LEFT, RIGHT, TOP, BOTTOM = 64, 32, 16, 44
BAR_HEIGHT, BAR_GAP = 26, 10
BAR_LABELS = 210  # the category names, left of the bars
BAR_VALUES = 96  # the value (or "suppressed") after each bar

MARKERS = ("circle", "square", "diamond")


def _nice_ceiling(value: float) -> float:
    """The top of the scale: a round number at or above value whose quarters are round too."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _tick_label(value: float, kind: str) -> str:
    value = round(value, 2)
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
    return f"{text}%" if kind == "percent" else text


def _number(value) -> float | None:
    """A plottable number, or None for a suppressed or missing value."""
    if value.suppressed or value.number is None:
        return None
    return float(value.number)


@dataclass
class Series:
    name: str
    index: int
    marker: str
    path: str
    points: list[tuple[float, float]]
    # Into the month to date: drawn lighter, its marker hollow (a partial month, not a fall).
    partial_path: str = ""
    partial_points: int = 0  # how many of `points` (the last ones) are in the month to date

    @property
    def css(self) -> str:
        return f"app-chart__series--{self.index}"

    @property
    def markers(self) -> list[dict]:
        """Each point's marker, as the SVG attributes of its shape."""
        complete = len(self.points) - self.partial_points
        return [
            {**_marker(self.marker, x, y), "partial": i >= complete}
            for i, (x, y) in enumerate(self.points)
        ]

    @property
    def key(self) -> dict:
        """The legend's sample of the line and marker."""
        return _marker(self.marker, 18, 8)


def _marker(shape: str, x: float, y: float) -> dict:
    x, y = round(x, 1), round(y, 1)
    return {
        "shape": shape,
        "x": x,
        "y": y,
        "corner_x": round(x - 4.5, 1),
        "corner_y": round(y - 4.5, 1),
        "diamond": f"{x},{round(y - 6, 1)} {round(x + 6, 1)},{y} {x},{round(y + 6, 1)} "
        f"{round(x - 6, 1)},{y}",
    }


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class XLabel:
    x: float
    label: str
    to_date: bool = False  # the month to date: "to date" under its name


@dataclass
class PartialBand:
    """The shaded part of the plot for the month to date."""

    x: float
    width: float
    y: float
    height: float


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    series: list[Series]
    y_ticks: list[Tick]
    x_labels: list[XLabel]
    width: int = WIDTH
    height: int = LINE_HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = LINE_HEIGHT - BOTTOM
    top: int = TOP
    has_gaps: bool = False
    partial: PartialBand | None = None

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _describe_series(name: str, labels: list[str], values, kind: str) -> str:
    def say(number: float) -> str:
        return _tick_label(round(number, 1), kind)

    shown = [(label, _number(v)) for label, v in zip(labels, values, strict=True)]
    known = [(label, n) for label, n in shown if n is not None]
    hidden = [label for label, v in zip(labels, values, strict=True) if v.suppressed]
    if not known:
        text = f"{name}: nothing to show"
    else:
        low = min(known, key=lambda item: item[1])
        high = max(known, key=lambda item: item[1])
        (first_label, first), (last_label, last) = known[0], known[-1]
        text = f"{name}: {say(first)} in {first_label} and {say(last)} in {last_label}"
        if len(known) > 2:
            text += f"; lowest {say(low[1])} in {low[0]}, highest {say(high[1])} in {high[0]}"
    if hidden:
        text += f"; suppressed in {len(hidden)} month{'s' if len(hidden) != 1 else ''}"
    return text + "."


def line_chart(
    *,
    id: str,
    title: str,
    labels: list[str],
    short_labels: list[str],
    series,
    kind: str,
    to_date: int | None = None,
) -> LineChart:
    """Lines by month. `series` is [(name, [Value per month])]; `kind` count or percent;
    `to_date` the index of the month still under way (the last), drawn as partial: a shaded
    band, "to date" under its name, a lighter line into it and a hollow marker."""
    numbers = [n for _, values in series for v in values if (n := _number(v)) is not None]
    top_value = 100.0 if kind == "percent" else _nice_ceiling(max([*numbers, 4]))
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, LINE_HEIGHT - BOTTOM
    count = len(labels)

    def x(i: int) -> float:
        if count == 1:
            return round((left + right) / 2, 1)
        return round(left + i * (right - left) / (count - 1), 1)

    def y(number: float) -> float:
        return round(bottom - (bottom - top) * number / top_value, 1)

    drawn, gaps = [], False
    for index, (name, values) in enumerate(series):
        points, segments, current, partial = [], [], [], []
        for i, value in enumerate(values):
            number = _number(value)
            if number is None:
                gaps = gaps or value.suppressed
                if current:
                    segments.append(current)
                current = []
                continue
            if i == to_date:
                partial = [*current[-1:], (x(i), y(number))]  # from the last complete month
                points.append((x(i), y(number)))
                continue
            current.append((x(i), y(number)))
            points.append((x(i), y(number)))
        if current:
            segments.append(current)
        path = " ".join("M" + " L".join(f"{px},{py}" for px, py in segment) for segment in segments)
        partial_path = "M" + " L".join(f"{px},{py}" for px, py in partial) if partial else ""
        drawn.append(
            Series(
                name,
                index,
                MARKERS[index % len(MARKERS)],
                path,
                points,
                partial_path=partial_path,
                partial_points=1 if partial else 0,
            )
        )

    step = max(1, math.ceil(count / 12))
    shown = list(range(0, count, step))
    if to_date is not None and to_date not in shown:
        shown.append(to_date)  # the month to date is always named, and said to be partial
    x_labels = [XLabel(x(i), short_labels[i], to_date=i == to_date) for i in shown]
    band = None
    if to_date is not None and 0 <= to_date < count:
        half = (right - left) / (count - 1) / 2 if count > 1 else (right - left) / 2
        start = max(left, x(to_date) - half)
        end = min(right, x(to_date) + half)
        band = PartialBand(round(start, 1), round(end - start, 1), top, bottom - top)
    y_ticks = [Tick(y(t), _tick_label(t, kind)) for t in _ticks(top_value)]
    description = " ".join(_describe_series(name, labels, values, kind) for name, values in series)
    if labels:
        description = f"By month, {labels[0]} to {labels[-1]}. " + description
    if band is not None:
        description += f" {labels[to_date]} is the month to date, not a complete month."
    return LineChart(
        id=id,
        title=title,
        description=description,
        series=drawn,
        y_ticks=y_ticks,
        x_labels=x_labels,
        has_gaps=gaps,
        partial=band,
    )


@dataclass
class Bar:
    label: str
    y: float
    text_y: float
    width: float
    value_text: str
    value_x: float


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    bars_left: int = BAR_LABELS
    bar_height: int = BAR_HEIGHT
    x_ticks: list[XLabel] = field(default_factory=list)
    axis_y: float = 0


def bar_chart(*, id: str, title: str, labels: list[str], values, kind: str) -> BarChart:
    """Horizontal bars, one per category (local authority); `values` are Values."""
    numbers = [n for v in values if (n := _number(v)) is not None]
    top_value = 100.0 if kind == "percent" else _nice_ceiling(max([*numbers, 4]))
    span = WIDTH - BAR_LABELS - BAR_VALUES
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        number = _number(value)
        bar_y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = 0.0 if number is None else round(span * number / top_value, 1)
        bars.append(
            Bar(
                label=label,
                y=bar_y,
                text_y=bar_y + BAR_HEIGHT * 0.68,
                width=width,
                value_text=value.text,
                value_x=BAR_LABELS + width + 6,
            )
        )
    axis_y = BAR_GAP + len(labels) * (BAR_HEIGHT + BAR_GAP)
    ticks = [
        XLabel(round(BAR_LABELS + span * t / top_value, 1), _tick_label(t, kind))
        for t in _ticks(top_value)
    ]
    parts = [f"{label} {value.spoken}" for label, value in zip(labels, values, strict=True)]
    description = "By local authority: " + ", ".join(parts) + "."
    return BarChart(
        id=id,
        title=title,
        description=description,
        bars=bars,
        height=int(axis_y + 30),
        x_ticks=ticks,
        axis_y=axis_y,
    )
