"""Payment runs for plan staff (mounted at /payments/)."""

from django.urls import path

from portico.payments import views

app_name = "payment_runs"

urlpatterns = [
    path("runs/", views.run_list, name="list"),
    path("runs/<int:run_id>/", views.run_detail, name="detail"),
]
