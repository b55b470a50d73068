"""The document library, public (mounted at /documents/); providers-only documents need sign-in."""

from django.urls import path

from portico.content import document_views as views

app_name = "documents"

urlpatterns = [
    path("", views.library, name="library"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/v<int:number>/download/", views.download, name="download"),
]
