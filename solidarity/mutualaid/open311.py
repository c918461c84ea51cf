"""A subset of the Open311 GeoReport v2 API, so existing 311 clients and hotlines can file requests.

Requests need triage, so creating one answers with a token (GeoReport's deferred mode); the token is
the requester's status code and is the only way to read the request back.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from solidarity.communities.models import Community
from solidarity.core import capabilities
from solidarity.privacy import throttle

from . import actions
from .forms import RequestForm
from .models import CATEGORIES, CATEGORY_VALUES, CLOSED_STATUSES, AidSettings, Channel, HelpRequest, Urgency, hash_code

SERVICE_DESCRIPTIONS = {
    "housing": gettext_lazy("Shelter, rent, repairs, moving, tenant support"),
    "food": gettext_lazy("Groceries, meals, baby formula"),
    "health": gettext_lazy("Medicine pick-up, rides to appointments, health supplies"),
    "disability": gettext_lazy("Personal care, equipment, access support"),
    "childcare": gettext_lazy("Childcare and school support"),
    "eldercare": gettext_lazy("Check-ins, errands and care for elders"),
    "income": gettext_lazy("Money for bills and emergencies"),
    "transport": gettext_lazy("Rides and deliveries"),
    "jobs": gettext_lazy("Job search, skills, paperwork"),
    "other": gettext_lazy("Anything else"),
}


class ApiError(Exception):
    def __init__(self, status: int, description: str):
        self.status, self.description = status, description


def _error(status, description):
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


# Service codes that were renamed, so that clients written before the rename keep working.
RENAMED = {"cash": "income"}


def _community(params) -> Community:
    """The jurisdiction asked for; a community that has switched mutual aid off is unknown here."""
    slug = params.get("jurisdiction_id", "").strip()
    if slug:
        community = Community.objects.filter(slug=slug).first()
    else:
        communities = list(Community.objects.all()[:2])
        if len(communities) != 1:
            raise ApiError(400, _("jurisdiction_id is required: this server hosts several communities."))
        community = communities[0]
    if community is None or not capabilities.is_enabled(community, "mutualaid"):
        raise ApiError(404, _("Unknown jurisdiction_id."))
    return community


def api(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return _error(error.status, error.description)

    wrapper.__name__ = view.__name__
    return wrapper


def _service(value, label):
    return {"service_code": value, "service_name": str(label), "description": str(SERVICE_DESCRIPTIONS[value]),
            "metadata": True, "type": "batch", "keywords": "", "group": str(_("Mutual aid"))}


@require_GET
@api
def services(request):
    _community(request.GET)
    return JsonResponse([_service(v, label) for v, label in CATEGORIES], safe=False)


@require_GET
@api
def service_definition(request, service_code):
    _community(request.GET)
    if service_code not in CATEGORY_VALUES:
        raise ApiError(404, _("Unknown service_code."))
    return JsonResponse({"service_code": service_code, "attributes": [{
        "variable": True, "code": "urgency", "datatype": "singlevaluelist", "required": False,
        "datatype_description": "", "order": 1, "description": str(_("How soon")),
        "values": [{"key": k, "name": str(v)} for k, v in Urgency.choices],
    }]})


@csrf_exempt
@require_http_methods(["POST"])
@api
def create_request(request):
    community = _community(request.POST)
    if throttle.over_limit(request, "requests", community.slug):
        return throttle.too_many(request, json=True)
    if not AidSettings.for_community(community).public_intake:
        raise ApiError(403, _("This community does not take requests from outside."))
    data = request.POST
    form = RequestForm(community, {
        "category": RENAMED.get(data.get("service_code", ""), data.get("service_code", "")),
        "description": data.get("description", ""),
        "cross_streets": data.get("address_string", ""),
        "urgency": data.get("attribute[urgency]", "anytime"),
        "contact_name": " ".join(x for x in (data.get("first_name", ""), data.get("last_name", "")) if x),
        "contact": data.get("phone", "") or data.get("email", ""),
    })
    if not form.is_valid():
        problems = "; ".join(f"{_api_name(name)}: {' '.join(errors)}" for name, errors in form.errors.items())
        raise ApiError(400, problems)
    help_request, code = actions.do_submit_request(community, form=form, channel=Channel.API)
    return JsonResponse([{"token": code, "service_notice": str(_(
        "A coordinator will look at your request. Keep this token to check its status."))}], safe=False, status=201)


def _api_name(field):
    return {"category": "service_code", "cross_streets": "address_string"}.get(field, field)


@require_GET
@throttle.limited("lookups", json=True)
@api
def token(request, token):
    help_request = HelpRequest.objects.filter(code_hash=hash_code(token)).first()
    if help_request is None:
        raise ApiError(404, _("Unknown token."))
    return JsonResponse([{"service_request_id": help_request.public_id, "token": token}], safe=False)


@require_GET
@throttle.limited("lookups", json=True)
@api
def request_status(request, request_id):
    """Only the holder of the request's token may read it back."""
    help_request = HelpRequest.objects.filter(public_id=request_id,
                                              code_hash=hash_code(request.GET.get("token", ""))).first()
    if help_request is None:
        raise ApiError(404, _("No request with that id answers to that token."))
    return JsonResponse([{
        "service_request_id": help_request.public_id,
        "status": "closed" if help_request.status in CLOSED_STATUSES else "open",
        "status_notes": str(help_request.get_status_display()),
        "service_code": help_request.category,
        "service_name": str(help_request.get_category_display()),
        "requested_datetime": help_request.created_on.isoformat(),
        "updated_datetime": (help_request.closed_on or help_request.created_on).isoformat(),
        "agency_responsible": help_request.community.name,
    }], safe=False)


