"""The geometry of the dashboard's charts, for the SVG macros of templates/dashboard/_charts.html.

Server-rendered SVG only: no script and no style attribute (the CSP forbids both), colours from
classes in static/app.css. Every shape carries its number (data-value) and a text label, so the
chart reads the same as the table beside it."""
from dataclasses import dataclass

BAR_WIDTH = 240  #: the longest bar, in SVG units (small enough that labels stay legible on a phone)
BAR_ROW = 44  #: a row of the bar chart: the label above, the bar under it
BAR_HEIGHT = 18
COLUMN_HEIGHT = 140  #: the tallest column
COLUMN_WIDTH = 28
COLUMN_GAP = 6
GROUP_GAP = 36
GROUP_SLOT = 100  #: the narrowest room a quarter takes, its label included
TOP, BOTTOM = 22, 28  #: room for the numbers above the columns and the quarters under them


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    bars: list
    width: int
    height: int


@dataclass(frozen=True)
class Column:
    series: int  #: 0, 1…: which of the chart's number columns (its class and the legend)
    value: int | None  #: None: no value (drawn as none, labelled "—")
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class Group:
    label: str
    x: int  #: the middle of the group, where its label goes
    columns: list


@dataclass(frozen=True)
class ColumnChart:
    groups: list
    width: int
    height: int
    baseline: int
    legend: tuple = ()  #: the names of the series, as the table's columns name them


def _scaled(value, largest, length):
    if not value or not largest:
        return 0
    return max(1, round(length * value / largest))


def bar_chart(rows, column=1):
    """Horizontal bars, one per row: ``row[0]`` the label, ``row[column]`` the number."""
    largest = max((row[column] or 0 for row in rows), default=0)
    bars = [Bar(str(row[0]), row[column], index * BAR_ROW, _scaled(row[column], largest, BAR_WIDTH))
            for index, row in enumerate(rows)]
    return BarChart(bars, BAR_WIDTH + 160, max(len(bars), 1) * BAR_ROW)  # room for long labels


def column_chart(rows, series=(1,)):
    """Columns per row (a quarter), one for each of the ``series`` number columns."""
    largest = max((row[i] or 0 for row in rows for i in series), default=0)
    group_width = len(series) * COLUMN_WIDTH + (len(series) - 1) * COLUMN_GAP
    slot = max(group_width + GROUP_GAP, GROUP_SLOT)  # wide enough for "III kw. 2026" under it
    groups = []
    for index, row in enumerate(rows):
        left = index * slot + (slot - group_width) // 2
        columns = []
        for number, i in enumerate(series):
            height = _scaled(row[i], largest, COLUMN_HEIGHT)
            columns.append(Column(number, row[i], left + number * (COLUMN_WIDTH + COLUMN_GAP),
                                  TOP + COLUMN_HEIGHT - height, height))
        groups.append(Group(str(row[0]), left + group_width // 2, columns))
    width = len(rows) * slot
    return ColumnChart(groups, max(width, 1), TOP + COLUMN_HEIGHT + BOTTOM, TOP + COLUMN_HEIGHT)


def chart_of(indicator, result):
    """The chart an indicator's result draws (None when there is nothing to draw)."""
    rows = result.rows  # the table's own rows: the chart shows no number the table lacks
    if result.empty or not rows:
        return None
    if indicator.chart == "columns":
        chart = column_chart(rows, indicator.series)
        return ColumnChart(chart.groups, chart.width, chart.height, chart.baseline,
                           tuple(str(indicator.columns[i]) for i in indicator.series))
    return bar_chart(rows, indicator.series[0])
