"""analysis/search_words.py: texts and queries cut into the words of full-text search, and the
words offered near a query that found nothing (plain Python, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from analysis.search_words import (
    MAX_QUERY_WORDS,
    gram_text,
    index_text,
    index_words,
    inside_pieces,
    nearby_words,
    needs_substring_match,
    query_words,
    report_texts,
    search_word_pattern,
    texts_digest,
    word_grams,
)


def test_a_text_keeps_ascii_runs_whole_and_drops_punctuation():
    assert index_words("加快实施5G和固定网络“双千兆”工程,年内建成并开通5G基站2000个") == (
        "加快", "实施", "5g", "和", "固定", "网络", "千兆", "双千兆", "工程", "年内", "建成", "并", "开通", "5g", "基站", "2000", "个",
    )  # fmt: skip


def test_a_text_gives_each_word_and_the_dictionary_words_inside_it():
    assert {"婴幼", "幼儿", "婴幼儿", "托位"} <= set(index_words("新增3岁以下婴幼儿照护服务托位1万个"))


def test_full_width_letters_variant_characters_and_case_are_read_as_one_form():
    assert index_text(["５Ｇ", "鄆城", "5g"]) == "5g 郓城 5g"


def test_a_query_keeps_its_words_once_and_drops_single_characters_beside_longer_ones():
    assert query_words("5G基站") == ["5g", "基站"]
    assert query_words("托位的数量，托位") == ["托位", "数量"]
    assert query_words("托") == ["托"]


def test_a_query_of_no_letters_or_digits_has_no_words():
    for query in ["", "   ", "，。！", "😀", '"*-^:()', "\x00"]:
        assert query_words(query) == []


def test_hostile_syntax_is_only_words():
    assert query_words('"NEAR(基站 OR 5G)" -托位*') == ["near", "基站", "or", "5g", "托位"]


def test_a_long_query_is_cut_to_its_first_words():
    words = query_words("".join(f"词{number}号" for number in range(500)))
    assert 0 < len(words) <= MAX_QUERY_WORDS


def test_single_characters_and_words_jieba_guessed_are_matched_inside_words():
    assert needs_substring_match("托") and needs_substring_match("卫身")
    assert not needs_substring_match("基站") and not needs_substring_match("5g")


def test_a_words_pieces_are_its_two_character_runs_then_its_last_character():
    assert word_grams("托位") == ["托位", "位"] and word_grams("托") == ["托"]
    assert word_grams("市卫身健康委") == ["市卫", "卫身", "身健", "健康", "康委", "委"]
    assert gram_text("托位 市卫身 5g") == "托位 位 市卫 卫身 身 5g g"
    assert inside_pieces("卫身健") == ["卫身", "身健"] and inside_pieces("托") == ["托"]


def holds_in_a_row(pieces: list[str], row: list[str]) -> bool:
    return any(pieces[start : start + len(row)] == row for start in range(len(pieces)))


# Few characters, so that words and runs share many of them.
FEW_CHARACTERS = st.text(alphabet="托位育市卫身", min_size=1, max_size=6)


@given(words=st.lists(FEW_CHARACTERS, min_size=1, max_size=4), run=FEW_CHARACTERS)
def test_a_run_is_inside_one_of_the_words_exactly_when_its_pieces_are_found_among_theirs(words, run):
    pieces = gram_text(" ".join(words)).split()
    if len(run) > 1:
        found = holds_in_a_row(pieces, inside_pieces(run))
    else:
        found = any(piece.startswith(run) for piece in pieces)
    assert found == any(run in word for word in words)


def test_nearby_words_are_the_most_alike_never_the_query_itself():
    vocabulary = {"托位": 3, "托育": 5, "基站": 9}
    assert nearby_words("托育位", vocabulary) == ["托育", "托位"]
    assert "托育" not in nearby_words("托育", vocabulary)
    assert nearby_words("量子计算", vocabulary) == [] and nearby_words("", vocabulary) == []


def test_a_query_of_several_words_offers_each_word_the_vocabulary_holds():
    assert nearby_words("5G卫星", {"5g": 3, "卫星": 1, "基站": 9}) == ["5g", "卫星"]


def test_a_reports_texts_name_each_unit_once_and_change_their_digest_with_any_text():
    texts = report_texts(
        "新建 5G 基站", "807 个", "王昌华", ["市工信局", "市工业和信息化局", "市工信局"], {"备注": "无"}
    )
    assert texts == ["新建 5G 基站", "807 个", "王昌华", "市工信局", "市工业和信息化局", "无"]
    assert texts_digest(texts) != texts_digest([*texts[:-1], "有"])


def test_the_pattern_finds_a_querys_words_as_written():
    pattern = search_word_pattern("5g基站 郓城")
    assert [found.group() for found in pattern.finditer("５Ｇ基站、5G 基站，鄆城")] == [
        "５Ｇ",
        "基站",
        "5G",
        "基站",
        "鄆城",
    ]
    assert search_word_pattern("，") is None
