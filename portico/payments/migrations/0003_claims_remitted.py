"""Claims already on a remittance advice say so: their payment's date and trace or check number."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def remitted_fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Claim = apps.get_model("claims", "Claim")
    PaymentClaim = apps.get_model("payments", "PaymentClaim")
    first = PaymentClaim.objects.filter(claim_id=OuterRef("pk")).order_by("payment_id")
    Claim.objects.filter(pk__in=PaymentClaim.objects.values("claim_id")).update(
        remitted_on=Subquery(first.values("payment__payment_date")[:1]),
        remittance_number=Subquery(first.values("payment__trace_number")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_claim_remittance"),
        ("payments", "0002_payment_amount_rounded"),
    ]

    operations = [migrations.RunPython(remitted_fill, migrations.RunPython.noop)]
