from django.urls import path

from apps.meetings.api import views

urlpatterns = [
    path("meetings/requests/", views.MeetingRequestListApi.as_view(), name="meeting-request-list"),
    path(
        "meetings/requests/<int:pk>/",
        views.MeetingRequestDetailApi.as_view(),
        name="meeting-request-detail",
    ),
    path(
        "meetings/requests/<int:pk>/accept/",
        views.MeetingRequestAcceptApi.as_view(),
        name="meeting-request-accept",
    ),
    path(
        "meetings/requests/<int:pk>/decline/",
        views.MeetingRequestDeclineApi.as_view(),
        name="meeting-request-decline",
    ),
    path(
        "meetings/requests/<int:pk>/counter-propose/",
        views.MeetingRequestCounterProposeApi.as_view(),
        name="meeting-request-counter-propose",
    ),
    path(
        "meetings/requests/<int:pk>/cancel/",
        views.MeetingRequestCancelApi.as_view(),
        name="meeting-request-cancel",
    ),
    path("meetings/", views.MeetingListApi.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/confirm/", views.MeetingConfirmApi.as_view(), name="meeting-confirm"),
]
