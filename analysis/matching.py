"""Finding the sentence a short text (a target, a task) was cut from.

Two measures, the better of which counts:
- `partial`: how well the text lines up, character by character, with some stretch of the
  sentence (rapidfuzz's partial_ratio): high when the text was copied nearly word for word;
- `coverage`: the share of the text's words (jieba) that the sentence contains, each word
  weighted by how rare it is among the candidates, so that 危化品 counts for more than 加快:
  high when the target picks one item out of a list (统筹抓好…国家儿童友好城市…创建).
"""

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import jieba
import numpy as np
from rapidfuzz import fuzz, process

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


# Segmenting is the slow part of matching (a quarter of a millisecond a text): the words of
# texts already seen are kept, and the caller may hand in those it stored (remember_words).
_KNOWN_WORDS: dict[str, list[str]] = {}
_MOST_KNOWN = 200_000


def words(text: str) -> list[str]:
    """The words of `text` that matching weighs (callers must not change the list)."""
    found = _KNOWN_WORDS.get(text)
    if found is None:
        found = [word for word in jieba.lcut(normalise(text)) if len(word) > 1 and word not in _STOPWORDS]
        remember_words(text, found)
    return found


def remember_words(text: str, found: list[str]) -> None:
    if len(_KNOWN_WORDS) >= _MOST_KNOWN:
        _KNOWN_WORDS.clear()
    _KNOWN_WORDS[text] = found


def known_words(text: str) -> list[str] | None:
    return _KNOWN_WORDS.get(text)


