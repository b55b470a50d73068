"""Fee schedules for providers (mounted at /fee-schedules/)."""

from django.urls import path

from portico.pricing import views

app_name = "fee_schedules"

urlpatterns = [
    path("", views.schedule_list, name="list"),
    path("<slug:slug>/", views.schedule_detail, name="detail"),
    path("<slug:slug>/rates.csv", views.schedule_csv, name="csv"),
    path("<slug:slug>/rates.pdf", views.schedule_pdf, name="pdf"),
    path("<slug:slug>/rate/", views.rate_lookup, name="rate"),
]
