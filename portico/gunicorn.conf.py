"""gunicorn settings for the demo and for production; override with GUNICORN_* environment variables.

The hooks below keep Python's full garbage collections short. A worker holds ~200,000 long-lived objects (Django,
the URL map, the API schemas, translation catalogs, compiled templates); a request that builds many objects (the
claims API list: 50 claims with every line and adjustment) sets off a full collection now and then, which walks all
of them: about 150 ms, paid by whichever request is running. Moving what the worker has built so far into the
permanent generation (``gc.freeze``) takes them out of every later collection: measured with the claim-status
benchmark at 10 M claims, that request's p95 fell from 151-223 ms to 62-71 ms (docs/performance.md, Run 5). Frozen
objects are still freed when their last reference goes; only a reference cycle among them would be kept, so the
worker freezes after a full collection, when it has started and after its 1st, 10th, 100th and 1000th request (what
loads lazily: catalogs, templates), not after every request.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # access log carries no PHI: ids travel in POST bodies
timeout = 60

FREEZE_AFTER_REQUESTS = frozenset({1, 10, 100, 1000})


def settle() -> None:
    """Collect what is garbage now, then keep everything left out of later collections."""
    gc.collect()
    gc.freeze()


def post_worker_init(worker: object) -> None:
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 — imports every view and API module now, not in the first request
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Claims")  # loads the catalog
    settle()


def post_request(worker: object, req: object, environ: object, resp: object) -> None:
    if getattr(worker, "nr", 0) in FREEZE_AFTER_REQUESTS:
        settle()
