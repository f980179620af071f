"""importers.table_extent: what a progress table says it covers and what it lists."""

from importers.table_extent import TableExtent, number_ranges, stated_total


def test_the_stated_total_is_read_from_the_text_before_the_table():
    notes = ["市政府办公室对2020年《政府工作报告》确定的196项经济社会发展责任目标上半年工作推进情况进行了调度。"]
    assert stated_total(["菏泽市人民政府 2020 年经济社会发展责任目标上半年工作推进情况一览表", *notes]) == 196
    assert stated_total(["菏泽市人民政府2022年经济社会发展责任目标第三季度工作推进情况一览表"]) is None
    # A count of something else, in another clause, is no total of targets.
    assert stated_total(["共召开会议 12 项，研究部署重点工作。目标明确"]) is None


def test_numbers_become_runs_with_their_gaps():
    assert number_ranges([3, 1, 2, 5, 5, 7, 8]) == [[1, 3], [5, 5], [7, 8]]
    assert number_ranges([]) == []


def test_the_2020_extract_lists_56_of_196_with_29_missing():
    extent = TableExtent.of([[1, 28], [30, 57]], 196, [57])
    assert (extent.listed, extent.first, extent.last, extent.gaps) == (56, 1, 57, [(29, 29)])
    assert extent.partial and extent.cut_off == (57,)


def test_an_extract_that_starts_past_1_is_partial_and_a_whole_table_is_not():
    assert TableExtent.of([[39, 86]], None, []).partial
    assert not TableExtent.of([[1, 200]], None, []).partial
    assert TableExtent.of([[1, 200]], 213, []).partial  # fewer than the text says
    assert not TableExtent.of([], None, []).partial
