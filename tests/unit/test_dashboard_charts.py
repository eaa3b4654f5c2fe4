"""The dashboard's chart geometry: bars and columns in proportion to their numbers, nothing
divided by zero when every number is nought, and no value drawn that the row lacks."""
from kooperacje.dashboard.charts import BAR_WIDTH, COLUMN_HEIGHT, bar_chart, column_chart


def test_bars_are_in_proportion_and_the_largest_is_full_length():
    chart = bar_chart([("a", 4), ("b", 2), ("c", 0)])
    assert [(bar.label, bar.value, bar.width) for bar in chart.bars] == [("a", 4, BAR_WIDTH), ("b", 2, BAR_WIDTH // 2),
                                                                          ("c", 0, 0)]


def test_all_noughts_or_no_rows_draw_nothing_and_divide_by_nothing():
    assert [bar.width for bar in bar_chart([("a", 0), ("b", 0)]).bars] == [0, 0]
    assert bar_chart([]).bars == []
    chart = column_chart([("I kw. 2026", None, 0), ("II kw. 2026", 0, 0)], series=(1, 2))
    assert [column.height for group in chart.groups for column in group.columns] == [0, 0, 0, 0]
    assert column_chart([], series=(1,)).groups == []


def test_columns_keep_a_missing_value_as_none_and_scale_the_rest():
    chart = column_chart([("I", None, 3), ("II", 6, 0)], series=(1, 2))
    values = [(group.label, column.series, column.value, column.height) for group in chart.groups
              for column in group.columns]
    assert values == [("I", 0, None, 0), ("I", 1, 3, COLUMN_HEIGHT // 2), ("II", 0, 6, COLUMN_HEIGHT), ("II", 1, 0, 0)]
    assert all(column.y + column.height == chart.baseline for group in chart.groups for column in group.columns)
