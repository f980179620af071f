"""How far a target really is: the goal in its text, the figure its progress text reports,
completion, the progress expected for the time elapsed (序时进度), and a signal.

Goals come in four kinds, each compared in its own way:
- amount (`新建并开通 5G 基站 1700 个以上`): completion = achieved / goal, against the time elapsed;
- growth (`增长 5.5%左右`): the reported rate against the goal rate, directly;
- share (`参保率达到 97%以上`): the reported level against the goal level, directly;
- ceiling (`控制在 5.5%以内`): the reported level must stay at or under the goal.
A progress text may also state its own completion (`完成年度预算的 54%`, `完成率 56.5%`): a
share of the year's amount, compared with the time elapsed. When a growth goal has one, the
stated share decides the signal: the growth rate says how this year compares with last, the
share says how far the year's plan is, which is what 序时进度 measures.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from analysis.deadlines import Deadline
from analysis.quantities import (
    ABOUT,
    CLASSIFIERS,
    NOT_AMOUNTS,
    SCALES,
    THING_CLASSIFIERS,
    WITHIN,
    Quantity,
    find_quantities,
)
from analysis.signals import CANCELLED, GREEN, GREY, RED, YELLOW
from analysis.statuses import BEHIND, COMPLETED, DROPPED, ON_TRACK

AMOUNT, GROWTH, SHARE, CEILING, STATED_SHARE = "amount", "growth", "share", "ceiling", "stated_share"

_RATE_WORDS = re.compile(r"增长|增速|增幅|提高|下降|降低|减少")
_CLAUSE = re.compile(r"[，,；;。：:！？、]")
_SENTENCE = re.compile(r"[。；;！？]")
_SHARE_CELL = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*(?P<percent>[%％])?")
_STATED_SHARE = re.compile(
    r"(?:完成率(?:达到?|为)?|完成(?:了)?(?:年度|全年)?(?:预算|计划|目标|任务|目标任务|投资计划)+的?"
    r"|占(?:年度|全年)(?:总投资|计划|目标|任务|预算)?的?|达到?(?:年度|全年)(?:计划|目标|任务)的?)"
    r"\s*(?P<value>\d+(?:\.\d+)?)\s*%"
)
_CJK_NOUN = re.compile(r"(?![和及与或、])[\u4e00-\u9fff“]")
_NOUN_THEN_OF = re.compile(r"[\u4e00-\u9fff]{1,4}的")
MATCH_THRESHOLD = 0.34  # share of the goal's words the progress must repeat around a figure
_BREAKDOWN = re.compile(r"[\u4e00-\u9fff“”]*[，,]\s*其中")
_LINKING_WORD = re.compile(r"[为是已被均都达将把在]")
_EARLY_STAGE = re.compile(
    r"开工|在建|正在|其余|申报|申请|报送|审核|征集|评价|评审|储备|摸排|选址|勘察|设计|方案|批复|前期|谋划|纳入|培育库"
)


@dataclass(frozen=True, slots=True)
class FoundFigure:
    """A figure read from a text, with where it stands so that a page can highlight it."""

    value: Decimal
    unit: str
    start: int | None  # None: read from a cell of its own (a 完成率 column), not from the progress text
    end: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Goal:
    kind: str
    measure: str
    value: Decimal
    unit: str
    comparison: str | None
    figure: FoundFigure


@dataclass(frozen=True, slots=True)
class Pace:
    kind: str | None = None  # amount, growth, share, ceiling or stated_share: how it was measured
    goal: Goal | None = None
    achieved: FoundFigure | None = None
    stated_share: FoundFigure | None = None
    completion: float | None = None  # of the goal (amounts) or as the text states it
    expected: float | None = None
    measured_signal: str = GREY
    signal: str = GREY
    contradiction: bool = False
    gap: float | None = None  # how far behind pace, in points (amounts) or rate points (rates)
    note: str = ""


@dataclass(frozen=True)
class Thresholds:
    margin: float = 10.0  # points of completion behind pace that are still yellow
    rate_margin: float = 1.0  # points of a rate or share below goal that are still yellow


def base_value(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """1 万个 and 10587 个 compare: 万 and 亿 go into the value, the rest is the unit."""
    if unit[:1] in SCALES and len(unit) > 1:
        return value * SCALES[unit[0]], unit[1:]
    return value, unit


def _qualifies(text: str, quantity: Quantity) -> bool:
    """Whether a figure names or describes something rather than counting it: 过10亿元企业,
    “人才新政30条”, 30万吨/年, 300万吨减油增化项目, 投资 24 亿元的…, 十九届, 后20位."""
    before, after = text[: quantity.start], text[quantity.end :]
    if before.rstrip().endswith("过") or before.count("“") > before.count("”"):
        return True
    if quantity.unit in NOT_AMOUNTS or after.startswith("/"):
        return True
    if quantity.unit == "%":
        return False  # 40%以上的县域医共体 is a goal
    if after.startswith("的") or _NOUN_THEN_OF.match(after):  # 投资 24 亿元的…, 168个城市的后20位
        return True
    return quantity.unit not in CLASSIFIERS and bool(_CJK_NOUN.match(after))


def goals_of(text: str) -> list[Goal]:
    goals = []
    quantities = find_quantities(text)
    for index, quantity in enumerate(quantities):
        if _qualifies(text, quantity):
            continue
        # The goal's words stop at the figures beside it: 认定 100 家以上、入选…信息库企业 500 家以上.
        start = quantities[index - 1].end if index else 0
        stop = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
        before = re.split(r"[和及与]", _clause_before(text[start:], quantity.start - start))[-1]
        after = _clause_after(text[:stop], quantity.end).strip("、")
        measure = f"{before}…{after}".strip("…")
        figure = FoundFigure(quantity.value, quantity.unit, quantity.start, quantity.end, quantity.text)
        goals.append(Goal(_kind(quantity, before), measure, quantity.value, quantity.unit, quantity.comparison, figure))
    return goals


def _kind(quantity: Quantity, before: str) -> str:
    if quantity.comparison == WITHIN:
        return CEILING
    if quantity.unit in ("%", "个百分点"):
        return GROWTH if _RATE_WORDS.search(before) else SHARE
    return AMOUNT


def _clause_before(text: str, at: int) -> str:
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    return text[start:at].strip()


def _clause_after(text: str, at: int) -> str:
    end = next((m.start() for m in _CLAUSE.finditer(text, at)), len(text))
    return text[at:end].strip()


def _sentence_before(text: str, at: int) -> str:
    start = max((m.end() for m in _SENTENCE.finditer(text, 0, at)), default=0)
    return text[start:at].strip()


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def _overlap(goal_words: set[str], context: str) -> float:
    return len(goal_words & _bigrams(context)) / len(goal_words) if goal_words else 0.0


def _same_unit(goal_unit: str, unit: str) -> bool:
    """个 is the all-purpose classifier: 1000 个希望小屋 are counted as 1331 间, 100 个小荷学堂
    as 100 处; 名 and 人 both count people."""
    if goal_unit == unit:
        return True
    if goal_unit == "个":
        return unit in THING_CLASSIFIERS
    return {goal_unit, unit} == {"名", "人"}


def _clause_overlap(goal_words: set[str], clause: str) -> float:
    """A short clause that repeats two or more of the goal's words (新增托位 for 新增…照护服务托位)."""
    words = _bigrams(clause)
    shared = len(goal_words & words)
    return shared / min(len(goal_words), len(words)) if shared >= 2 else 0.0


