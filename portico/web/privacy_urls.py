from django.urls import path

from portico.web import privacy

app_name = "privacy"
urlpatterns = [
    path("events/", privacy.events, name="events"),
    path("events.csv", privacy.events_csv, name="events_csv"),
]
