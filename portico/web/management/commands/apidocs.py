"""Write the API reference (docs/api-reference.md) from the OpenAPI schema the code generates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from portico.api import api


def _type_of(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_of(s, components) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}), components)}"
    return str(schema.get("format") or schema.get("type") or "object")


def render_reference() -> str:
    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    out = [
        "# API reference",
        "",
        "Generated from the code by `portico apidocs`; do not edit by hand. The live schema is served at",
        "`/api/v1/openapi.json` and browsable at `/api/v1/docs`.",
        "",
        spec["info"].get("description", ""),
        "",
    ]
    for path, operations in sorted(spec["paths"].items()):
        for method, op in operations.items():
            out += [f"## `{method.upper()} {path}`", "", f"**{op.get('summary', '')}**", ""]
            if op.get("description"):
                out += [" ".join(op["description"].split()), ""]
            params = op.get("parameters", [])
            if params:
                out += [
                    "| parameter | in | type | required | description |",
                    "| --- | --- | --- | --- | --- |",
                ]
                for p in params:
                    out.append(
                        f"| `{p['name']}` | {p['in']} | {_type_of(p.get('schema', {}), components)} | "
                        f"{'yes' if p.get('required') else 'no'} | {p.get('description', '')} |"
                    )
                out.append("")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                out += [f"Request body: `{_type_of(body, components)}`", ""]
            out += ["| status | body |", "| --- | --- |"]
            for status, resp in op.get("responses", {}).items():
                schema = resp.get("content", {}).get("application/json", {}).get("schema", {})
                out.append(f"| {status} | {_type_of(schema, components) if schema else resp.get('description', '')} |")
            out.append("")
    out += ["## Schemas", ""]
    for name, schema in sorted(components.items()):
        out += [f"### {name}", "", "| field | type | required | description |", "| --- | --- | --- | --- |"]
        required = set(schema.get("required", []))
        for field, prop in schema.get("properties", {}).items():
            desc = " ".join(str(prop.get("description", "")).split())
            out.append(
                f"| `{field}` | {_type_of(prop, components)} | {'yes' if field in required else 'no'} | {desc} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


class Command(BaseCommand):
    help = "Write docs/api-reference.md (and docs/openapi.json) from the API's generated OpenAPI schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail if the committed files are stale")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = Path(settings.BASE_DIR) / "docs"
        files = {
            docs / "api-reference.md": render_reference(),
            docs / "openapi.json": json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True) + "\n",
        }
        stale = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
        if options["check"]:
            if stale:
                raise SystemExit(f"stale: {', '.join(str(p) for p in stale)}; run `portico apidocs`")
            return
        for path, text in files.items():
            path.write_text(text)
        self.stdout.write(f"wrote {len(files)} files")
