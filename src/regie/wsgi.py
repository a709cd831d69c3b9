"""WSGI entry point: `gunicorn regie.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
application = get_wsgi_application()
