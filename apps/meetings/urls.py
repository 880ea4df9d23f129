"""Portal pages of bilateral meetings, under /meetings/."""

from django.urls import path

from apps.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/restore/", views.request_restore, name="request_restore"),
    path(
        "requests/<int:pk>/<str:action>/",
        views.request_answer,
        name="request_answer",
    ),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/confirm/", views.meeting_confirm_selected, name="meeting_confirm_selected"),
    path("schedule/<int:pk>/confirm/", views.meeting_confirm, name="meeting_confirm"),
    path("schedule/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("availability/", views.availability, name="availability"),
    path("availability/<int:pk>/remove/", views.availability_remove, name="availability_remove"),
]
