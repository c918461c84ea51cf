import io

import pytest
from django import forms
from openpyxl import Workbook, load_workbook

from solidarity.core import sheets
from solidarity.core.export import csv_response, neutralise, xlsx_response

FIELDS = {"name": "Name", "age": "Age"}


class PersonForm(forms.Form):
    name = forms.CharField(label="Name")
    age = forms.IntegerField(label="Age", min_value=0)


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_csv_and_xlsx_read_the_same_and_short_rows_are_padded():
    from_csv = sheets.read_sheet("p.csv", "Name;Age\nAna;7\nBo;\n".encode())
    from_xlsx = sheets.read_sheet("p.xlsx", xlsx([["Name", "Age"], ["Ana", 7], ["Bo", None]]))
    assert from_csv.rows == from_xlsx.rows == [["Ana", "7"], ["Bo", ""]]


@pytest.mark.parametrize("name, data, message", [
    ("p.pdf", b"x", "Upload a .csv or .xlsx file."),
    ("p.csv", b"\n\n", "The file is empty."),
    ("p.xlsx", b"not a workbook", "could not be read as an Excel workbook"),
])
def test_bad_files_get_a_clear_message(name, data, message):
    with pytest.raises(sheets.SheetError, match=message):
        sheets.read_sheet(name, data)


def test_too_many_rows_are_refused():
    with pytest.raises(sheets.SheetError, match="more than 2 rows"):
        sheets.read_sheet("p.csv", b"Name\na\nb\nc\n", max_rows=2)


def test_reading_stops_at_the_first_row_past_the_limit():
    read = 0

    def endless():
        nonlocal read
        while True:
            read += 1
            assert read < 100, "the reader went on past the limit"
            yield ["x"]

    with pytest.raises(sheets.SheetError, match="more than 10 rows"):
        sheets._sheet(endless(), 10)
    assert read == 12  # the header, ten rows, and the one too many


def test_a_big_workbook_is_refused_without_reading_it_all():
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for n in range(sheets.MAX_ROWS + 2000):
        sheet.append([f"name {n}", n])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(sheets.SheetError, match=f"more than {sheets.MAX_ROWS} rows"):
        sheets.read_sheet("big.xlsx", buffer.getvalue())


def test_a_row_too_wide_is_named():
    wide = ",".join(["x"] * 100_000).encode() + b"\n"
    with pytest.raises(sheets.SheetError, match=f"Row 1 has more than {sheets.MAX_COLUMNS} columns"):
        sheets.read_sheet("wide.csv", wide)
    with pytest.raises(sheets.SheetError, match=f"Row 2 has more than {sheets.MAX_COLUMNS} columns"):
        sheets.read_sheet("wide.xlsx", xlsx([["Name"], ["x"] * (sheets.MAX_COLUMNS + 5)]))


def test_trailing_empty_cells_are_not_columns():
    sheet = sheets.read_sheet("p.csv", ("Name,Age" + "," * 500 + "\nAna,7\n").encode())
    assert sheet.headers == ["Name", "Age"]


def test_a_file_too_large_is_refused_before_it_is_read():
    with pytest.raises(sheets.SheetError, match="larger than 10 MB"):
        sheets.read_sheet("p.csv", b"Name\n" + b"a\n" * (sheets.MAX_BYTES // 2))


def test_columns_are_guessed_by_name_or_label_and_every_bad_row_is_named():
    sheet = sheets.read_sheet("p.csv", b"AGE,name\n7,Ana\n-1,Bo\nx,\n")
    mapping = sheets.guess_mapping(FIELDS, sheet.headers)
    assert mapping == {"name": 1, "age": 0}
    ready, problems = sheets.check_rows(sheet, mapping, FIELDS, ("name",), lambda values: PersonForm(values))
    assert [f.cleaned_data["name"] for f in ready] == ["Ana"]
    assert [number for number, _ in problems] == [3, 4]
    assert any("Age:" in message for message in problems[1][1]) and any("Name:" in m for m in problems[1][1])


def test_an_unmapped_required_field_stops_before_any_row():
    sheet = sheets.read_sheet("p.csv", b"Age\n7\n")
    ready, problems = sheets.check_rows(sheet, {"name": None, "age": 0}, FIELDS, ("name",), PersonForm)
    assert ready == [] and problems == [(1, ["Choose a column for: Name."])]


def test_a_packed_file_comes_back_whole_and_a_changed_one_is_refused():
    payload = sheets.pack("p.csv", b"Name\nAna\n", salt="test")
    assert sheets.unpack(payload, salt="test") == ("p.csv", b"Name\nAna\n")
    with pytest.raises(sheets.SheetError):
        sheets.unpack(payload[:-2] + "xx", salt="test")
    with pytest.raises(sheets.SheetError):
        sheets.unpack(payload, salt="another")


def test_exports_never_run_a_formula():
    assert [neutralise(v) for v in ("=1+1", "+3", "-2", "@SUM(A1)", "plain", None)] == [
        "'=1+1", "'+3", "'-2", "'@SUM(A1)", "plain", ""]
    response = csv_response("x.csv", ["a"], [["=HYPERLINK(1)"]])
    assert response.content.decode().splitlines() == ["a", "'=HYPERLINK(1)"]
    assert response["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(xlsx_response("x.xlsx", ["a"], [["=1+1"], [5]]).content))
    assert [c.value for c in book.active["A"]] == ["a", "'=1+1", "5"]
