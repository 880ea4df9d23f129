from django.urls import path

from apps.ceremonies import views

app_name = "ceremonies"
urlpatterns = [
    path("", views.ceremony_list, name="list"),
    path("<int:pk>/", views.ceremony_detail, name="detail"),
    path("roles/<int:pk>/", views.role_detail, name="role"),
    path("<int:pk>/run-sheet/", views.run_sheet, name="run_sheet"),
    path("<int:pk>/run-sheet.pdf", views.run_sheet_pdf, name="run_sheet_pdf"),
    path("<int:pk>/console/", views.console, name="console"),
    path("<int:pk>/console/state.json", views.console_state, name="console_state"),
    path("<int:pk>/console/next/", views.console_advance, name="console_advance"),
    path("<int:pk>/console/undo/", views.console_undo, name="console_undo"),
]
