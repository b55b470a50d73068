from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "portico.content"
    label = "content"
    verbose_name = "Alerts, updates, documents, training and feedback"
