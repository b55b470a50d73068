"""The portal in Spanish: the language selector switches every page, and the catalog is complete.

Each page is fetched after choosing Spanish the way a person does (the selector posts to Django's
``set_language`` view). Besides a few Spanish phrases per page, every page is checked for leftover English:
no marked English phrase whose Spanish differs may appear in the page's text.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import StaffRole, User
from portico.members.models import EligibilityBatch
from tests.conftest import World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CATALOG_DIR = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
MO_FILE = CATALOG_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
TODAY = dt.date(2026, 5, 15)
NAVIGATION = (
    "Inicio",
    "Elegibilidad y beneficios",
    "Elegibilidad por lotes",
    "Listados de PCP",
    "Perfil y tokens de API",
)


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=True):
        yield


# ---- the catalog ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: frozenset[str]


def _unquote(parts: list[str]) -> str:
    text = "".join(part[1:-1] for part in parts)
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def po_entries(path: Path = PO_FILE) -> list[Entry]:
    """Every message of a .po file except the header: enough of the format for this project's catalog."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#~"):
                raise AssertionError(f"obsolete entry left in the catalog: {line}")
            elif match := re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line):
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
        plural = _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None
        keys = sorted((k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
        msgstrs = tuple(_unquote(fields[k]) for k in keys) if plural else (_unquote(fields["msgstr"]),)
        entries.append(Entry(context, msgid, plural, msgstrs, frozenset(flags)))
    return entries


def test_the_catalog_translates_every_message_without_fuzzy_entries() -> None:
    entries = po_entries()

    assert len(entries) > 300
    assert [e.msgid for e in entries if not all(s.strip() for s in e.msgstrs)] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if e.msgid_plural and len(e.msgstrs) != 3] == []  # es: nplurals=3


def test_translations_keep_every_placeholder() -> None:
    for entry in po_entries():
        sources = [entry.msgid] + [entry.msgid_plural or entry.msgid] * (len(entry.msgstrs) - 1)
        for source, translation in zip(sources, entry.msgstrs, strict=True):
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), entry.msgid


def test_the_committed_mo_file_is_compiled_from_the_po_file() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in po_entries():
        if entry.msgctxt is not None:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstrs[0], entry.msgid
        elif entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstrs[0], entry.msgid
        else:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstrs[0], entry.msgid
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1_000_000) == entry.msgstrs[1], entry.msgid
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 7) == entry.msgstrs[2], entry.msgid


# ---- pages ------------------------------------------------------------------------------------------------


def _english_phrases() -> list[str]:
    """Marked English phrases that Spanish pages must not show: each msgid whose translation differs, cut at
    its placeholders, keeping pieces long enough (two words or more) not to match by chance."""
    phrases = set()
    for entry in po_entries():
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source in entry.msgstrs:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = (piece or "").strip(" .,:;()")
                if " " in piece and len(piece) >= 8:
                    phrases.add(piece)
    return sorted(phrases)


ENGLISH = _english_phrases()


def page_text(content: bytes) -> str:
    """What a person reads: the body's text and its labels (aria-label, option text), tags removed."""
    text = content.decode()
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', text))
    text = re.sub(r"<[^>]+>", " ", text) + " " + labels
    return " ".join(html.unescape(text).split())


def assert_spanish(response: TestResponse, *phrases: str) -> str:
    """The page is Spanish: lang="es", the phrases present, and no marked English phrase left."""
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert response["Content-Language"] == "es"
    text = page_text(response.content)
    for phrase in phrases:
        assert phrase in text, phrase
    assert [english for english in ENGLISH if english in text] == []
    return text


def speak_spanish(client: Client) -> Client:
    """Choose Spanish with the language selector, as a person does."""
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def es_client(client_a: Client) -> Client:
    return speak_spanish(client_a)


def test_the_selector_switches_to_spanish_and_back(world: World, client_a: Client) -> None:
    english = client_a.get("/")
    assert '<html lang="en">' in english.content.decode()
    assert "Eligibility &amp; benefits" in english.content.decode()

    home = speak_spanish(client_a).get("/")

    text = assert_spanish(home, *NAVIGATION, "Portal para proveedores", "Cerrar sesión", "Idioma")
    assert f"Está trabajando en nombre de {world.org_a.legal_name}." in text
    assert '<option value="es" lang="es" selected>Español</option>' in home.content.decode()
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client_a.get("/").content.decode()


def test_sign_in_page_in_spanish() -> None:
    client = speak_spanish(Client())

    assert_spanish(
        client.get("/accounts/login/"),
        "Inicie sesión en el portal para proveedores",
        "Nombre de usuario",
        "Contraseña",
        "Iniciar sesión",
    )


def test_eligibility_form_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/eligibility/"),
        *NAVIGATION,
        "ID de afiliado",
        "Fecha de nacimiento",
        "Fecha de servicio",
        "Tipos de servicio que se muestran",
        "Consulta profesional (médico) - consultorio",
        "Verificar elegibilidad",
    )


def test_eligibility_answer_in_spanish(world: World, es_client: Client) -> None:
    member = world.member_a
    response = es_client.post(
        "/eligibility/",
        {"member_id": member.member_number, "birth_date": member.birth_date.isoformat(), "service_types": ["98"]},
    )

    text = assert_spanish(
        response,
        "Cubierto",
        f"Con cobertura el {TODAY.isoformat()} por North Coast CCO.",
        "Fecha de nacimiento",
        "Proveedor de atención primaria (PCP)",
        "Períodos de cobertura",
        "Otro seguro",
        "No hay otro seguro registrado para esta fecha.",
        "Deducible y gastos de bolsillo",
        "Máximo de gastos de bolsillo",
        "Dentro de la red",
        "Copago de $15.00",
        "Vista para imprimir",
    )
    for english in ("Date of birth", "Coverage spans", "Other insurance", "Covered on", "Primary care provider"):
        assert english not in text


