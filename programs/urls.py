from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
]
