"""Content: training modules, quizzes or attestations, completions and certificates."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0002_documents")]

    operations: list[migrations.operations.base.Operation] = []
