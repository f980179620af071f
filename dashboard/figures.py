"""Plotly figures as the plain data plotly.js draws.

plotly.graph_objects validates every property on every assignment: building a chart took 10 to
20 ms, most of an uncached page's time (README, "Speed under load"). The charts set a handful of
known properties, so they are built here as the dicts plotly.js reads. The default template that
plotly.graph_objects would add (6.5 KB, half of a target page) is not in each figure: it is the
static file TEMPLATE_FILE, which static/js/charts.js gives every figure, so that they look the same.
`python -m dashboard.figures` writes the file afresh (after an upgrade of plotly).
"""

import json
from decimal import Decimal
from pathlib import Path

import plotly.io as pio

TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "static" / "js" / "chart-template.js"
TEMPLATE_VARIABLE = "chartTemplate"


def default_template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


def template_script() -> str:
    """TEMPLATE_FILE's text: plotly's default template as a global of the page."""
    template = json.dumps(default_template(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"// Written by `python -m dashboard.figures`: plotly's default template.\nwindow.{TEMPLATE_VARIABLE} = {template};\n"


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
        figure = {"data": self.data, "layout": self.layout}
        return json.dumps(figure, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value) -> float | str:
    """Decimals as numbers; lazy translations and other text-like values as text."""
    return float(value) if isinstance(value, Decimal) else str(value)


if __name__ == "__main__":
    TEMPLATE_FILE.write_text(template_script())
