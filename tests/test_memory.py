"""Tests for analysis.memory: freed heap goes back to the operating system."""

import sys

import pytest

from analysis.memory import release_memory, resident_mb

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc: Linux only")


@linux
def test_release_memory_returns_a_freed_fragmented_heap():
    """300 MB of 1 KB blocks (glibc's heap, not mmap), all freed but the last, which pins the top
    of the heap so that free() alone cannot shrink it: the trim gives the pages back."""
    blocks = [bytes(1000) + i.to_bytes(8, "little") for i in range(300_000)]
    last = blocks[-1]
    del blocks
    before = resident_mb()
    assert release_memory() is True
    after = resident_mb()
    assert before - after > 100, (before, after)
    assert last[-8:] == (299_999).to_bytes(8, "little")


@linux
def test_resident_mb_is_this_process():
    assert 10 < resident_mb() < 100_000


def test_release_memory_with_nothing_to_release_is_harmless():
    release_memory()
    assert release_memory() in (True, False)
