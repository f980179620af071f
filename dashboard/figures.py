"""Plotly figures as the plain data plotly.js draws.

plotly.graph_objects validates every property on every assignment: building a chart took 10 to
20 ms, most of an uncached page's time (README, "Speed under load"). The charts set a handful of
known properties, so they are built here as the dicts plotly.js reads, with the default template
plotly.graph_objects would add, so that they look the same.
"""

import functools
import json
from decimal import Decimal

import plotly.io as pio


@functools.cache
def default_template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


class Figure:
    """The calls of plotly.graph_objects.Figure that the charts use, without the validation."""

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_bar(self, **trace) -> None:
        self.data.append({"type": "bar", **trace})

    def add_scatter(self, **trace) -> None:
        self.data.append({"type": "scatter", **trace})

    def update_layout(self, **properties) -> None:
        self.layout.update(properties)

    def update_xaxes(self, **properties) -> None:
        self.layout.setdefault("xaxis", {}).update(properties)

    def update_yaxes(self, **properties) -> None:
        self.layout.setdefault("yaxis", {}).update(properties)

    def to_json(self) -> str:
        figure = {"data": self.data, "layout": {"template": default_template(), **self.layout}}
        return json.dumps(figure, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value) -> float | str:
    """Decimals as numbers; lazy translations and other text-like values as text."""
    return float(value) if isinstance(value, Decimal) else str(value)
