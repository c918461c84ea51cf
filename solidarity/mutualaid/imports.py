"""Import requests, offers and volunteers from a CSV or XLSX sheet: whole or not at all."""

import base64
import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solidarity.privacy.codes import is_number
from solidarity.privacy.models import AuditEntry

from .forms import OfferForm, RequestForm
from .models import ACCESS_CHOICES, LANGUAGE_CHOICES, Category, Channel, HelpRequest, Offer, Urgency, Zone

MAX_ROWS = 5000
TARGETS = {
    "requests": {
        "category": gettext_lazy("Kind of help"), "description": gettext_lazy("What they need"),
        "urgency": gettext_lazy("How soon"), "zone": gettext_lazy("Area"),
        "cross_streets": gettext_lazy("Cross streets"), "contact_name": gettext_lazy("Name"),
        "contact": gettext_lazy("Phone or email"), "languages": gettext_lazy("Languages"),
        "access_needs": gettext_lazy("Access needs"), "times": gettext_lazy("Good times"),
    },
    "offers": {
        "title": gettext_lazy("Title"), "categories": gettext_lazy("Kinds of help"),
        "details": gettext_lazy("Details"), "zone": gettext_lazy("Area"), "languages": gettext_lazy("Languages"),
        "access_provides": gettext_lazy("Access provided"), "times": gettext_lazy("Free times"),
        "capacity": gettext_lazy("How many at once"), "contact": gettext_lazy("Phone or email"),
    },
}
TARGETS["volunteers"] = TARGETS["offers"]
REQUIRED = {"requests": ("category", "description"), "offers": ("title", "categories"),
            "volunteers": ("title", "categories")}


class SheetError(Exception):
    pass


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[str]]


def read_sheet(name: str, data: bytes) -> Sheet:
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if name.lower().endswith((".csv", ".txt")):
        return _read_csv(data)
    raise SheetError(_("Upload a .csv or .xlsx file."))


def _read_csv(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older Excel exports; every byte decodes, so nothing fails here
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise SheetError(_("This file could not be read as CSV. Save it again as CSV (UTF-8) and retry.")) from None
    return _sheet(rows)


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise SheetError(_("This file could not be read as an Excel workbook.")) from None
    rows = [["" if cell is None else str(cell).strip() for cell in row]
            for row in book.worksheets[0].iter_rows(values_only=True)]
    return _sheet(rows)


def _sheet(rows) -> Sheet:
    rows = [row for row in rows if any(row)]
    if not rows:
        raise SheetError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise SheetError(_("The file has more than %(max)s rows. Split it and import each part.") % {"max": MAX_ROWS})
    width = len(rows[0])
    return Sheet(headers=rows[0], rows=[(row + [""] * width)[:width] for row in rows[1:]])


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int | None]:
    """Match columns to fields by name, so a sheet with familiar headers needs no changes."""
    found = {}
    lowered = [h.strip().lower() for h in headers]
    for field, label in TARGETS[kind].items():
        names = {field, field.replace("_", " "), str(label).lower()}
        found[field] = next((i for i, h in enumerate(lowered) if h in names), None)
    return found


def _choice(value: str, choices) -> str:
    wanted = value.strip().lower()
    for key, label in choices:
        if wanted in (key, str(label).lower()):
            return key
    return value.strip()


def _many(value: str, choices) -> list[str]:
    return [_choice(part, choices) for part in value.replace(";", ",").split(",") if part.strip()]


def _form_data(kind: str, values: dict[str, str], zones: dict[str, int]) -> dict:
    data = dict(values)
    zone = data.pop("zone", "").strip().lower()
    data["zone"] = zones.get(zone, "") if zone else ""
    data["languages"] = _many(data.get("languages", ""), LANGUAGE_CHOICES)
    if kind == "requests":
        data["category"] = _choice(data.get("category", ""), Category.choices)
        data["urgency"] = _choice(data.get("urgency", ""), Urgency.choices) or Urgency.ANYTIME
        data["access_needs"] = _many(data.get("access_needs", ""), ACCESS_CHOICES)
    else:
        data["kind"] = Offer.Kind.VOLUNTEER if kind == "volunteers" else Offer.Kind.OFFER
        data["categories"] = _many(data.get("categories", ""), Category.choices)
        data["access_provides"] = _many(data.get("access_provides", ""), ACCESS_CHOICES)
        data["capacity"] = data.get("capacity") or "1"
        data["active"] = "on"
    return data


def validate(community, kind: str, sheet: Sheet, mapping: dict[str, int | None]):
    """(forms ready to save, [(row number, messages)]). Row numbers are as in the sheet (header = 1)."""
    missing = [str(TARGETS[kind][f]) for f in REQUIRED[kind] if mapping.get(f) is None]
    if missing:
        return [], [(1, [_("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}])]
    zones = {z.name.lower(): z.pk for z in Zone.objects.filter(community=community)}
    ready, problems = [], []
    for number, row in enumerate(sheet.rows, start=2):
        values = {field: row[index] for field, index in mapping.items() if index is not None}
        data = _form_data(kind, values, zones)
        if kind == "requests":
            form = RequestForm(community, data)
        else:
            form = OfferForm(community, data, instance=Offer(community=community))
        if form.is_valid():
            ready.append(form)
        else:
            problems.append((number, [f"{form.fields[name].label}: {' '.join(errs)}" if name in form.fields
                                      else " ".join(errs) for name, errs in form.errors.items()]))
    return ready, problems


def do_import(actor, community, kind: str, forms) -> int:
    """Save every validated row in one transaction: all of them, or none."""
    with transaction.atomic():
        for form in forms:
            if kind == "requests":
                request, _code = HelpRequest.start(community, channel=Channel.IMPORT, entered_by=actor)
                for name, value in form.cleaned_data.items():
                    setattr(request, name, value)
                request.save()
            else:
                form.save()
        AuditEntry.record(actor=actor, action=f"import.{kind}", community=community, detail=f"{len(forms)} rows")
    return len(forms)


KINDS = [("requests", gettext_lazy("Requests for help")), ("offers", gettext_lazy("Offers")),
         ("volunteers", gettext_lazy("Volunteers"))]


def pack(name: str, data: bytes) -> str:
    from django.core import signing

    return signing.dumps({"name": name, "data": base64.b64encode(data).decode()}, compress=True,
                         salt="mutualaid.import")


def unpack(payload: str) -> tuple[str, bytes]:
    from django.core import signing

    try:
        value = signing.loads(payload, salt="mutualaid.import", max_age=3600)
    except signing.BadSignature:
        raise SheetError(_("The upload expired or was changed. Please upload the file again.")) from None
    return value["name"], base64.b64decode(value["data"])


def mapping_from(post, kind: str, width: int) -> dict[str, int | None]:
    mapping = {}
    for field in TARGETS[kind]:
        value = post.get(f"map_{field}", "")
        mapping[field] = int(value) if is_number(value) and int(value) < width else None
    return mapping
