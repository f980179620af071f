"""The charts' template: plotly's default template, served as a static file that every figure
takes in the browser (dashboard.figures), and left out of each figure on the page."""

import json

import pytest

from dashboard.figures import TEMPLATE_FILE, TEMPLATE_VARIABLE, Figure, default_template, template_script


def test_the_static_template_file_is_plotlys_default_template_as_installed():
    written = TEMPLATE_FILE.read_text()
    assert written == template_script(), "plotly's template changed: run `python -m dashboard.figures`"
    prefix = f"window.{TEMPLATE_VARIABLE} = "
    script = next(line for line in written.splitlines() if line.startswith(prefix))
    assert json.loads(script.removeprefix(prefix).rstrip(";")) == default_template()


def test_a_figure_carries_its_own_data_and_layout_without_the_template():
    figure = Figure()
    figure.add_bar(x=["王昌华"], y=[3])
    figure.update_layout(height=320)
    assert json.loads(figure.to_json()) == {
        "data": [{"type": "bar", "x": ["王昌华"], "y": [3]}],
        "layout": {"height": 320},
    }


@pytest.mark.django_db
def test_a_page_with_a_chart_loads_the_template_before_drawing(client, imported_fixtures):
    page = client.get("/periods/2023-H1/", secure=True).content.decode()
    template, drawing = page.index("js/chart-template"), page.index("js/charts")
    assert template < drawing and '"template"' not in page
