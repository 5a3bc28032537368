"""Progress bars: tqdm in a terminal or an interactive JupyterLab kernel, quiet in CI and in exported
reports (``FRAMING_PROGRESS=0``)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tqdm.auto import tqdm


def _interactive_kernel() -> bool:
    """True inside an IPython kernel with a front end (JupyterLab), not a plain script."""
    ip = sys.modules.get("IPython")
    shell = ip.get_ipython() if ip is not None and hasattr(ip, "get_ipython") else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def progress_bar(steps: list[str], *, enabled: bool | None = None) -> tqdm:
    """A tqdm bar over named steps; quiet in CI and in exported reports (see :func:`run_pipeline`)."""
    from tqdm.auto import tqdm

    if enabled is None:
        enabled = os.environ.get("FRAMING_PROGRESS", "") != "0" and (sys.stderr.isatty() or _interactive_kernel())
    return tqdm(total=len(steps), desc=steps[0] if steps else "", disable=not enabled, leave=False)
