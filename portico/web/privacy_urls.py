from django.urls import path

from portico.web import privacy, privacy_reports

app_name = "privacy"
urlpatterns = [
    path("events/", privacy.events, name="events"),
    path("events.csv", privacy.events_csv, name="events_csv"),
    path("breach/", privacy_reports.breach, name="breach"),
    path("security/", privacy_reports.security, name="security"),
    path("security.csv", privacy_reports.security_csv, name="security_csv"),
]
