from django.urls import path

from apps.agenda.api import views

urlpatterns = [
    path("agenda/venues/", views.VenueListApi.as_view(), name="agenda-venue-list"),
    path("agenda/rooms/", views.RoomListApi.as_view(), name="agenda-room-list"),
    path("agenda/sessions/", views.SessionListApi.as_view(), name="agenda-session-list"),
    path("agenda/sessions/create/", views.SessionCreateApi.as_view(), name="agenda-session-create"),
    path(
        "agenda/sessions/<int:pk>/", views.SessionDetailApi.as_view(), name="agenda-session-detail"
    ),
    path(
        "agenda/sessions/<int:pk>/update/",
        views.SessionUpdateApi.as_view(),
        name="agenda-session-update",
    ),
    path(
        "agenda/sessions/<int:pk>/cancel/",
        views.SessionCancelApi.as_view(),
        name="agenda-session-cancel",
    ),
    path(
        "agenda/sessions/<int:pk>/publish/",
        views.SessionPublishApi.as_view(),
        name="agenda-session-publish",
    ),
    path(
        "agenda/sessions/<int:pk>/unpublish/",
        views.SessionUnpublishApi.as_view(),
        name="agenda-session-unpublish",
    ),
    path("agenda/programme/", views.ProgrammeApi.as_view(), name="agenda-programme"),
]
