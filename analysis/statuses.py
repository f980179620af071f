"""Status marks (是否按计划完成进度) and the codes they stand for."""

import re

ON_TRACK, BEHIND, DROPPED, UNREPORTED = "on_track", "behind", "dropped", "unreported"
# Reported done (已完成, 提前完成, 超额完成): no seed table writes these in its status column.
COMPLETED = "completed"
# A row cut off in the source (the last row of a page that lost its status and unit cells): the
# document does not say, which is not the government failing to report.
INCOMPLETE = "incomplete"
CODES = (ON_TRACK, BEHIND, DROPPED, UNREPORTED, COMPLETED, INCOMPLETE)
# Every status word met in the tables of Heze and of other cities, by the code it stands for.
_MARKS = {
    "是": ON_TRACK,
    "按计划推进": ON_TRACK,
    "按序时": ON_TRACK,
    "按序时推进": ON_TRACK,
    "达进度": ON_TRACK,
    "达到序时进度": ON_TRACK,
    "正常推进": ON_TRACK,
    "推进中": ON_TRACK,
    "已完成": COMPLETED,
    "完成": COMPLETED,
    "提前完成": COMPLETED,
    "超额完成": COMPLETED,
    "否": BEHIND,
    "未完成": BEHIND,
    "滞后": BEHIND,
    "推进缓慢": BEHIND,
    "欠进度": BEHIND,
    "慢序时": BEHIND,
    "未达到序时进度": BEHIND,
    "取消": DROPPED,
    "暂缓": DROPPED,
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
