"""Giving freed memory back to the operating system between the steps of a long run, and
keeping Python's cyclic garbage collector out of the way of a batch.

A step that reads millions of rows into pandas (stance scores, group term counts) frees them when
it ends, but the C allocators keep the freed pages: glibc's malloc holds on to a fragmented heap
and Arrow's allocator keeps its pools. On the 1M-article benchmark 1.5 GB stayed resident after
the distinctive-words step had returned, and every later step's peak stood on top of it.
:func:`release_memory` asks both to return what they no longer use.

A batch of documents builds hundreds of thousands of lists and tuples (token lists, table rows)
that all live until the batch ends. With CPython's default threshold (a collection every 700
net new containers) the collector walks them over and over, and every tenth of those walks the
older generations as well, finding no garbage: about 6% of a worker's time on the benchmark
corpus. :func:`rare_collections` raises the threshold for the length of a batch.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

import pyarrow as pa

__all__ = ["BATCH_GC_THRESHOLD", "rare_collections", "release_memory", "resident_mb"]

BATCH_GC_THRESHOLD = 50_000  # net new containers between young collections during a batch (CPython's default: 700)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl, Windows)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except (OSError, ValueError):
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_memory() -> bool:
    """Return freed heap to the operating system (Arrow's unused pool memory, then glibc's
    free pages); True if glibc's trim was available and ran. Costs milliseconds to a second on a
    heap of gigabytes: call it between large steps, not in loops."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def resident_mb() -> float | None:
    """This process's resident memory in MB (Linux; None elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return None


@contextmanager
def rare_collections(threshold: int = BATCH_GC_THRESHOLD) -> Iterator[None]:
    """Run the block with the collector's youngest-generation threshold raised to ``threshold``
    (never lowered), the older generations' unchanged; the previous thresholds come back after,
    also on an error. Garbage cycles are still collected, once that many containers have piled
    up (a few MB) rather than every 700."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
