from django.urls import path

from apps.logistics import views

app_name = "logistics"
urlpatterns = [
    path("", views.travel, name="travel"),
    path("delegates/<int:pk>/", views.travel_edit, name="travel_edit"),
    path("rooms/", views.rooms, name="rooms"),
    path("shuttles/", views.shuttles, name="shuttles"),
    path("driver/<str:token>/", views.driver, name="driver"),
    path("rooms/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("delegates/<int:pk>/visa-letter/", views.visa_request, name="visa_request"),
    path("visa-letters/<int:pk>.pdf", views.visa_pdf, name="visa_pdf"),
    path(
        "visa-letters/verify/<str:reference>/<str:token>/",
        views.visa_verify,
        name="visa_verify",
    ),
]
