"""What a work report's figures and promises answer among the targets.

Review figures (上年工作回顾): the figure the report claims for the year reviewed, set against
the target of that year whose progress table reports on the same thing. The link is drawn
only where it is clear, and left out otherwise (a wrong pairing would put a claim beside a
report on something else):
- the figure is the one of its sentence that measures the target's goal (`analysis.pace.
  achieved_for`, as a progress text is read: the same unit once 万 and 亿 are taken out, the
  goal's words around it, not an early stage such as 开工);
- every word (`analysis.matching.words`) of what the goal measures is in what the figure
  measures, bar the words of doing that a plan and a review put differently (建设 / 建成);
- the figure does not share its measure with others: in `A、B分别增长 20%、2%` which figure
  is A's is the reader's pairing by order, not the text's;
- the target as a whole is like the figure's sentence (`SentenceMatcher`, at least
  SENTENCE_THRESHOLD): a goal may name its subject in an earlier clause (`…生物医药产业…,力争
  营业收入增长 20%左右`), which the figure's sentence must share;
- one to one: a target two figures would answer, or a figure two targets would, is unclear.

Main expected goals: the targets linked to the goals' sentence, each given to the goal clause
it matches (`analysis.matching.SentenceMatcher`) when that goal's figure is in its text.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from analysis.matching import SentenceMatcher, normalise, words
from analysis.pace import achieved_for, goals_of
from analysis.quantities import find_quantities

# Words that say what is done to the thing rather than what it is: a plan builds (建设) what
# the review says was built (建成) or opened (开设, 开通).
_DOING_WORDS = frozenset(
    {"建设", "建成", "新建", "开设", "开通", "实施", "完成", "实现", "达到", "年内", "全年", "力争", "确保", "争取"}
)
# A goal measured by a single word (`增长`) could be anything's growth.
_FEWEST_WORDS = 2
# Chosen on the seeds' three years of targets against the 2022 review: of the 20 pairs the
# other rules let through, the one wrong pair (a biomedical target's 营业收入增长 against the
# farm-produce processors') scores 0.22, the right ones 0.37 and more.
SENTENCE_THRESHOLD = 0.3
# A target's text against the goal clauses, as for a target and its sentence (targets.linking).
GOAL_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class ReviewFigure:
    key: Hashable
    sentence_key: Hashable
    sentence: str  # the text of its sentence
    start: int  # where the figure stands in it
    measure: str  # what it measures, as the parser read it


@dataclass(frozen=True, slots=True)
class TargetContent:
    key: Hashable
    content: str


def review_matches(figures: Sequence[ReviewFigure], targets: Sequence[TargetContent]) -> dict[Hashable, Hashable]:
    """{figure key: target key} for each review figure that clearly answers a target."""
    by_place = {(figure.sentence_key, figure.start): figure for figure in figures}
    sentences = {figure.sentence_key: figure.sentence for figure in figures}
    found = {key: find_quantities(text) for key, text in sentences.items()}
    matcher = SentenceMatcher(list(sentences.values()))
    index = {key: i for i, key in enumerate(sentences)}
    pairs = set()
    for target in targets:
        for figure in _measuring(target.content, sentences, found, by_place):
            if matcher.score(target.content, index[figure.sentence_key]).score >= SENTENCE_THRESHOLD:
                pairs.add((figure.key, target.key))
    return _one_to_one(pairs)


def _measuring(content: str, sentences: dict, found: dict, by_place: dict) -> list[ReviewFigure]:
    """The review figures that measure what one of the target's goals measures."""
    figures = []
    for goal in goals_of(content):
        for key, text in sentences.items():
            achieved = achieved_for(goal, text, found=found[key])
            figure = achieved and by_place.get((key, achieved.start))
            if figure and measures_alike(goal.measure, figure.measure):
                figures.append(figure)
    return figures


def measures_alike(goal_measure: str, figure_measure: str) -> bool:
    """Whether a review figure measures what a goal measures (see the module's rules)."""
    if "分别" in figure_measure:
        return False
    wanted = [word for word in words(goal_measure) if word not in _DOING_WORDS]
    measured = normalise(figure_measure)
    return len(wanted) >= _FEWEST_WORDS and all(word in measured for word in wanted)


def _one_to_one(pairs: set[tuple[Hashable, Hashable]]) -> dict[Hashable, Hashable]:
    per_figure = Counter(figure for figure, _ in pairs)
    per_target = Counter(target for _, target in pairs)
    return {figure: target for figure, target in pairs if per_figure[figure] == 1 and per_target[target] == 1}


@dataclass(frozen=True, slots=True)
class GoalClause:
    measure: str
    text: str  # the figure as written; the whole clause for a goal without a figure
    quantified: bool


def goal_of_each(clauses: Sequence[GoalClause], targets: Sequence[TargetContent]) -> dict[Hashable, int]:
    """{target key: index of its goal clause} for the targets linked to the goals' sentence;
    a target matching no single clause well enough is left out."""
    if not clauses:
        return {}
    matcher = SentenceMatcher([_clause_text(clause) for clause in clauses])
    found = {}
    for target in targets:
        best = matcher.best(target.content)
        if best and best.score >= GOAL_THRESHOLD and _states_figure(clauses[best.index], target.content):
            found[target.key] = best.index
    return found


def _clause_text(clause: GoalClause) -> str:
    return f"{clause.measure}{clause.text}" if clause.quantified else clause.text


def _states_figure(clause: GoalClause, content: str) -> bool:
    """`增长 5.5%左右` is GDP's and the budget's goal alike: the figure must be the target's too."""
    return not clause.quantified or bool(_figures_of(clause.text) & _figures_of(content))


def _figures_of(text: str) -> set[tuple]:
    return {(quantity.value, quantity.unit) for quantity in find_quantities(text)}
