"""Import requests, offers and volunteers from a CSV or XLSX sheet, whole or not at all (core.sheets)."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from solidarity.core import sheets
from solidarity.core.sheets import choice, many
from solidarity.core.workflow import audit

from .forms import OfferForm, RequestForm
from .models import ACCESS_CHOICES, CATEGORIES, LANGUAGE_CHOICES, Channel, HelpRequest, Offer, Urgency, Zone

SALT = "mutualaid.import"
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


def _form_data(kind: str, values: dict[str, str], zones: dict[str, int]) -> dict:
    data = dict(values)
    zone = data.pop("zone", "").strip().lower()
    data["zone"] = zones.get(zone, "") if zone else ""
    data["languages"] = many(data.get("languages", ""), LANGUAGE_CHOICES)
    if kind == "requests":
        data["category"] = choice(data.get("category", ""), CATEGORIES)
        data["urgency"] = choice(data.get("urgency", ""), Urgency.choices) or Urgency.ANYTIME
        data["access_needs"] = many(data.get("access_needs", ""), ACCESS_CHOICES)
    else:
        data["kind"] = Offer.Kind.VOLUNTEER if kind == "volunteers" else Offer.Kind.OFFER
        data["categories"] = many(data.get("categories", ""), CATEGORIES)
        data["access_provides"] = many(data.get("access_provides", ""), ACCESS_CHOICES)
        data["capacity"] = data.get("capacity") or "1"
        data["active"] = "on"
    return data


def validate(community, kind: str, sheet: sheets.Sheet, mapping: dict[str, int | None]):
    """(forms ready to save, [(row number, messages)]). Row numbers are as in the sheet (header = 1)."""
    zones = {z.name.lower(): z.pk for z in Zone.objects.filter(community=community)}

    def bind(values):
        data = _form_data(kind, values, zones)
        if kind == "requests":
            return RequestForm(community, data)
        return OfferForm(community, data, instance=Offer(community=community))

    return sheets.check_rows(sheet, mapping, TARGETS[kind], REQUIRED[kind], bind)


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
        audit(actor, f"import.{kind}", community=community, detail=f"{len(forms)} rows")
    return len(forms)


KINDS = [("requests", gettext_lazy("Requests for help")), ("offers", gettext_lazy("Offers")),
         ("volunteers", gettext_lazy("Volunteers"))]
