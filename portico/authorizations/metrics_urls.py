"""The public prior-authorization metrics (mounted at /prior-authorization/metrics/): no sign-in, on purpose."""

from django.urls import path

from portico.authorizations import metrics_views

app_name = "pa_metrics"

urlpatterns = [
    path("", metrics_views.report, name="report"),
    path("report.csv", metrics_views.report_csv, name="report_csv"),
]
