"""Where things are. Paths resolve from the site's own folder (where its mkdocs.yml is), never from
where this package is installed: two checkouts sharing one environment each build their own data,
and a non-editable install works. PLANER_DATA points the build at other data (synthetic data)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

CONFIG_FILE = "mkdocs.yml"
DEFAULT_DATA = "data"  # beside mkdocs.yml; `extra: data_dir:` in mkdocs.yml moves it
TEMPLATES = Path("overrides") / "sidor"


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of mkdocs.yml
    data: Path
    templates: Path


def project(root: Path | None = None, data_setting: str | None = None) -> Project:
    """The site in `root` (default: the current folder), its data folder and page templates.

    `data_setting` is mkdocs.yml's `extra.data_dir` when the builder has read it; otherwise it is
    read from root/mkdocs.yml. PLANER_DATA wins over both."""
    root = (root or Path.cwd()).resolve()
    if data_setting is None:
        data_setting = _data_setting(root / CONFIG_FILE)
    data = os.environ.get("PLANER_DATA") or root / (data_setting or DEFAULT_DATA)
    return Project(root, Path(data).resolve(), root / TEMPLATES)


class _Unread:
    """A value under a tag only MkDocs reads (!relative, python names)."""

    def __init__(self, tag: str):
        self.tag = tag


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it where this package needs it: !ENV resolved (the environment's
    value, or the default), other tags left unread."""


_AnyTagLoader.add_constructor("!ENV", construct_env_tag)  # MkDocs' own reader of the tag
_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: _Unread(suffix))


def mkdocs_config(config_file: Path) -> dict:
    """mkdocs.yml's settings as plain values ({} when it cannot be read): !ENV resolved as MkDocs
    resolves it, a value under another tag an `_Unread`. For presenting the site without MkDocs
    (`python -m macros generate`), which carries the site's name, address and open-data settings over."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def _data_setting(config_file: Path) -> str | None:
    config = mkdocs_config(config_file)
    extra = config.get("extra")
    value = extra.get("data_dir") if isinstance(extra, dict) else None
    if isinstance(value, _Unread):  # not silently the default folder
        raise ValueError(f"{config_file}: extra.data_dir med taggen {value.tag} kan inte läsas; "
                         "skriv mappen som text eller med !ENV")
    return value if isinstance(value, str) else None


def scope() -> str:
    """PLANER_SCOPE=enhet:<id> or namnd:<id> builds a preview of that part only (seconds at city scale)."""
    return os.environ.get("PLANER_SCOPE", "").strip()
