"""/join/: "Join our network" (no account: the private link is the key)."""

from django.urls import path

from portico.providers.joining import views_public

app_name = "join"
urlpatterns = [
    path("", views_public.start, name="start"),
    path("a/<str:token>/", views_public.application, name="application"),
    path("a/<str:token>/documents/", views_public.document_add, name="document_add"),
    path("a/<str:token>/questions/<int:question_id>/", views_public.answer, name="answer"),
]
