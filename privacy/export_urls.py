from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.PrivacyHomeView.as_view(), name="home"),
    path("privacy/my-data.json", views.export_download, name="export"),
    path("privacy/erase/", views.EraseView.as_view(), name="erase"),
]
