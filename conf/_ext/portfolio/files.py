"""Files that several builds, or a build's parallel processes, may share."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a file beside it, renamed into place.

    Whoever reads ``path`` meanwhile, in this process or another, finds the
    old file or the new one, never half of one. The folder is made if needed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)
