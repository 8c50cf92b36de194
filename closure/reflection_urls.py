"""The closing reflection, under the relationship's address."""

from django.urls import path

from . import reflection_views

urlpatterns = [
    path(
        "relationships/<str:pk>/closing/",
        reflection_views.ReflectionView.as_view(),
        name="reflection",
    ),
]
