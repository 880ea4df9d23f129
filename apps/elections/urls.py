from django.urls import path

from apps.elections import organiser_views, views

app_name = "elections"
urlpatterns = [
    path("", views.vote_list, name="list"),
    path("rounds/<int:pk>/vote/", views.vote, name="vote"),
    path("rounds/<int:pk>/booth/", views.booth, name="booth"),
    path("rounds/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("rounds/<int:pk>/display/", views.display, name="display"),
    # The organisers' pages (named permissions; a 404 for anyone else).
    path("organise/", organiser_views.organise, name="organise"),
    path("organise/seats/<int:pk>/open/", organiser_views.open_election, name="open_election"),
    path(
        "organise/resolutions/<int:pk>/open/",
        organiser_views.open_resolution,
        name="open_resolution",
    ),
    path("rounds/<int:pk>/console/", organiser_views.console, name="console"),
    path("rounds/<int:pk>/state.json", organiser_views.state, name="state"),
    path("rounds/<int:pk>/close/", organiser_views.close, name="close"),
    path("rounds/<int:pk>/certify/", organiser_views.certify, name="certify"),
    path("rounds/<int:pk>/paper-count/", organiser_views.paper_count, name="paper_count"),
    path(
        "rounds/<int:pk>/paper-count/discard/",
        organiser_views.discard_counts,
        name="discard_counts",
    ),
]
