"""Spreadsheet import: read a CSV or XLSX sheet, map its columns to fields, check every row, then save
all rows or none. Used by every app that imports (mutual aid today; surveys and the people's budget next).

An app gives its fields ({field: label}) and a function that turns one row's values into a bound form;
this module does the rest. Without JavaScript the file travels back with the mapping form as a signed
hidden field (pack/unpack), so nothing personal is stored on the server before the import is confirmed.
"""

import base64
import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from solidarity.privacy.codes import is_number

MAX_ROWS = 5000
MAX_COLUMNS = 100
MAX_BYTES = 10 * 1024 * 1024


class SheetError(Exception):
    """The file cannot be imported; the message says why, translated."""


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[str]]


def read_sheet(name: str, data: bytes, *, max_rows: int = MAX_ROWS) -> Sheet:
    """The sheet's header and rows. Rows are read one at a time and reading stops at the first row or
    column past the limits, so a 300,000-row workbook or a 100,000-column CSV is refused in moments."""
    if len(data) > MAX_BYTES:
        raise SheetError(_("The file is larger than %(max)s MB. Split it and import each part.")
                         % {"max": MAX_BYTES // (1024 * 1024)})
    if name.lower().endswith(".xlsx"):
        return _sheet(_xlsx_rows(data), max_rows)
    if name.lower().endswith((".csv", ".txt")):
        return _sheet(_csv_rows(data), max_rows)
    raise SheetError(_("Upload a .csv or .xlsx file."))


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older Excel exports; every byte decodes, so nothing fails here
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [cell.strip() for cell in row]
    except csv.Error:
        raise SheetError(_("This file could not be read as CSV. Save it again as CSV (UTF-8) and retry.")) from None


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        for row in rows:
            yield ["" if cell is None else str(cell).strip() for cell in row]
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise SheetError(_("This file could not be read as an Excel workbook.")) from None


def _sheet(rows: Iterator[list[str]], max_rows: int) -> Sheet:
    kept = []
    for number, row in enumerate(rows, start=1):
        while row and not row[-1]:
            row.pop()
        if len(row) > MAX_COLUMNS:
            raise SheetError(_("Row %(row)s has more than %(max)s columns. Keep only the columns to import.")
                             % {"row": number, "max": MAX_COLUMNS})
        if not row:
            continue
        if len(kept) > max_rows:
            raise SheetError(_("The file has more than %(max)s rows. Split it and import each part.")
                             % {"max": max_rows})
        kept.append(row)
    if not kept:
        raise SheetError(_("The file is empty."))
    width = len(kept[0])
    return Sheet(headers=kept[0], rows=[(row + [""] * width)[:width] for row in kept[1:]])


# --- Column mapping ------------------------------------------------------------------------------


def guess_mapping(fields: Mapping[str, str], headers: list[str]) -> dict[str, int | None]:
    """Match columns to fields by name or label, so a sheet with familiar headers needs no changes."""
    found = {}
    lowered = [h.strip().lower() for h in headers]
    for field, label in fields.items():
        names = {field, field.replace("_", " "), str(label).lower()}
        found[field] = next((i for i, h in enumerate(lowered) if h in names), None)
    return found


def mapping_from(post, fields: Mapping[str, str], width: int) -> dict[str, int | None]:
    """The mapping chosen in the form (map_<field> = column number); anything else counts as unmapped."""
    mapping = {}
    for field in fields:
        value = post.get(f"map_{field}", "")
        mapping[field] = int(value) if is_number(value) and int(value) < width else None
    return mapping


def choice(value: str, choices) -> str:
    """A cell's value as a choice key, matched on key or label; unmatched text is kept for the form to refuse."""
    wanted = value.strip().lower()
    for key, label in choices:
        if wanted in (key, str(label).lower()):
            return key
    return value.strip()


def many(value: str, choices) -> list[str]:
    return [choice(part, choices) for part in value.replace(";", ",").split(",") if part.strip()]


def check_rows(sheet: Sheet, mapping: Mapping[str, int | None], fields: Mapping[str, str], required,
               bind: Callable[[dict[str, str]], object]):
    """(valid bound forms, [(row number, messages)]). Row numbers are as in the sheet (header = 1).

    Nothing is saved here: the caller saves every form in one transaction when there is no problem.
    """
    missing = [str(fields[f]) for f in required if mapping.get(f) is None]
    if missing:
        return [], [(1, [_("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}])]
    ready, problems = [], []
    for number, row in enumerate(sheet.rows, start=2):
        form = bind({field: row[index] for field, index in mapping.items() if index is not None})
        if form.is_valid():
            ready.append(form)
        else:
            problems.append((number, [f"{form.fields[name].label}: {' '.join(errs)}" if name in form.fields
                                      else " ".join(errs) for name, errs in form.errors.items()]))
    return ready, problems


# --- The file between the two steps ------------------------------------------------------------------


def pack(name: str, data: bytes, *, salt: str) -> str:
    return signing.dumps({"name": name, "data": base64.b64encode(data).decode()}, compress=True, salt=salt)


def unpack(payload: str, *, salt: str) -> tuple[str, bytes]:
    try:
        value = signing.loads(payload, salt=salt, max_age=3600)
    except signing.BadSignature:
        raise SheetError(_("The upload expired or was changed. Please upload the file again.")) from None
    return value["name"], base64.b64decode(value["data"])
