from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("e-mails/", views.PreferencesView.as_view(), name="preferences"),
    path("e-mails/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