def test_eligibility_errors_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.post("/eligibility/", {"member_id": "CH1", "birth_date": "2099-01-01"})

    assert response.status_code == 400
    text = page_text(response.content)
    assert "Revise estos campos" in text
    assert "Un ID de afiliado tiene de 6 a 20 letras y dígitos, como CH123456789." in text
    assert "La fecha de nacimiento no puede ser futura." in text


def test_no_match_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.post("/eligibility/", {"member_id": "CH999999999", "birth_date": "1970-01-01"})

    assert_spanish(response, "Sin coincidencia", "No pudimos confirmar la cobertura con estos datos.")


def test_member_page_and_print_view_in_spanish(world: World, es_client: Client) -> None:
    member = world.member_a
    today = TODAY.isoformat()

    assert_spanish(
        es_client.get(f"/eligibility/members/{member.pk}/?date={today}"), "Mostrar para esta fecha", "Cubierto"
    )
    assert_spanish(
        es_client.get(f"/eligibility/members/{member.pk}/print/?date={today}"),
        "Elegibilidad y beneficios",
        "Contiene información médica protegida.",
        "Imprimir",
        "Volver",
        "Cubierto",
    )
    missing = es_client.get("/eligibility/members/999999/")
    assert missing.status_code == 404
    assert "No se encontró el afiliado." in page_text(missing.content)


def _csv_upload(rows: list[tuple[str, str, str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("member_id", "birth_date", "date_of_service"))
    writer.writerows(rows)
    return SimpleUploadedFile("members.csv", out.getvalue().encode(), content_type="text/csv")


def test_batch_pages_in_spanish(
    world: World,
    es_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert_spanish(
        es_client.get("/eligibility/batch/"),
        "Elegibilidad por lotes",
        "Descargar una plantilla",
        "Cargar y verificar",
        "Aún no hay lotes.",
    )
    rows = [(m.member_number, m.birth_date.isoformat(), TODAY.isoformat()) for m in (world.member_a, world.member_b)]
    with django_capture_on_commit_callbacks(execute=True):
        es_client.post("/eligibility/batch/", {"file": _csv_upload(rows)})
    batch = EligibilityBatch.objects.get()

    assert_spanish(
        es_client.get(f"/eligibility/batch/{batch.pk}/"),
        "Terminado: se verificaron 2 filas.",
        "Descargar los resultados (CSV)",
        "Cubierto",
    )


def test_batch_row_errors_in_spanish(world: World, es_client: Client) -> None:
    rows = [("CH1", "1980-05-17", TODAY.isoformat())]

    response = es_client.post("/eligibility/batch/", {"file": _csv_upload(rows)})

    assert response.status_code == 400
    assert "No se verificó nada: corrija estas filas y vuelva a cargar el archivo" in page_text(response.content)
    assert "<strong>Fila 2</strong>: member_id: Un ID de afiliado tiene de 6 a 20 letras y dígitos" in html.unescape(
        response.content.decode()
    )


def test_roster_page_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/rosters/"),
        "Listados de PCP",
        "¿De quién es el listado?",
        "Lugar de servicio",
        "Mostrar listado",
    )
    text = assert_spanish(
        es_client.get(f"/rosters/?location_id={world.location_a.pk}"),
        f"Listado de PCP: {world.location_a.name}",
        "Afiliados en el listado",
        "Fecha de nacimiento",
        "Elegible",
        "Descargar PDF",
    )
    assert "Se muestran del 1 al 1 de 1 afiliado asignado a Alder Street Clinic." in text


def test_roster_pdf_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.get(f"/rosters/export.pdf?location_id={world.location_a.pk}")

    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for phrase in ("Listado de PCP", "Lugar de servicio: Alder Street Clinic", "Fecha de nac.", "Página 1 de 1", "Sí"):
        assert phrase in text, phrase
    assert "acimiento" not in text  # the narrow column's heading is abbreviated, not split mid-word
    for english in ("PCP roster", "Member ID", "Date of birth", "Page 1 of 1"):
        assert english not in text


def test_roster_csv_header_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.get(f"/rosters/export.csv?location_id={world.location_a.pk}")

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:4] == ["ID de afiliado", "Apellido", "Nombre", "Fecha de nacimiento"]


def test_profile_page_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/accounts/profile/"),
        "Perfil y tokens de API",
        "Tokens de API",
        "Crear token",
        "Aún no hay tokens.",
    )
    response = es_client.post("/accounts/profile/", {"action": "create", "name": " "})
    assert response.status_code == 400
    assert "Asigne un nombre al token" in page_text(response.content)


def test_forbidden_page_in_spanish(db: None) -> None:
    client = Client()
    client.force_login(User.objects.create_user("no.roles"))
    speak_spanish(client)

    response = client.get("/eligibility/")

    assert response.status_code == 403
    text = page_text(response.content)
    assert "No está disponible para usted" in text
    assert "Su función en esta organización no incluye Elegibilidad y beneficios." in text


def test_access_audit_in_spanish(world: World, client_a: Client) -> None:
    client_a.get(f"/eligibility/members/{world.member_a.pk}/")
    client = Client()
    client.force_login(User.objects.create_user("privacy.pat", staff_roles=[StaffRole.PRIVACY_OFFICER.value]))
    speak_spanish(client)

    text = assert_spanish(
        client.get("/privacy/events/"),
        "Auditoría de accesos",
        "Buscar eventos de acceso",
        "Eventos de acceso",
        "Cualquier acción",
        "Afiliado consultado",
        "Portal web",
    )
    assert "Member viewed" not in text
