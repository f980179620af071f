"""The rows of a django-tables2 table, written in Python: the library's template spends longer on
each cell's tags and attribute lookups than the cell's value takes to compute (a period page's
50 rows of 11 cells: half of its render)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def table_body(context: template.Context, table) -> SafeString:
    """The table's `<tr>` elements as django-tables2's template writes them: each cell's value
    escaped and localised as `{{ cell }}` would be, its `<td>` attributes those of its column."""
    cell_attributes = {column.name: _fixed_cell_attributes(table, column) for column in table.columns}
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in _cells(table, row):
            attributes = cell_attributes[column.name]
            if attributes is None:
                attributes = column.attrs["td"].as_html()
            cells.append(f"<td {attributes}>{_written(cell, context)}</td>")
        rows.append(f"<tr {row.attrs.as_html()}>{''.join(cells)}</tr>")
    if not rows and table.empty_text:
        rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text))
    return mark_safe("\n".join(rows))


def _written(cell, context: template.Context) -> str:
    """The cell as `{{ cell }}` writes it. A SafeString (a cell's own HTML, most of them) is
    written as it is: the template's localising and escaping would give it back unchanged."""
    return cell if type(cell) is SafeString else render_value_in_context(cell, context)


def _cells(table, row):
    """(bound column, cell) of the row: from the table's own writer where it has one
    (ReportTable.cells_of), else from django-tables2's."""
    if hasattr(table, "cells_of"):
        return zip(table.columns, table.cells_of(row.record), strict=True)
    return row.items()


def _fixed_cell_attributes(table, column) -> str | None:
    """The column's `<td>` attributes when no row changes them (none of them computed from the
    record), else None."""
    declared = {**table.attrs, **column.column.attrs}
    values = {**declared.get("cell", {}), **declared.get("td", {})}
    if any(callable(value) for value in values.values()):
        return None
    return column.attrs["td"].as_html()
