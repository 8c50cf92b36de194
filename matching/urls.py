from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path(
        "programmes/<slug:slug>/mentors/",
        views.MentorListView.as_view(),
        name="mentor_list",
    ),
    path(
        "programmes/<slug:slug>/mentors/<int:mentor_pk>/request/",
        views.RequestCreateView.as_view(),
        name="request_create",
    ),
    path("my-requests/", views.RequestListView.as_view(), name="requests"),
    path("requests-to-me/", views.ReceivedRequestListView.as_view(), name="requests_received"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/respond/", views.request_respond, name="request_respond"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("programmes/<slug:slug>/wishes/", views.WishesView.as_view(), name="wishes"),
]
