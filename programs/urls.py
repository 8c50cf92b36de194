from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("my-programmes/", views.MyProgrammesView.as_view(), name="mine"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
]
