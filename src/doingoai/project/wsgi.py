"""The WSGI application that ``doingoai serve`` runs."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.project.settings")
application = get_wsgi_application()

# What is loaded now (Django, the project, the URL and template tables) lives
# as long as the worker: the garbage collector stops walking it on each full
# collection, which otherwise stalls an unlucky request now and then.
gc.freeze()
