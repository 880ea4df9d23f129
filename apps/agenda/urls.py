from django.urls import path

from apps.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("programme/", views.programme, name="programme"),
    path("programme/print/", views.programme, {"printable": True}, name="programme_print"),
    path("calendars/", views.calendars, name="calendars"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
]
