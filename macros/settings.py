"""Where things are. The data directory can be pointed elsewhere (synthetic data) with PLANER_DATA."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "overrides" / "sidor"


def data_dir() -> Path:
    return Path(os.environ.get("PLANER_DATA", ROOT / "data")).resolve()
