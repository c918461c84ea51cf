from django.urls import include, path

from solidarity import errors, language
from solidarity.communities import views as community_views
from solidarity.core import capabilities

urlpatterns = [
    path("", community_views.home, name="home"),
    path("language/", language.switch_language, name="switch_language"),
    path("accounts/", include("solidarity.accounts.urls")),
    path("", include("solidarity.communities.urls")),
    *capabilities.urlpatterns(),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