def stated_share(progress: str) -> FoundFigure | None:
    match = _STATED_SHARE.search(progress)
    if not match:
        return None
    return FoundFigure(Decimal(match["value"]), "%", match.start(), match.end(), match.group())


def share_cell(text: str) -> FoundFigure | None:
    """The share a 完成率 or 占年任务之比 cell states: 84%, 84 or 0.84 of the year's task."""
    match = _SHARE_CELL.fullmatch(text.strip())
    if not match:
        return None
    value = Decimal(match["value"])
    percent = value if match["percent"] or value > 1 else value * 100
    return FoundFigure(percent, "%", None, None, text.strip())


def achieved_for(
    goal: Goal, progress: str, exclude: FoundFigure | None = None, found: list[Quantity] | None = None
) -> FoundFigure | None:
    """The figure of the progress text that measures what the goal measures: same unit (once
    万 and 亿 are taken out) and the goal's words around it; none rather than a wrong one."""
    goal_words = _bigrams(goal.measure)
    best, best_score = None, 0.0
    for quantity in find_quantities(progress) if found is None else found:
        if exclude and exclude.start is not None and exclude.start <= quantity.start < exclude.end:
            continue
        if not _may_measure(goal, progress, quantity):
            continue
        score = _words_score(goal_words, progress, quantity)
        if score > best_score:
            best, best_score = quantity, score
    if best is None or best_score < MATCH_THRESHOLD:
        return None
    return FoundFigure(best.value, best.unit, best.start, best.end, best.text)


