"""Test clients that share one middleware chain, as a server's requests do.

Django's test Client builds its own middleware chain, and WhiteNoise's middleware reads every
static file's headers when it is built (about 0.15 s, once per test). A server builds the chain
once per process; the tests' clients share one too, rebuilt only when a test changes a setting
that a middleware reads when the chain is built (the others are read per request).
"""

from django.test import Client
from django.test.client import ClientHandler
from django.test.signals import setting_changed

# Names (or their starts) of the settings Django's SecurityMiddleware and SessionMiddleware and
# WhiteNoise read when they are built.
READ_WHEN_THE_CHAIN_IS_BUILT = (
    "MIDDLEWARE",
    "DEBUG",
    "FORCE_SCRIPT_NAME",
    "SECURE_",
    "SESSION_",
    "STATIC",
    "WHITENOISE_",
)
_shared = ClientHandler(enforce_csrf_checks=False)


def new_client() -> Client:
    """A fresh anonymous client (its own cookies) on the shared middleware chain."""
    client = Client()
    client.handler = _shared
    _shared.enforce_csrf_checks = False  # a test that turned the checks on for its client leaves them on for no other
    return client


def _rebuild_the_chain(setting, **kwargs):
    if setting.startswith(READ_WHEN_THE_CHAIN_IS_BUILT):
        _shared._middleware_chain = None


setting_changed.connect(_rebuild_the_chain)
