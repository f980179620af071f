"""importers.cell_addresses: spreadsheet cell addresses in plain Python, as openpyxl reads them."""

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from importers.cell_addresses import column_letters, column_number, split_address


def test_every_column_of_a_sheet_has_openpyxls_letters_and_back():
    for column in range(1, 16_385):  # A to XFD, the last column of an .xlsx
        letters = column_letters(column)
        assert letters == get_column_letter(column) and column_number(letters) == column


@pytest.mark.parametrize("address", ["A1", "B12", "AA100", "XFD1048576", "$C$7", "c3"])
def test_an_address_splits_as_openpyxl_splits_it(address):
    assert split_address(address) == coordinate_from_string(address.replace("$", "").upper())
    assert column_number(split_address(address)[0]) == column_index_from_string(split_address(address)[0])


@pytest.mark.parametrize("address", ["", "1A", "A0", "A", "ABCD1", "A-1", "A1:B2"])
def test_anything_else_is_refused(address):
    with pytest.raises(ValueError, match="not a cell address"):
        split_address(address)
