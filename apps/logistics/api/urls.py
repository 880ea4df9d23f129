from django.urls import path

from apps.logistics.api import views

urlpatterns = [
    path("travel/records/", views.TravelRecordListApi.as_view(), name="travel-record-list"),
    path(
        "travel/records/<int:pk>/",
        views.TravelRecordDetailApi.as_view(),
        name="travel-record-detail",
    ),
    path("travel/bookings/", views.BookingListApi.as_view(), name="travel-booking-list"),
    path("travel/visa-letters/", views.VisaLetterListApi.as_view(), name="visa-letter-list"),
    path(
        "travel/visa-letters/request/",
        views.VisaLetterRequestApi.as_view(),
        name="visa-letter-request",
    ),
    path("travel/runs/", views.TransferRunListApi.as_view(), name="transfer-run-list"),
    path("travel/occupancy/", views.OccupancyApi.as_view(), name="travel-occupancy"),
]
