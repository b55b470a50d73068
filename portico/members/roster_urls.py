from django.urls import path

from portico.members import roster_views

app_name = "rosters"
urlpatterns = [
    path("", roster_views.roster, name="roster"),
    path("export.csv", roster_views.roster_csv, name="export_csv"),
    path("export.pdf", roster_views.roster_pdf, name="export_pdf"),
]
