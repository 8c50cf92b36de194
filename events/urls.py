from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<int:pk>/rsvp/", views.event_rsvp, name="rsvp"),
    path("events/<int:pk>/event.ics", views.event_ics, name="calendar"),
]
