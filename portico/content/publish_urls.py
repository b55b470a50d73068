"""Content editors' pages (mounted at /publish/)."""

from django.urls import path

from portico.content import publish_views as views

app_name = "publish"

urlpatterns = [
    path("", views.home, name="home"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/new/", views.alert_new, name="alert_new"),
    path("alerts/<int:alert_id>/", views.alert_edit_view, name="alert"),
    path("alerts/<int:alert_id>/end/", views.alert_end_view, name="alert_end"),
    path("updates/", views.updates, name="updates"),
    path("updates/new/", views.update_new, name="update_new"),
    path("updates/<int:update_id>/", views.update_edit_view, name="update"),
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:document_id>/upload/", views.version_upload, name="version_upload"),
    path("documents/versions/<int:version_id>/", views.version, name="version"),
    path("documents/versions/<int:version_id>/publish/", views.version_publish, name="version_publish"),
    path("documents/versions/<int:version_id>/discard/", views.version_discard, name="version_discard"),
]
