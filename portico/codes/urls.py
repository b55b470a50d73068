"""Pages for code search, one code's facts, verify, and staff loading of code files."""

from django.urls import path

from portico.codes import views

app_name = "codes"

urlpatterns = [
    path("", views.search, name="search"),
    path("verify/", views.verify, name="verify"),
    path("loads/", views.loads, name="loads"),
    path("<str:system>/<str:code>/", views.detail, name="detail"),
]
