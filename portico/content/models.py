"""Content the plan publishes for providers: alerts, provider updates, documents, training, and feedback.

Each area lives in its own module (``alerts``, ``documents``, ``training``, ``feedback`` …) and is imported here so
Django finds the models."""
