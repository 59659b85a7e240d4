"""Where things are. The data directory can be pointed elsewhere (synthetic data) with PLANER_DATA."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "overrides" / "sidor"


def data_dir() -> Path:
    return Path(os.environ.get("PLANER_DATA", ROOT / "data")).resolve()


def scope() -> str:
    """PLANER_SCOPE=enhet:<id> or namnd:<id> builds a preview of that part only (seconds at city scale)."""
    return os.environ.get("PLANER_SCOPE", "").strip()
