"""The dashboard's weekly chart: labels short enough to sit side by side."""

from datetime import UTC, datetime, timedelta

from hiring.dashboard.service import WeekCount
from hiring.web.stats import bar_chart


def test_week_labels_name_the_month_only_where_it_changes() -> None:
    first = datetime(2026, 9, 7, tzinfo=UTC)
    weeks = [WeekCount(first + timedelta(weeks=n), n) for n in range(12)]
    chart = bar_chart(weeks)
    labels = [bar.label for bar in chart.bars]
    assert labels[:6] == ["7 Sep", "14", "21", "28", "5 Oct", "12"]
    assert labels[-1] == "23"
    assert all(len(label) <= 6 for label in labels)
    # The full week is still said where there is room: the tooltip and the description.
    assert chart.bars[1].week == "14 Sep 2026"
