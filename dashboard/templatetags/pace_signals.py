"""Signals in templates, written as dashboard.signal_marks writes them in tables."""

from django import template

from dashboard.signal_marks import TILE_SIGNALS, signal_badge, signal_label

register = template.Library()
register.filter("signal_badge", signal_badge)


@register.filter
def signal_tiles(total: dict) -> list[dict]:
    """A roll-up row's count of each tile signal, with the signal's label."""
    return [
        {"signal": signal, "count": total[f"signal_{signal}"], "label": signal_label(signal)} for signal in TILE_SIGNALS
    ]