def _may_measure(goal: Goal, progress: str, quantity: Quantity) -> bool:
    """Whether a figure of the progress text can be what the goal measures, before its words
    are looked at: a single value in the goal's unit that counts something."""
    _, goal_unit = base_value(goal.value, goal.unit)
    _, unit = base_value(quantity.value, quantity.unit)
    if not _same_unit(goal_unit, unit) or quantity.high is not None:
        return False
    if _qualifies(progress, quantity) and quantity.unit not in CLASSIFIERS:
        return False
    if quantity.value == goal.value and _BREAKDOWN.match(progress, quantity.end):
        return False  # 28个村台社区,其中9个…: the goal restated before its breakdown
    # A growth goal is a rate: its figure follows a word of growth or decline.
    return goal.kind != GROWTH or bool(_RATE_WORDS.search(_clause_before(progress, quantity.start)))


def _words_score(goal_words: set[str], progress: str, quantity: Quantity) -> float:
    """How much of the goal's words stand around a figure of the progress text."""
    clause = _clause_before(progress, quantity.start)
    after = _clause_after(progress, quantity.end)
    # 149家企业被认定为…专精特新中小企业: what is counted may follow the figure, but not in
    # 其中6个为重点镇, where the words after say what the figure is, not what it counts.
    after_score = 0.0 if _LINKING_WORD.match(after) else _clause_overlap(goal_words, after)
    score = max(_clause_overlap(goal_words, clause), after_score)
    if len(_bigrams(clause)) <= 3:  # `增长 4.7%`: the thing measured stands earlier in the sentence
        score = max(score, 0.8 * _overlap(goal_words, _sentence_before(progress, quantity.start)))
    if _EARLY_STAGE.search(clause + after):
        score /= 2  # 已开工817个, 完成选址, 方案已批复: a stage on the way, not the thing done
    return score


def expected_share(deadline: Deadline, year: int, as_of: date) -> float | None:
    """序时进度: the share of the time from the start of the target's year to its deadline that
    has passed at the as-of date (年底 at the end of June: 0.5); none for ongoing targets."""
    if deadline.due is None:
        return None
    elapsed = _months_since_start(year, as_of)
    allowed = _months_since_start(year, deadline.due)
    if allowed <= 0:
        return 1.0
    return max(0.0, min(1.0, elapsed / allowed))


def _months_since_start(year: int, day: date) -> float:
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return (day.year - year) * 12 + day.month - 1 + day.day / days_in_month


def assess(
    target: str,
    progress: str,
    status: str,
    deadline: Deadline,
    year: int,
    as_of: date,
    thresholds: Thresholds = Thresholds(),
    share_text: str = "",
) -> Pace:
    """Measure one report. `status` is the reported code (analysis.statuses.CODES); `share_text`
    a share of the year's task the table states in a column of its own (完成率), used when the
    progress text states none."""
    if status == DROPPED:
        return Pace(measured_signal=GREY, signal=CANCELLED, note="报告为“—”：不再实施")
    goals = goals_of(target)
    share = stated_share(progress) or share_cell(share_text)
    pace = _measure(goals, progress, share, deadline, year, as_of, thresholds)
    signal = RED if status == BEHIND else pace.measured_signal
    met = pace.measured_signal == GREEN and (pace.completion is None or pace.completion >= 1)
    # Reported on plan or done, yet measured red; reported behind, yet measured at its goal.
    reported_fine = status in (ON_TRACK, COMPLETED)
    contradiction = (reported_fine and pace.measured_signal == RED) or (status == BEHIND and met)
    return replace(pace, signal=signal, contradiction=contradiction)


