from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_link, name="join_link"),
    path("c/<slug:community_slug>/", views.community_home, name="home"),
    path("c/<slug:community_slug>/members/", views.members, name="members"),
    path("c/<slug:community_slug>/members/<str:membership_id>/", views.member_action, name="member_action"),
    path("c/<slug:community_slug>/invitations/", views.invitations, name="invitations"),
    path("c/<slug:community_slug>/invitations/<str:invitation_id>/revoke/", views.revoke_invitation,
         name="revoke_invitation"),
    path("c/<slug:community_slug>/audit/", views.audit_log, name="audit"),
    path("c/<slug:community_slug>/capabilities/", views.capability_switches, name="capabilities"),
]
