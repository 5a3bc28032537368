"""The worker pool behind a batched run: a process pool (forkserver) or a Dask client, with one
bounded submit-and-wait loop so the corpus is streamed, never held whole."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any


class _Pool:
    """A process pool or a Dask client behind one submit / wait interface."""

    def __init__(self, workers: int, scheduler: str | None):
        self.workers = workers
        self.client = self.cluster = self.pool = None
        if scheduler is not None:
            from distributed import Client, LocalCluster

            if scheduler == "local":
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler)
                self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        elif workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["analysis.run.worker"])
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def map_bounded(self, fn: Callable, jobs: Iterable[tuple], on_done: Callable[[dict], None]) -> None:
        """Run fn(*job) for every job with at most 2 × workers in flight (the input is streamed)."""
        if self.pool is None and self.client is None:
            for job in jobs:
                on_done(fn(*job))
            return
        wait: Callable[..., Any]
        if self.client is not None:
            from distributed import wait
        else:
            from concurrent.futures import FIRST_COMPLETED
            from concurrent.futures import wait as cf_wait

            wait = lambda fs, return_when: cf_wait(fs, return_when=FIRST_COMPLETED)  # noqa: E731
        pending: set = set()
        for job in jobs:
            if self.client is not None:
                pending.add(self.client.submit(fn, *job, pure=False))
            else:
                assert self.pool is not None  # checked above: one of the two is set
                pending.add(self.pool.submit(fn, *job))
            if len(pending) >= 2 * self.workers:
                done, pending = wait(pending, return_when="FIRST_COMPLETED")
                for f in done:
                    on_done(f.result())
        for f in pending:
            on_done(f.result())

    def close(self, *, cancel: bool = False) -> None:
        """Shut the pool down; with ``cancel`` (an interrupted run) the workers are stopped at once
        and queued batches dropped, instead of waiting for them."""
        if self.pool is not None:
            if cancel:
                for proc in list(getattr(self.pool, "_processes", {}).values()):  # private: skipped if missing
                    proc.terminate()
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
            _stop_forkserver()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _stop_forkserver() -> None:
    """Stop the forkserver the pool's workers came from: it holds the preloaded libraries
    (~200 MB resident) for the life of the process, through the cross-document phase. The next
    pool starts a new one. (``_stop`` is private to multiprocessing: skipped if it is missing.)"""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()
