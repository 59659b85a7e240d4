"""Writing a draft: validated against the model first, YAML in the project's style, atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from ..model.yamlfile import MAX_BYTES

MAX_DRAFT = MAX_BYTES  # what validate accepts


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # lists indented under their key, as in data/


def _str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if re.fullmatch(r"[-+]?\d[\d .,:/]*", value):
        # Text that looks like a number ("0850822000", KF goal "1.3"): quoted as in the hand-written files.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(doc: dict, header: str) -> str:
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2)
    # Dates are read back as text by the project's strict reader: keep them unquoted like the hand-written files.
    body = re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", body)
    body = re.sub(r"\n(?=[a-z_]+:)", "\n\n", body)  # a blank line between the document's parts
    return header + body


def check_sizes(writes: list[tuple[Path, str]]) -> None:
    """Every file an import would write within the data files' size limit, checked before any is
    written: validate would refuse a larger one, and --skriv-over would have replaced a valid plan with it."""
    from .blocks import ImportFault

    for path, text in writes:
        size = len(text.encode("utf-8"))
        if size > MAX_DRAFT:
            raise ImportFault(f"utkastet till {path.name} blev {size // 1000} kB; en datafil får vara högst "
                              f"{MAX_DRAFT // 1000} kB; inget skrevs")


def _mode(path: Path) -> int:
    """A replaced file keeps its mode; a new one gets the umask's, as any file an editor makes
    (mkstemp's 0600 would hide a plan from the web server's user)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def with_appended(path: Path, list_key: str, entries: list[dict], note: str) -> str:
    """The text of a shared file with draft entries appended to its list `list_key` (its comments and
    layout kept). The list must be the file's last top-level key, as in the project's files."""
    from .blocks import ImportFault

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    keys = re.findall(r"^([A-Za-z_]+):", text, re.M)
    if list_key not in keys:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + f"{list_key}:\n"
    elif keys[-1] != list_key:
        raise ImportFault(f"{path}: '{list_key}' är inte filens sista nyckel; lägg till de nya posterna för hand")
    items = yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2)
    items = re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", items)
    indented = "".join("  " + line if line.strip() else line for line in items.splitlines(keepends=True))
    indented = re.sub(r"\n\n(?=  [a-z_]+:)", "\n", indented)
    return text.rstrip("\n") + f"\n  # {note}\n" + indented
