"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Objects alive once the application is loaded live as long as the process: keep them out of the garbage
# collector's generations so its full collections (pauses of up to ~100 ms) do not rescan them.
gc.freeze()
