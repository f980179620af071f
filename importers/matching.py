"""Finding the sentence a short text (a target, a task) was cut from.

Two measures, the better of which counts:
- `partial`: how well the text lines up, character by character, with some stretch of the
  sentence (rapidfuzz's partial_ratio): high when the text was copied nearly word for word;
- `coverage`: the share of the text's words (jieba) that the sentence contains, each word
  weighted by how rare it is among the candidates, so that 危化品 counts for more than 加快:
  high when the target picks one item out of a list (统筹抓好…国家儿童友好城市…创建).
"""

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import jieba
from rapidfuzz import fuzz

jieba.setLogLevel(logging.WARNING)

_NOT_TEXT = re.compile(r"[\s\W_]+")
# Characters the sources write in more than one way (traditional, variant or mis-recognised).
_VARIANTS = str.maketrans({"鄆": "郓", "郟": "郓"})
_STOPWORDS = {
    "和",
    "的",
    "等",
    "及",
    "与",
    "在",
    "以上",
    "左右",
    "全市",
    "我市",
    "持续",
    "加快",
    "推进",
    "推动",
    "着力",
}


def normalise(text: str) -> str:
    return _NOT_TEXT.sub("", text.translate(_VARIANTS)).lower()


def words(text: str) -> list[str]:
    return [word for word in jieba.lcut(normalise(text)) if len(word) > 1 and word not in _STOPWORDS]


@dataclass(frozen=True)
class Match:
    index: int
    score: float
    partial: float
    coverage: float


class SentenceMatcher:
    def __init__(self, sentences: Sequence[str]):
        self.sentences = [normalise(sentence) for sentence in sentences]
        self.count = len(self.sentences)
        self._idf: dict[str, float] = {}
        self._candidate_words: list[list[str]] = []

    def idf(self, word: str) -> float:
        if word not in self._idf:
            containing = sum(word in sentence for sentence in self.sentences)
            self._idf[word] = math.log((self.count + 1) / (containing + 1)) + 1
        return self._idf[word]

    def score(self, text: str, index: int) -> Match:
        """How well `text` lies inside candidate `index`."""
        return self._contained(normalise(text), words(text), self.sentences[index], index)

    def best(self, text: str) -> Match | None:
        """The candidate that `text` (a target) was most likely cut from."""
        query, query_words = normalise(text), words(text)
        return max(
            (self._contained(query, query_words, sentence, i) for i, sentence in enumerate(self.sentences)),
            key=lambda match: match.score,
            default=None,
        )

    def best_inside(self, text: str) -> Match | None:
        """The candidate (a target) that most likely lies inside `text` (a task's sentence)."""
        container = normalise(text)
        if not self._candidate_words:
            self._candidate_words = [words(sentence) for sentence in self.sentences]
        return max(
            (
                self._contained(sentence, self._candidate_words[i], container, i)
                for i, sentence in enumerate(self.sentences)
            ),
            key=lambda match: match.score,
            default=None,
        )

    def _contained(self, short: str, short_words: list[str], container: str, index: int) -> Match:
        partial = fuzz.partial_ratio(short, container) / 100 if short and container else 0.0
        # partial_ratio lines up the shorter text inside the longer one: a container shorter
        # than the text (五是加快新区建设) must not count as holding all of it.
        partial *= math.sqrt(min(1.0, len(container) / len(short))) if short else 0.0
        weights = {word: self.idf(word) for word in short_words}
        total = sum(weights.values())
        coverage = sum(w for word, w in weights.items() if word in container) / total if total else 0.0
        return Match(index, max(partial, coverage), partial, coverage)
