"""Tests for analysis.memory: freed heap goes back to the operating system."""

import sys

import pytest

from analysis.run.memory import rare_collections, release_memory, resident_mb

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


@linux
def test_release_memory_with_nothing_to_release_is_harmless():
    """Called again at once, it trims nothing more and gives nothing back that is in use."""
    release_memory()
    before = resident_mb()
    assert release_memory() is True
    assert abs(resident_mb() - before) < 20


def test_release_memory_without_malloc_trim_says_so(monkeypatch):
    """Where the C library has no malloc_trim (macOS, musl), only Arrow's pool is released: False."""
    monkeypatch.setattr("analysis.run.memory._malloc_trim", lambda: None)
    assert release_memory() is False


@pytest.mark.parametrize("threshold", [0, 700, 5_000, 50_000])
def test_rare_collections_raises_the_threshold_and_restores_it(threshold):
    import gc

    before = gc.get_threshold()
    with rare_collections(threshold):
        inside = gc.get_threshold()
    assert inside == (max(threshold, before[0]), *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(ZeroDivisionError), rare_collections(threshold):
        _ = 1 / 0
    assert gc.get_threshold() == before


def test_garbage_cycles_are_still_collected_inside():
    """Cycles left behind inside the block are collected without an explicit gc.collect() once
    enough containers have been made; far fewer collections run than at the default threshold."""
    import gc
    import weakref

    class Node:
        pass

    def churn(n):
        refs = []
        for _ in range(n):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle: only the collector frees it
            refs.append(weakref.ref(a))
            keep = [[i] for i in range(20)]  # containers that live a little while
            del a, b, keep
        return refs

    counted = []
    gc.callbacks.append(lambda phase, info: counted.append(info["generation"]) if phase == "stop" else None)
    try:
        gc.collect()
        with rare_collections(5_000):
            refs = churn(20_000)
            assert sum(r() is None for r in refs) > 15_000
        rare = len(counted)
        counted.clear()
        with rare_collections(0):  # the default threshold
            churn(20_000)
        assert rare * 4 < len(counted)
    finally:
        gc.callbacks.pop()
