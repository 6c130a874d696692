"""The REST service: `gunicorn -c gunicorn.conf.py "api:create_app()"`."""

from .app import create_app

__all__ = ["create_app"]
