from django.urls import path

from . import views

app_name = "plants"
urlpatterns = [
    path("c/<slug:community_slug>/plants/", views.home, name="home"),
    path("c/<slug:community_slug>/plants/keepers/", views.keepers, name="keepers"),
]
