from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "portico.messaging"
    label = "messaging"
    verbose_name = "Messaging and notifications"
