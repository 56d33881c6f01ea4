import pytest


@pytest.fixture
def bench_settings(settings):
    """What bench/settings.py adds to production's: the bench app, its middleware and URL root.

    Taken from that module itself, so these tests run what the benchmark runs.
    """
    import bench.settings

    for name in ("INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"):
        setattr(settings, name, getattr(bench.settings, name))
    return settings
