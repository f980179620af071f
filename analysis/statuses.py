"""Status marks (是否按计划完成进度) and the codes they stand for."""

import re

ON_TRACK, BEHIND, DROPPED, UNREPORTED = "on_track", "behind", "dropped", "unreported"
CODES = (ON_TRACK, BEHIND, DROPPED, UNREPORTED)
_MARKS = {
    "是": ON_TRACK,
    "已完成": ON_TRACK,
    "完成": ON_TRACK,
    "按计划推进": ON_TRACK,
    "否": BEHIND,
    "未完成": BEHIND,
    "滞后": BEHIND,
    "—": DROPPED,
    "——": DROPPED,
    "-": DROPPED,
    "－": DROPPED,
    "--": DROPPED,
    "不再实施": DROPPED,
    "": UNREPORTED,
}


def status_code(text: str) -> str | None:
    """The status code of a mark, or None for a mark we do not know."""
    return _MARKS.get(re.sub(r"\s+", "", text))


def is_status_mark(text: str) -> bool:
    return bool(text) and status_code(text) is not None
