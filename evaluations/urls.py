from django.urls import path

from . import survey_views

app_name = "surveys"

urlpatterns = [
    path("", survey_views.SurveyListView.as_view(), name="list"),
    path("<str:survey_id>/<str:occasion>/", survey_views.SurveyAnswerView.as_view(), name="answer"),
]
