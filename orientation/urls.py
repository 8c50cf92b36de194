from django.urls import path

from . import views

app_name = "orientation"
urlpatterns = [
    path("resources/", views.ResourceListView.as_view(), name="resource_list"),
    path("resources/<int:pk>/download/", views.resource_download, name="resource_download"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_calendar"),
]
