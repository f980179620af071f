"""How pages write a signal: its symbol before its label, in a badge coloured by its CSS class."""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from analysis.signals import CANCELLED, LOOKS, SIGNALS
from targets.models import Signal

# The signals counted in a page's tiles; cancelled reports are counted by the dropped-status tile.
TILE_SIGNALS = [signal for signal in SIGNALS if signal != CANCELLED]


def signal_label(signal: str) -> str:
    """`● 按序时推进`: the symbol tells the signals apart without their colours."""
    return f"{LOOKS[signal].symbol} {Signal(signal).label}"


def signal_badge(signal: str) -> SafeString:
    return format_html('<span class="signal signal-{}">{}</span>', signal, signal_label(signal))
