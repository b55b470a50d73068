"""Notification pages (mounted at /notifications/)."""

from django.urls import path

from portico.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("settings/", views.notification_settings, name="settings"),
    path("read-all/", views.read_all, name="read_all"),
    path("<int:notification_id>/", views.open_notification, name="open"),
]
