from django.urls import path

from apps.elections.api import views

urlpatterns = [
    path("elections/", views.ElectionListApi.as_view(), name="election-list"),
    path(
        "elections/rounds/<int:pk>/", views.RoundDetailApi.as_view(), name="election-round-detail"
    ),
    path(
        "elections/rounds/<int:pk>/ballot/",
        views.BallotCastApi.as_view(),
        name="election-round-ballot",
    ),
    path(
        "elections/rounds/<int:pk>/close/",
        views.RoundCloseApi.as_view(),
        name="election-round-close",
    ),
    path(
        "elections/rounds/<int:pk>/certify/",
        views.RoundCertifyApi.as_view(),
        name="election-round-certify",
    ),
]
