from django.urls import path

from . import views, views_calendar
from .views import check, content

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
    # What members write about the meeting (views.content).
    path(MEETING + "agenda/", content.AgendaItemAddView.as_view(), name="agenda_add"),
    path(
        MEETING + "agenda/<str:item>/remove/",
        content.AgendaItemRemoveView.as_view(),
        name="agenda_remove",
    ),
    path(MEETING + "notes/<str:kind>/", content.NoteSaveView.as_view(), name="note_save"),
    path(MEETING + "actions/", content.ActionItemAddView.as_view(), name="action_add"),
    path(
        MEETING + "actions/<str:item>/done/",
        content.ActionItemDoneView.as_view(),
        name="action_done",
    ),
    path(
        MEETING + "actions/<str:item>/remove/",
        content.ActionItemRemoveView.as_view(),
        name="action_remove",
    ),
    path(
        MEETING + "actions/<str:item>/step/",
        content.ActionItemStepView.as_view(),
        name="action_step",
    ),
]

# The "did you meet?" links of the check e-mail: the signed token is the authority, no
# sign-in needed (views.check).
urlpatterns += [path("meetings/check/<str:token>/", check.meeting_check, name="check")]

# Calendar files to download (views_calendar.py).
urlpatterns += [
    path(MEETING + "calendar.ics", views_calendar.MeetingCalendarView.as_view(), name="calendar"),
    path(
        BASE + "series/<str:series>/calendar.ics",
        views_calendar.SeriesCalendarView.as_view(),
        name="series_calendar",
    ),
]
