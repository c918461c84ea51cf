from django.urls import path

from . import fund_views, setup_views, views

app_name = "aid"
P = "c/<slug:community_slug>/aid/"
urlpatterns = [
    path(P, views.aid_home, name="home"),
    path(P + "ask/", views.ask, name="ask"),
    path(P + "status/", views.status_lookup, name="status_lookup"),
    path(P + "status/<str:code>/", views.status, name="status"),
    path(P + "fund/", fund_views.fund_public, name="fund"),
    path(P + "phone/", views.phone_intake, name="phone"),
    path(P + "mine/", views.my_aid, name="mine"),
    path(P + "offers/new/", views.offer_edit, name="offer_new"),
    path(P + "offers/<str:offer_id>/", views.offer_edit, name="offer_edit"),
    path(P + "offers/", views.offers, name="offers"),
    path(P + "matches/<str:match_id>/", views.match_detail, name="match"),
    path(P + "matches/<str:match_id>/action/", views.match_action, name="match_action"),
    path(P + "open/", views.open_requests, name="open"),
    path(P + "queue/", views.queue, name="queue"),
    path(P + "queue/match-all/", views.match_all, name="match_all"),
    path(P + "requests/<str:public_id>/", views.request_detail, name="request"),
    path(P + "requests/<str:public_id>/action/", views.request_action, name="request_action"),
    path(P + "import/", views.import_sheet, name="import"),
    path(P + "setup/", setup_views.setup, name="setup"),
    path(P + "fund/ledger/", fund_views.ledger, name="ledger"),
    path(P + "fund/ledger.csv", fund_views.ledger_csv, name="ledger_csv"),
    path(P + "fund/payments/<str:payment_id>/", fund_views.payment_action, name="payment_action"),
]
