from django.urls import path

from . import views, views_calendar

app_name = "meetings"

BASE = "relationships/<str:pk>/meetings/"
MEETING = BASE + "<str:meeting>/"

urlpatterns = [
    path(BASE, views.MeetingListView.as_view(), name="list"),
    path(BASE + "new/", views.MeetingProposeView.as_view(), name="new"),
    path(BASE + "log/", views.MeetingLogView.as_view(), name="log"),
    path(BASE + "series/new/", views.SeriesCreateView.as_view(), name="series_new"),
    path(
        BASE + "series/<str:series>/change/", views.SeriesChangeView.as_view(), name="series_change"
    ),
    path(MEETING, views.MeetingDetailView.as_view(), name="detail"),
    path(MEETING + "change/", views.MeetingChangeView.as_view(), name="change"),
    path(MEETING + "accept/", views.MeetingAcceptView.as_view(), name="accept"),
    path(MEETING + "cancel/", views.MeetingCancelView.as_view(), name="cancel"),
    path(MEETING + "skip/", views.MeetingSkipView.as_view(), name="skip"),
    path(MEETING + "held/", views.MeetingHeldView.as_view(), name="held"),
    path(MEETING + "missed/", views.MeetingMissedView.as_view(), name="missed"),
]

# Calendar files to download (views_calendar.py).
urlpatterns += [
    path(MEETING + "calendar.ics", views_calendar.MeetingCalendarView.as_view(), name="calendar"),
    path(
        BASE + "series/<str:series>/calendar.ics",
        views_calendar.SeriesCalendarView.as_view(),
        name="series_calendar",
    ),
]
