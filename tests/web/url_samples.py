"""Sample URLs for routes whose path takes arguments or whose page needs query parameters.

`tests/web/test_every_url.py` uses these to request every route; a new route must be added here.
"""

SAMPLES: dict[str, str] = {}
