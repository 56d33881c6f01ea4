"""The benchmark's own Django app: floor pages, a query count per request and `seed_bench`.

Installed only by bench/settings.py, so production never serves or ships it.
"""
