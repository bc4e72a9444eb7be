"""Pause Python's cyclic garbage collector while a writer builds a large file.

A 20,000-entry export creates millions of small containers that all survive until the end;
each full collection walks every one of them, which made the PDF writer 15-25% slower and
slightly superlinear. The writers create no reference cycles worth collecting meanwhile, so
collection is paused for the write and restored afterwards.

Restored plainly, the collector's next young collection walked every object the write had
made and still held (118 ms after a 20,000-entry DOCX, holding the interpreter: the window
could not repaint meanwhile). Frozen and unfrozen first, they join the oldest generation
directly, to be looked at in its next full collection as if they had aged there (the lens
builds do the same, forms/lens/scan.collector_paused; in the window's process full
collections run only at quiet times, app/collector.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
            gc.unfreeze()
