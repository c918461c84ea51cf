from django.urls import path

from . import open311

app_name = "open311"
urlpatterns = [
    path("services.json", open311.services, name="services"),
    path("services/<str:service_code>.json", open311.service_definition, name="service"),
    path("requests.json", open311.create_request, name="requests"),
    path("tokens/<str:token>.json", open311.token, name="token"),
    path("requests/<str:request_id>.json", open311.request_status, name="request"),
    path("openapi.json", open311.openapi, name="openapi"),
]