def text_digest(text: str) -> str:
    """A short fixed-length name of a text, to store its words under."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


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
        self._lengths = np.array([len(sentence) for sentence in self.sentences], dtype=float)
        self._idf: dict[str, float] = {}
        self._holding: dict[str, np.ndarray] = {}
        self._candidate_words: list[list[str]] = []

    def holding(self, word: str) -> np.ndarray:
        """Which candidates hold `word`."""
        if word not in self._holding:
            self._holding[word] = np.array([word in sentence for sentence in self.sentences], dtype=bool)
        return self._holding[word]

    def idf(self, word: str) -> float:
        if word not in self._idf:
            containing = int(self.holding(word).sum())
            self._idf[word] = math.log((self.count + 1) / (containing + 1)) + 1
        return self._idf[word]

    def score(self, text: str, index: int) -> Match:
        """How well `text` lies inside candidate `index`."""
        return self._contained(normalise(text), words(text), self.sentences[index], index)

    def best(self, text: str) -> Match | None:
        """The candidate that `text` (a target) was most likely cut from. Every candidate is scored
        at once (rapidfuzz's cdist, numpy) with the very arithmetic of `_contained`, so the same
        candidate wins as when they are scored one by one (the first of equals)."""
        if not self.count:
            return None
        query = normalise(text)
        partial, coverage = self._partials(query), self._coverages(words(text))
        scores = np.maximum(partial, coverage)
        index = int(np.argmax(scores))
        return Match(index, float(scores[index]), float(partial[index]), float(coverage[index]))

    def _partials(self, query: str) -> np.ndarray:
        if not query:
            return np.zeros(self.count)
        ratios = process.cdist([query], self.sentences, scorer=fuzz.partial_ratio, dtype=np.float64)[0]
        partial = np.where(self._lengths > 0, ratios / 100, 0.0)
        return partial * np.sqrt(np.minimum(1.0, self._lengths / len(query)))

    def _coverages(self, query_words: list[str]) -> np.ndarray:
        weights = {word: self.idf(word) for word in query_words}
        total = sum(weights.values())
        found = np.zeros(self.count)
        for word, weight in weights.items():
            found = found + weight * self.holding(word)
        return found / total if total else found

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


# The weight a one-sentence matcher gives a word its sentence lacks (log(2/1) + 1), against 1
# for a word it has: how much a missing word lowers coverage.
_MISSING_WORD_WEIGHT = math.log(2) + 1


class PairScoreBounds:
    """Upper bounds, for one text against every text of a set at once, of the two-way score
    (the text inside each candidate and each candidate inside the text, averaged) that
    `SentenceMatcher(...).score` gives a pair. They come from counts of shared characters, so a
    set can be passed over whole when no candidate could reach a threshold, without scoring it.

    Why they hold: partial_ratio lines up the shorter text (n characters) against a window of
    the longer; with L characters in common (as multisets) no window scores above 2L / (n + L).
    Coverage counts words found inside the other text; a word can only be found if all its
    characters are there, and a one-sentence matcher weighs a found word 1 and a missing one
    log 2 + 1, so coverage is at most f / (f + (log 2 + 1)(m − f)) with f such words of m."""

    def __init__(self, texts: Sequence[str]):
        normalised = [normalise(text) for text in texts]
        self.column = {char: i for i, char in enumerate(sorted({char for text in normalised for char in text}))}
        self.counts = np.zeros((len(texts), len(self.column)), dtype=np.int32)
        for row, text in enumerate(normalised):
            for char, count in Counter(text).items():
                self.counts[row, self.column[char]] = count
        self.lengths = np.array([len(text) for text in normalised])
        self._index_words(texts)

    def _index_words(self, texts: Sequence[str]) -> None:
        """Each distinct word of each text, as the text it belongs to and its characters' columns."""
        word_rows, char_words, char_columns, widths = [], [], [], []
        self.word_totals = np.zeros(len(texts))
        for row, text in enumerate(texts):
            distinct = set(words(text))
            self.word_totals[row] = len(distinct)
            for word in distinct:
                chars = {self.column[char] for char in word}
                char_words += [len(widths)] * len(chars)
                char_columns += chars
                widths.append(len(chars))
                word_rows.append(row)
        self.word_rows, self.word_widths = np.array(word_rows, dtype=np.int64), np.array(widths)
        self.char_words, self.char_columns = (
            np.array(char_words, dtype=np.int64),
            np.array(char_columns, dtype=np.int64),
        )

    def two_way(self, text: str) -> np.ndarray:
        query = normalise(text)
        query_counts = Counter(char for char in query if char in self.column)
        columns = [self.column[char] for char in query_counts]
        shared = np.minimum(self.counts[:, columns], np.array(list(query_counts.values()), dtype=np.int32)).sum(axis=1)
        shorter = np.minimum(self.lengths, len(query))
        partial = np.divide(2 * shared, shorter + shared, out=np.zeros(len(self.lengths)), where=shorter > 0)
        forward = _coverage_bound(self._words_found_in_candidates(text), len(set(words(text))))
        present = np.zeros(len(self.column), dtype=bool)
        present[columns] = True
        backward = _coverage_bound(self._candidate_words_found_in(present), self.word_totals)
        return (np.maximum(partial, forward) + np.maximum(partial, backward)) / 2

    def _words_found_in_candidates(self, text: str) -> np.ndarray:
        found = np.zeros(len(self.lengths))
        for word in set(words(text)):
            if all(char in self.column for char in word):
                found += np.all(self.counts[:, [self.column[char] for char in word]] > 0, axis=1)
        return found

    def _candidate_words_found_in(self, present: np.ndarray) -> np.ndarray:
        chars_present = np.bincount(
            self.char_words, weights=present[self.char_columns], minlength=len(self.word_widths)
        )
        whole = chars_present == self.word_widths
        return np.bincount(self.word_rows, weights=whole, minlength=len(self.lengths))


def _coverage_bound(found, total) -> np.ndarray:
    found, total = np.asarray(found, dtype=float), np.asarray(total, dtype=float)
    denominator = found + _MISSING_WORD_WEIGHT * (total - found)
    return np.divide(found, denominator, out=np.zeros(np.broadcast(found, total).shape), where=denominator > 0)
