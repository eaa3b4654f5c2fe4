"""Benchmarks: `make bench` (or `python -m bench`). They print figures; they never fail a build."""
import statistics
import time


def median_ms(action, repeat=200):
    """Median milliseconds of ``action()`` over ``repeat`` runs, after one warm-up run
    (imports and first-use caches are not what is being measured)."""
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