def _measure(goals, progress, share, deadline, year, as_of, thresholds) -> Pace:
    found = find_quantities(progress)
    pairs = [(goal, achieved_for(goal, progress, exclude=share, found=found)) for goal in goals]
    goal, achieved = next(((g, a) for g, a in pairs if a is not None), (goals[0], None) if goals else (None, None))
    if goal is None:
        if share is not None:
            return _by_share(None, None, share, deadline, year, as_of, thresholds, "只有自述完成比例")
        return Pace(note="目标中没有可量化的数字")
    if goal.kind == AMOUNT and achieved is not None:
        achieved_value, _ = base_value(achieved.value, achieved.unit)
        goal_value, _ = base_value(goal.value, goal.unit)
        completion = float(achieved_value / goal_value) if goal_value else None
        expected = expected_share(deadline, year, as_of)
        signal, gap = _amount_signal(completion, expected, thresholds)
        note = f"完成 {achieved.text}，目标 {goal.figure.text}"
        return Pace(AMOUNT, goal, achieved, share, completion, expected, signal, signal, gap=gap, note=note)
    if goal.kind == GROWTH and share is not None:
        why = "按自述的年度完成比例判断：增速是与上年比较，完成比例才是与年度计划比较"
        return _by_share(goal, achieved, share, deadline, year, as_of, thresholds, why)
    if goal.kind == AMOUNT:
        if share is not None:
            return _by_share(
                goal, None, share, deadline, year, as_of, thresholds, "推进情况没有对应数字，按其自述完成比例"
            )
        return Pace(AMOUNT, goal, note="推进情况中没有与目标对应的数字")
    if achieved is None:
        return Pace(goal.kind, goal, note="推进情况中没有与目标对应的数字")
    signal, gap = _rate_signal(goal, achieved.value, thresholds)
    return Pace(goal.kind, goal, achieved, None, None, None, signal, signal, gap=gap, note=_rate_note(goal, achieved))


def _by_share(goal, achieved, share, deadline, year, as_of, thresholds, note) -> Pace:
    completion = float(share.value) / 100
    expected = expected_share(deadline, year, as_of)
    signal, gap = _amount_signal(completion, expected, thresholds)
    return Pace(STATED_SHARE, goal, achieved, share, completion, expected, signal, signal, gap=gap, note=note)


def _amount_signal(completion: float | None, expected: float | None, thresholds: Thresholds):
    if completion is None:
        return GREY, None
    if completion >= 1:
        return GREEN, 0.0
    if expected is None:
        return GREY, None
    gap = round((expected - completion) * 100, 1)
    if gap <= 0:
        return GREEN, gap
    return (YELLOW if gap <= thresholds.margin else RED), gap


def _rate_signal(goal: Goal, achieved: Decimal, thresholds: Thresholds):
    tolerance = Decimal(str(thresholds.rate_margin))
    if goal.kind == CEILING:
        gap = achieved - goal.value
    else:
        gap = goal.value - achieved - (tolerance if goal.comparison == ABOUT else 0)
    gap = float(gap)
    if gap <= 0:
        return GREEN, gap
    return (YELLOW if gap <= thresholds.rate_margin else RED), gap


def _rate_note(goal: Goal, achieved: FoundFigure) -> str:
    if goal.kind == CEILING:
        verdict = "未超过" if achieved.value <= goal.value else "超过"
        return f"{achieved.text}，{verdict}上限 {goal.figure.text}"
    verdict = "达到" if achieved.value >= goal.value else "低于"
    return f"实际 {achieved.text}，{verdict}目标 {goal.figure.text}"
