from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("my-programmes/", views.MyProgrammesView.as_view(), name="mine"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
