from django.test import TestCase, override_settings
from django.urls import path
from django.core.exceptions import SuspiciousOperation

from solidarity.urls import urlpatterns as real_urls


def broken(request):
    raise ZeroDivisionError("secret detail")


def suspicious(request):
    raise SuspiciousOperation("odd")


def busy(request):
    from django.db import OperationalError
    raise OperationalError("database is locked")


urlpatterns = real_urls + [path("broken/", broken), path("suspicious/", suspicious), path("busy/", busy)]
handler400 = "solidarity.errors.bad_request"
handler403 = "solidarity.errors.permission_denied"
handler404 = "solidarity.errors.page_not_found"
handler500 = "solidarity.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
class ErrorPageTests(TestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def test_404_is_friendly_and_translated(self):
        self.assertContains(self.client.get("/nope/"), "Page not found", status_code=404)
        r = self.client.get("/nope/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(r, "Página no encontrada", status_code=404)

    def test_500_shows_no_traceback(self):
        r = self.client.get("/broken/")
        self.assertContains(r, "Something went wrong on our side", status_code=500)
        self.assertNotContains(r, "secret detail", status_code=500)
        self.assertNotContains(r, "Traceback", status_code=500)

    def test_500_is_translated(self):
        r = self.client.get("/broken/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(r, "Algo salió mal", status_code=500)

    def test_a_database_that_stayed_locked_is_a_503_that_says_to_try_again_not_a_500(self):
        r = self.client.get("/busy/", HTTP_ACCEPT_LANGUAGE="es")
        self.assertEqual((r.status_code, r["Retry-After"]), (503, "10"))
        self.assertContains(r, "No se guardó nada", status_code=503)
        self.assertNotContains(r, "locked", status_code=503)

    def test_400(self):
        self.assertContains(self.client.get("/suspicious/"), "Something was wrong with the request", status_code=400)

    def test_a_form_without_csrf_gets_a_friendly_403(self):
        client = self.client_class(enforce_csrf_checks=True)
        r = client.post("/accounts/login/", {"handle": "x", "password": "y"})
        self.assertContains(r, "Please try again", status_code=403)
