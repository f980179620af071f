""".xlsx files that would inflate without bound: zip bombs and XML entity expansion, refused in one line."""

import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError

from benchmarks.bench_limits import (
    HEADER_ROWS,
    MAIN,
    MIB,
    SHEET,
    SHEET_END,
    SHEET_START,
    package_parts,
    write_bomb,
    write_package,
    write_seed_xlsx,
)
from importers.cells import DEFAULT_LIMITS, ArchiveLimits, SourceRow, read_rows
from importers.errors import SourceError
from targets.models import ProgressReport, Target
from tests.conftest import PROGRESS_2023_H1, database_snapshot, import_report

# A "billion laughs": ten entities, each ten of the one before; &lol9; is a billion "lol"s.
LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">{}]>'.format(
    "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
)


def declare_size(path: Path, name: str, size: int) -> Path:
    """Rewrite the uncompressed size that the archive's directory declares for member `name`."""
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + int.from_bytes(data[entry + 28 : entry + 30], "little")] != name.encode():
        entry = data.find(b"PK\x01\x02", entry + 1)
    data[entry + 24 : entry + 28] = size.to_bytes(4, "little")
    path.write_bytes(data)
    return path


def read_all(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> list[SourceRow]:
    return list(read_rows(path, limits))


def members(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return {member.filename: member for member in archive.infolist()}


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path):
    bomb = write_bomb(tmp_path / "bomb.xlsx", 300 * MIB)
    assert bomb.stat().st_size < MIB  # a third of a megabyte on disk
    tracemalloc.start()
    try:
        with pytest.raises(SourceError) as raised:
            read_all(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(raised.value) == "bomb.xlsx: xl/worksheets/sheet1.xml inflates to 300 MiB, over the 200 MiB limit"
    assert peak < 5 * MIB


def test_a_member_over_a_smaller_limit_passed_in_is_refused_by_name(tmp_path):
    path = write_seed_xlsx(tmp_path / "seed.xlsx")
    sheet_size = members(path)[SHEET].file_size
    message = f"seed.xlsx: {SHEET} inflates to {sheet_size:,} bytes, over the {sheet_size - 1:,} bytes limit"
    with pytest.raises(SourceError) as raised:
        read_all(path, ArchiveLimits(max_uncompressed_bytes=sheet_size - 1))
    assert str(raised.value) == message


def test_members_that_together_pass_the_limit_are_refused(tmp_path):
    path = write_seed_xlsx(tmp_path / "seed.xlsx")
    sizes = [member.file_size for member in members(path).values()]
    limits = ArchiveLimits(max_uncompressed_bytes=sum(sizes) - 1)
    assert max(sizes) <= limits.max_uncompressed_bytes  # no member alone is over it
    with pytest.raises(SourceError, match=r"^seed.xlsx: the workbook inflates to .* in all, over the .* limit$"):
        read_all(path, limits)


def test_a_member_far_more_compressed_than_any_real_sheet_is_refused_under_the_size_limit(tmp_path):
    bomb = write_bomb(tmp_path / "bomb.xlsx", 20 * MIB)
    with pytest.raises(
        SourceError,
        match=r"^bomb.xlsx: xl/worksheets/sheet1.xml inflates [\d,]+ times its packed size, over the limit of 200 times",
    ):
        read_all(bomb)


def test_a_small_member_is_not_held_to_the_ratio(tmp_path):
    path = write_bomb(tmp_path / "small.xlsx", MIB // 2)
    member = members(path)[SHEET]
    assert member.file_size / member.compress_size > 200
    [row] = read_all(path)
    assert len(row.cells[0]) == MIB // 2


def test_a_large_real_shaped_workbook_passes_the_ratio_check(tmp_path):
    path = write_seed_xlsx(tmp_path / "seed.xlsx", copies=20)
    assert members(path)[SHEET].file_size > ArchiveLimits().ratio_floor_bytes  # so it is held to the ratio
    rows = read_all(path)
    assert len(rows) == HEADER_ROWS + 20 * (len(list(read_rows(PROGRESS_2023_H1))) - HEADER_ROWS)


def test_a_member_that_understates_its_size_is_cut_there_and_refused(tmp_path):
    # The limits trust the directory's sizes: zipfile inflates no further than a member declares.
    parts = package_parts()
    parts[SHEET] = f'{SHEET_START}<c r="A1" t="inlineStr"><is><t>{"heze" * MIB}</t></is></c>{SHEET_END}'
    path = declare_size(write_package(tmp_path / "liar.xlsx", parts), SHEET, 1000)
    assert members(path)[SHEET].file_size == 1000
    with pytest.raises(SourceError, match=r"^liar.xlsx: "):
        read_all(path)


@pytest.mark.django_db
def test_the_seed_as_xlsx_imports_as_the_text_does(tmp_path):
    import_report(write_seed_xlsx(tmp_path / "progress-2023-H1.xlsx"))
    assert Target.objects.filter(year=2023).count() == 200
    assert ProgressReport.objects.filter(period__code="2023-H1").count() == 213


@pytest.mark.django_db
def test_import_report_refuses_a_bomb_in_one_line_exits_non_zero_and_writes_nothing(tmp_path):
    bomb = write_bomb(tmp_path / "bomb.xlsx", 20 * MIB)
    before = database_snapshot()
    with pytest.raises(CommandError) as raised:
        import_report(bomb)
    message = str(raised.value)
    assert re.match(r"^bomb.xlsx: xl/worksheets/sheet1.xml inflates [\d,]+ times its packed size", message)
    assert message.endswith("over the limit of 200 times (a zip bomb)")
    assert "\n" not in message
    assert raised.value.returncode != 0  # the exit status manage.py gives
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("xl/sharedStrings.xml", f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'),
        (SHEET, f'<?xml version="1.0"?>{LAUGHS}<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
         f'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>{SHEET_END}'),
    ],
)  # fmt: skip
def test_entity_expansion_is_refused_in_one_line_naming_the_file(tmp_path, part, text):
    path = write_package(tmp_path / "laughs.xlsx", package_parts() | {part: text})
    with pytest.raises(SourceError) as raised:
        read_all(path)
    message = str(raised.value)
    assert message.startswith("laughs.xlsx: the workbook's XML declares entities or a DTD, refused")
    assert "\n" not in message


def test_malformed_xml_in_a_sheet_gets_one_line_naming_the_file(tmp_path):
    path = write_package(tmp_path / "broken.xlsx", package_parts() | {SHEET: f"{SHEET_START}<c r='A1'>{SHEET_END}"})
    with pytest.raises(SourceError, match=r"^broken.xlsx: the workbook's XML is malformed \(XmlError: "):
        read_all(path)
