"""The dashboard's weekly chart as SVG geometry (the figures come from
``hiring.dashboard.service``)."""

from dataclasses import dataclass

from hiring.dashboard.service import WeekCount


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    week: str
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    peak: int
    total: int


def bar_chart(weeks: list[WeekCount], width: int = 480, height: int = 220) -> Chart:
    """Geometry of an SVG bar chart (the template draws it); 24 px at the bottom for labels."""
    peak = max((w.count for w in weeks), default=0)
    plot_height = height - 24
    slot = width / max(len(weeks), 1)
    bars = []
    month = None
    for i, week in enumerate(weeks):
        # The month only where it changes ("28 Sep", "5 Oct", "12", "19"): twelve full labels
        # do not fit side by side under the bars.
        label = str(week.start.day) if week.start.month == month else week.start.strftime("%-d %b")
        month = week.start.month
        bar_height = (week.count / peak * (plot_height - 16)) if peak else 0
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 1),
                y=round(plot_height - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label=label,
                week=week.start.strftime("%-d %b %Y"),
                count=week.count,
            )
        )
    return Chart(width, height, bars, peak, sum(w.count for w in weeks))
