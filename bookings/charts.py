"""Bar charts drawn on the server, as SVG: they print and need no JavaScript.

A chart is a picture of a table shown beside it; the SVG carries a title and a
description that send the reader to that table (the text alternative).
"""

from dataclasses import dataclass, field

# Dark enough on white for the 3:1 contrast of graphics (WCAG 1.4.11).
COLOURS = ["#1f4e79", "#b35900", "#2e7d32"]
LABEL_WIDTH = 190
BAR_HEIGHT = 18
ROW_GAP = 8
PLOT_WIDTH = 380
VALUE_WIDTH = 60
TOP = 30


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    label: str
    value: int


@dataclass
class Bar:
    y: float
    label: str
    total: int
    segments: list = field(default_factory=list)

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.72

    @property
    def total_x(self):
        end = self.segments[-1].x + self.segments[-1].width if self.segments else 0
        return max(end, LABEL_WIDTH) + 6


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list
    legend: list
    width: int
    height: int
    label_x: int = LABEL_WIDTH - 6
    bar_height: int = BAR_HEIGHT


def bar_chart(chart_id, title, description, rows, series):
    """Horizontal stacked bars, one per row.

    ``rows``: (label, {name: value}) pairs; ``series``: (name, label) pairs
    stacked in that order. Bars are scaled to the largest total.
    """
    rows = list(rows)
    largest = max(
        [sum(values.get(name) or 0 for name, _ in series) for _, values in rows] + [1]
    )
    bars = []
    for number, (label, values) in enumerate(rows):
        bar = Bar(y=TOP + number * (BAR_HEIGHT + ROW_GAP), label=label, total=0)
        x = LABEL_WIDTH
        for index, (name, series_label) in enumerate(series):
            value = values.get(name) or 0
            width = PLOT_WIDTH * value / largest
            if value:
                bar.segments.append(
                    Segment(
                        x, width, COLOURS[index % len(COLOURS)], series_label, value
                    )
                )
            x += width
            bar.total += value
        bars.append(bar)
    legend = [
        {
            "label": label,
            "colour": COLOURS[index % len(COLOURS)],
            "x": LABEL_WIDTH + index * 140,
            "text_x": LABEL_WIDTH + index * 140 + 16,
        }
        for index, (_, label) in enumerate(series)
    ]
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        legend=legend,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=TOP + len(rows) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP,
    )
