"""The signals a report's pace gets (how far it is against the time elapsed), and how they look.

Defined once here: the analysis gives the names, the model's choices take them and add the
labels pages show, and charts, tables, tiles and exports take each signal's look from here. Each
signal has its own colour from the Okabe–Ito palette (told apart with any common colour-vision
deficiency) and also its own symbol and bar pattern, so that pages, charts and print read
without telling colours apart.
"""

from dataclasses import dataclass

GREEN, YELLOW, RED, GREY, CANCELLED = "green", "yellow", "red", "grey", "cancelled"


@dataclass(frozen=True)
class SignalLook:
    name: str
    symbol: str
    colour: str
    pattern: str  # plotly's bar pattern shape; "" is a solid bar


LOOKS = {
    look.name: look
    for look in (
        SignalLook(GREEN, "●", "#009E73", ""),
        SignalLook(YELLOW, "▲", "#E69F00", "/"),
        SignalLook(RED, "■", "#D55E00", "x"),
        SignalLook(GREY, "○", "#999999", "."),
        SignalLook(CANCELLED, "✕", "#4D4D4D", "-"),
    )
}
SIGNALS = tuple(LOOKS)  # in the order pages, charts and roll-ups list them
MEASURED = (GREEN, YELLOW, RED)  # the signals of reports whose figures could be compared with the goal
BEHIND_PACE = (RED, YELLOW)  # the signals the watch list shows
