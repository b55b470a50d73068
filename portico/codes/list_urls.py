"""Pages for the code lists that route prior authorization, and the requirement check (mounted at /prior-auth/)."""

from django.urls import path

from portico.codes import list_views as views

app_name = "codelists"

urlpatterns = [
    path("", views.check, name="check"),
    path("print/", views.check_print, name="check_print"),
    path("lists/", views.browse, name="browse"),
    path("lists/export.csv", views.export_csv, name="export_csv"),
    path("lists/export.pdf", views.export_pdf, name="export_pdf"),
    path("manage/", views.manage, name="manage"),
    path("manage/upload/", views.upload, name="upload"),
    path("manage/template.csv", views.upload_template, name="upload_template"),
    path("manage/lists/<int:list_id>/", views.list_history, name="list_history"),
    path("manage/versions/<int:version_id>/", views.version, name="version"),
    path("manage/versions/<int:version_id>.csv", views.version_csv, name="version_csv"),
    path("manage/versions/<int:version_id>/publish/", views.version_publish, name="version_publish"),
    path("manage/versions/<int:version_id>/discard/", views.version_discard, name="version_discard"),
]