@require_GET
def openapi(request):
    base = reverse("open311:services").rsplit("/", 1)[0]
    error = {"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "integer"}, "description": {"type": "string"}}}}
    jurisdiction = {"name": "jurisdiction_id", "in": "query", "required": False, "schema": {"type": "string"},
                    "description": "The community's slug; optional when the server hosts one community."}
    return JsonResponse({
        "openapi": "3.0.3",
        "info": {"title": "Solidarity Open311 GeoReport v2 (subset)", "version": "2"},
        "paths": {
            f"{base}/services.json": {"get": {"summary": "List kinds of help", "parameters": [jurisdiction],
                                              "responses": {"200": {"description": "Services"}}}},
            f"{base}/services/{{service_code}}.json": {"get": {
                "summary": "One service's definition",
                "parameters": [{"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}},
                               jurisdiction],
                "responses": {"200": {"description": "Definition"}, "404": {"description": "Unknown",
                                                                          "content": {"application/json": {"schema": error}}}}}},
            f"{base}/requests.json": {"post": {
                "summary": "Ask for help (form-encoded); answers with a token",
                "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["service_code", "description"], "properties": {
                        "service_code": {"type": "string", "enum": CATEGORY_VALUES},
                        "description": {"type": "string"},
                        "address_string": {"type": "string", "description": "Cross streets, not an address"},
                        "jurisdiction_id": {"type": "string"},
                        "first_name": {"type": "string"}, "last_name": {"type": "string"},
                        "phone": {"type": "string"}, "email": {"type": "string"},
                        "attribute[urgency]": {"type": "string", "enum": Urgency.values}}}}}},
                "responses": {"201": {"description": "[{token, service_notice}]"},
                              "400": {"description": "Bad input", "content": {"application/json": {"schema": error}}}}}},
            f"{base}/tokens/{{token}}.json": {"get": {
                "summary": "The request id behind a token",
                "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "[{service_request_id, token}]"}, "404": {"description": "Unknown"}}}},
            f"{base}/requests/{{service_request_id}}.json": {"get": {
                "summary": "A request's status, for the holder of its token only",
                "parameters": [
                    {"name": "service_request_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "[{service_request_id, status, ...}]"},
                              "404": {"description": "Unknown, or the token does not match"}}}},
        },
    })
