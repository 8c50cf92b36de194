from django.urls import path

from . import views

app_name = "goals"

GOAL = "relationships/<str:pk>/goals/<str:goal>/"

urlpatterns = [
    path("relationships/<str:pk>/goals/", views.GoalListView.as_view(), name="list"),
    path("relationships/<str:pk>/goals/new/", views.GoalCreateView.as_view(), name="new"),
    path(GOAL, views.GoalDetailView.as_view(), name="detail"),
    path(GOAL + "edit/", views.GoalEditView.as_view(), name="edit"),
    path(GOAL + "status/", views.StatusChangeView.as_view(), name="status"),
    path(GOAL + "updates/", views.ProgressUpdateCreateView.as_view(), name="update_new"),
    path(
        GOAL + "updates/<str:update>/comments/",
        views.CommentCreateView.as_view(),
        name="comment_new",
    ),
    path(GOAL + "steps/new/", views.StepFormView.as_view(), name="step_new"),
    path(GOAL + "steps/<str:step>/edit/", views.StepFormView.as_view(), name="step_edit"),
    path(GOAL + "steps/<str:step>/done/", views.StepMarkView.as_view(), name="step_mark"),
    path(GOAL + "steps/<str:step>/delete/", views.StepDeleteView.as_view(), name="step_delete"),
]
