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
    for i, week in enumerate(weeks):
        bar_height = (week.count / peak * (plot_height - 16)) if peak else 0
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 1),
                y=round(plot_height - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label=week.start.strftime("%d %b"),
                count=week.count,
            )
        )
    return Chart(width, height, bars, peak, sum(w.count for w in weeks))
