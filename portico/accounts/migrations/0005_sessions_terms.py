"""Accounts: sessions and the privacy statement and terms of use (versions, acceptances, the first version)."""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PRIVACY_EN = """Cascadia Health runs this provider portal so that the clinics, hospitals and billing offices in its network can do their work with the plan. This statement says what we record about you and why.

What we record. Your name, username, email address, the organizations you work for and your roles in them. Each time you sign in or out, when your session ends, and the address your computer connects from. Every time you look at a member's information, we record who looked, when, which member, what was shown and how (web page, API or electronic transaction).

Why. To let you in and keep others out, to show you only what your organization may see, and to account for every use and disclosure of member information, as the HIPAA Privacy and Security Rules require of the plan. The plan's privacy officer reviews these records and uses them to investigate a possible breach.

Who sees it. Cascadia Health staff who need it for their work, your organization's portal administrator (for the people and roles of your organization), and auditors or regulators when the law requires it. We do not sell it and do not use it for advertising.

How long. Access and security records are kept for at least six years.

Questions. Write to the Cascadia Health privacy officer through the portal's secure messages, or call Provider Services."""

PRIVACY_ES = """Cascadia Health ofrece este portal para que las clínicas, los hospitales y las oficinas de facturación de su red trabajen con el plan. Esta declaración explica qué registramos sobre usted y por qué.

Qué registramos. Su nombre, nombre de usuario, correo electrónico, las organizaciones para las que trabaja y sus funciones en ellas. Cada vez que inicia o cierra sesión, cuando su sesión termina, y la dirección desde la que se conecta su computadora. Cada vez que consulta la información de un afiliado, registramos quién la consultó, cuándo, qué afiliado, qué se mostró y por qué medio (página web, API o transacción electrónica).

Por qué. Para dejarle entrar y mantener fuera a los demás, para mostrarle solo lo que su organización puede ver, y para dar cuenta de cada uso y divulgación de la información de los afiliados, como las reglas de privacidad y seguridad de HIPAA exigen al plan. La persona responsable de privacidad del plan revisa estos registros y los usa para investigar una posible violación de datos.

Quién los ve. El personal de Cascadia Health que los necesita para su trabajo, el administrador del portal de su organización (para las personas y funciones de su organización), y auditores o autoridades cuando la ley lo exige. No los vendemos ni los usamos para publicidad.

Cuánto tiempo. Los registros de acceso y de seguridad se conservan al menos seis años.

Preguntas. Escriba a la persona responsable de privacidad de Cascadia Health por los mensajes seguros del portal, o llame a Servicios para Proveedores."""

TERMS_EN = """These terms apply to everyone who uses the Cascadia Health provider portal, its API and its electronic transactions.

1. Authorized business purposes only. Use the portal only for your organization's work with Cascadia Health: treatment, payment and health care operations for the plan's members — checking eligibility and benefits, prior authorizations, claims, payments, rosters and directory updates.

2. Minimum necessary. Look at, print, download and share only the member information you need for the task in front of you. Do not look up members out of curiosity, including yourself, family, friends or coworkers.

3. Your account is yours alone. Do not share your password, your two-step verification device or your API tokens. Sign out, or lock your screen, when you step away. Tell your organization's administrator at once if you think someone else used your account.

4. Keep downloads safe. Rosters, remittances and other files with member information must be stored and thrown away as your organization's HIPAA policies require.

5. We watch and record. Every access is recorded and may be reviewed. Cascadia Health may suspend an account that breaks these terms and report misuse as the law requires.

6. Changes. When these terms or the privacy statement change, you are asked to accept the new version before you continue."""

TERMS_ES = """Estos términos se aplican a todas las personas que usan el portal para proveedores de Cascadia Health, su API y sus transacciones electrónicas.

1. Solo para fines comerciales autorizados. Use el portal solo para el trabajo de su organización con Cascadia Health: tratamiento, pago y operaciones de atención médica para los afiliados del plan — verificar elegibilidad y beneficios, autorizaciones previas, reclamos, pagos, listas de afiliados y actualizaciones del directorio.

2. Lo mínimo necesario. Consulte, imprima, descargue y comparta solo la información de los afiliados que necesita para la tarea que tiene delante. No busque afiliados por curiosidad, tampoco a usted mismo, a familiares, amigos o compañeros de trabajo.

3. Su cuenta es solo suya. No comparta su contraseña, su dispositivo de verificación en dos pasos ni sus tokens de API. Cierre la sesión, o bloquee la pantalla, cuando se aleje. Avise de inmediato al administrador de su organización si cree que otra persona usó su cuenta.

4. Proteja lo que descarga. Las listas, los avisos de pago y otros archivos con información de afiliados deben guardarse y desecharse como lo exigen las políticas de HIPAA de su organización.

5. Vigilamos y registramos. Cada acceso queda registrado y puede revisarse. Cascadia Health puede suspender una cuenta que no cumpla estos términos y denunciar el mal uso como lo exige la ley.

6. Cambios. Cuando estos términos o la declaración de privacidad cambien, se le pedirá aceptar la nueva versión antes de continuar."""


def seed_first_version(apps, schema_editor):
    TermsVersion = apps.get_model("accounts", "TermsVersion")
    TermsVersion.objects.get_or_create(
        version="2026-1",
        defaults={
            "effective_date": datetime.date(2026, 1, 1),
            "privacy_statement_en": PRIVACY_EN,
            "privacy_statement_es": PRIVACY_ES,
            "terms_en": TERMS_EN,
            "terms_es": TERMS_ES,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_signin")]

    operations = [
        migrations.CreateModel(
            name="TermsVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.CharField(help_text="A label, such as 2026-1.", max_length=40, unique=True, verbose_name="version")),
                ("effective_date", models.DateField(help_text="From this day on, everyone must accept this version to use the portal.", verbose_name="effective date")),
                ("privacy_statement_en", models.TextField(verbose_name="privacy statement (English)")),
                ("privacy_statement_es", models.TextField(verbose_name="privacy statement (Spanish)")),
                ("terms_en", models.TextField(verbose_name="terms of use (English)")),
                ("terms_es", models.TextField(verbose_name="terms of use (Spanish)")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "privacy statement and terms version",
                "verbose_name_plural": "privacy statement and terms versions",
                "ordering": ["-effective_date", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TermsAcceptance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("accepted_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="terms_acceptances", to=settings.AUTH_USER_MODEL)),
                ("version", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="acceptances", to="accounts.termsversion")),
            ],
            options={
                "ordering": ["-accepted_at"],
                "constraints": [models.UniqueConstraint(fields=("user", "version"), name="terms_acceptance_once")],
            },
        ),
        migrations.RunPython(seed_first_version, migrations.RunPython.noop),
    ]
