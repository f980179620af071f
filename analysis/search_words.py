"""The words of full-text search: a report's text cut into the words an index keeps, a query cut
into the words a report must hold, and the words of an index nearest to a query that found
nothing.

Both sides are first put in one form: NFKC (full-width ５Ｇ is 5G), the variant characters and
lower case of analysis.matching's normalise, and cut apart at everything that is no letter or
digit, so punctuation never becomes a word and a run of ASCII letters and digits (5G, 1700) is
one word. A report's text is then cut in jieba's search mode, which gives each word and the
dictionary words inside it (婴幼儿 → 婴幼, 幼儿, 婴幼儿); a query in the precise mode, its words
as written, each of which the search-mode words of a text holding it hold too."""

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

import jieba
from rapidfuzz import fuzz, process

from analysis.matching import _VARIANTS, normalise, text_digest

# Anything that is no letter or digit (the underscore too: \w counts it).
_SEPARATORS = re.compile(r"[\W_]+")
# A query is read up to this many characters and this many words: a pasted paragraph is decided
# by its first words anyway, and each word is one more term of the index's query.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
# How alike (rapidfuzz's ratio, 0–100) a word of the index must be to a query's word to be offered.
LEAST_LIKENESS = 50


def load_dictionary() -> None:
    """Loads jieba's dictionary now rather than at the first text cut (0.7 s and 54 MiB): the web
    process calls it as it starts, so that no visitor's first search waits for it."""
    jieba.initialize()


def _chunks(text: str) -> list[str]:
    """`text` in normal form, cut at every separator."""
    return [normalise(chunk) for chunk in _SEPARATORS.split(unicodedata.normalize("NFKC", text)) if chunk]


@functools.lru_cache(maxsize=20_000)
def index_words(text: str) -> tuple[str, ...]:
    """Every word an index keeps of `text`, in order (repeats kept: they count for ranking).
    Kept per text: a target's content recurs in each period's report of it."""
    words: list[str] = []
    for chunk in _chunks(text):
        words += (word for word in jieba.cut_for_search(chunk) if word.strip())
    return tuple(words)


def index_text(texts: Iterable[str]) -> str:
    """The words of several texts (a report's target, progress, leader, units), space-joined."""
    return " ".join(word for text in texts for word in index_words(text))


def word_grams(word: str) -> list[str]:
    """The pieces a word is found by from inside (托 in 托位, 卫身 in 市卫身健康委): its runs of two
    characters in order, then its last character alone (托位 → 托位 位). Each of its characters
    starts one of them, and a run of characters is inside the word exactly when the run's own
    two-character pieces stand in a row among the word's; the closing single character keeps such
    a row from running on into the next word."""
    return [word[start : start + 2] for start in range(len(word) - 1)] + [word[-1:]]


def gram_text(words: str) -> str:
    """The pieces of each of `words` (space-joined, as index_text writes them), space-joined."""
    return " ".join(gram for word in words.split() for gram in word_grams(word))


def inside_pieces(word: str) -> list[str]:
    """What a text's gram_text holds in a row where `word` is inside one of its words: the word's
    two-character runs, or for a single character the character itself, which starts a piece."""
    return [word[start : start + 2] for start in range(len(word) - 1)] or [word]


def query_words(query: str) -> list[str]:
    """The words a text must all hold to match `query`, each once, in the query's order.

    Single characters are mostly particles and measure words (的, 了, 个) that jieba leaves
    between words: beside longer words they are dropped. A query of single characters only
    (托, 5) keeps them, and the caller matches them as parts of words (see needs_substring_match).
    A long query is cut to its first MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words."""
    words: list[str] = []
    for chunk in _chunks(query[:MAX_QUERY_CHARS]):
        words += (word for word in jieba.cut(chunk) if word.strip())
    unique = list(dict.fromkeys(words))
    longer = [word for word in unique if len(word) > 1]
    return (longer or unique)[:MAX_QUERY_WORDS]


def needs_substring_match(word: str) -> bool:
    """Whether a query's word is to be looked for inside the words of a text rather than among
    them: a single character (托 is inside 托位 and 托育), or a word jieba's dictionary lacks,
    which it guessed from its context (HMM): the same characters in another context may be cut
    otherwise (卫身 alone, 市卫身 in 市卫身健康委). Runs of ASCII letters and digits are always
    cut whole, and dictionary words the same way wherever they stand."""
    if len(word) == 1:
        return True
    if word.isascii():
        return False
    jieba.initialize()
    return not jieba.get_FREQ(word)


def nearby_words(query: str, vocabulary: Mapping[str, int], limit: int = 5) -> list[str]:
    """Up to `limit` words of `vocabulary` (word → how many texts hold it) near the words of
    `query`, the most alike first (the more frequent among equals); never the query itself.
    For a query of several words, each of them the vocabulary holds is offered on its own too."""
    wanted = query_words(query)
    whole = "".join(_chunks(query))
    scored: dict[str, tuple[float, int]] = {}
    for word in wanted:
        if len(wanted) > 1 and word in vocabulary:
            scored[word] = (100.0, vocabulary[word])
        for found, score, _index in process.extract(
            word, vocabulary.keys(), scorer=fuzz.ratio, limit=limit * 4, score_cutoff=LEAST_LIKENESS
        ):
            if found != word and score > scored.get(found, (0.0, 0))[0]:
                scored[found] = (score, vocabulary[found])
    offered = [word for word in scored if word not in (whole, query.strip())]
    offered.sort(key=lambda word: (-scored[word][0], -scored[word][1], word))
    return offered[:limit]


def report_texts(content: str, progress: str, leader: str, units: Iterable[str], extras: Mapping) -> list[str]:
    """The texts of a report that search looks in, in a fixed order (their digest tells whether
    they changed): its target's content, its progress, its leader, each of its unit names once
    (as written and as resolved), the values of its extra columns."""
    return [content, progress, leader, *dict.fromkeys(units), *(str(value) for value in extras.values())]


def texts_digest(texts: list[str]) -> str:
    """A short name of a report's texts, which changes when any of them does."""
    return text_digest("\x1f".join(texts))


def search_word_pattern(query: str) -> re.Pattern | None:
    """A pattern finding the words of `query` in a text as written: longer words first, any case,
    a variant character for the character it stands for (鄆 for 郓); None for a query of no words."""
    words = sorted(query_words(query), key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(_spelt_any_way(word) for word in words), re.IGNORECASE)


def _spelt_any_way(word: str) -> str:
    return "".join(f"[{re.escape(''.join(_spellings(character)))}]" for character in word)


def _spellings(character: str) -> list[str]:
    """The ways a character of a query's word may be written in a text: itself, its variants
    (normalise reads 鄆 as 郓), and the full-width form of an ASCII letter or digit (NFKC)."""
    found = [character, *(chr(code) for code, target in _VARIANTS.items() if target == character)]
    if character.isascii() and character.isalnum():
        found.append(chr(ord(character) + 0xFEE0))
    return found
