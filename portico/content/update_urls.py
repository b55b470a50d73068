"""Alerts & updates, public (mounted at /updates/)."""

from django.urls import path

from portico.content import update_views as views

app_name = "updates"

urlpatterns = [
    path("", views.update_list, name="list"),
    path("feed.atom", views.updates_feed, name="feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.update_detail, name="detail"),
]
