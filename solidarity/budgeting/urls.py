from django.urls import path

from . import views

app_name = "pb"
C = "c/<slug:community_slug>/pb/"
P = C + "<slug:process_slug>/"
urlpatterns = [
    path(C, views.processes, name="processes"),
    path(C + "new/", views.new_process, name="new"),
    path(P, views.process_home, name="process"),
    path(P + "ideas/new/", views.submit_idea, name="idea_new"),
    path(P + "vote/", views.vote, name="vote"),
    path(P + "vote/code/", views.vote_with_code, name="vote_code"),
    path(P + "receipt/", views.receipt, name="receipt"),
    path(P + "results/", views.results, name="results"),
    path(P + "results/<int:budget_id>.pb", views.export, name="export"),
    path(P + "manage/", views.manage, name="manage"),
    path(P + "projects/new/", views.project_edit, name="project_new"),
    path(P + "projects/<int:project_id>/", views.project_edit, name="project_edit"),
    path(P + "projects/<int:project_id>/progress/", views.project_progress, name="progress"),
    path(P + "projects/<int:project_id>/photo.jpg", views.project_image, name="project_image"),
    path(P + "ideas/<int:idea_id>/", views.idea_action, name="idea_action"),
    path(P + "codes/", views.voting_codes, name="codes"),
    path(P + "paper/", views.paper, name="paper"),
    path(P + "paper/batches/<int:batch_id>/", views.batch, name="batch"),
]
