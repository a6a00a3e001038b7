"""The JSON API (Django app ``api``): django-ninja mounted at /api/.

Articles and their language versions, themes, outlets and changes since a
time are read without authentication; a unit's submissions and XLIFF imports
need a token (``doingoai token create USER``). The OpenAPI document is at
/api/openapi.json and its interactive page at /api/docs, served from this
site's own static files.
"""
