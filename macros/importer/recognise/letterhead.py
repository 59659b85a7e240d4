"""The letterhead and cover: Handläggare, Telefon, Till, Dnr, the date, the document's title (which
must be of the kind and year asked for) and the list of attachments (Bilagor)."""

from __future__ import annotations

import re

from ..blocks import Block, ImportFault, key
from .drafts import Head
from .state import Reading
from .words import ATTACHMENT, PARTS, PLAN, REPORT, TITLE, kind_name

_LETTERHEAD_LABEL = re.compile(r"\s+(?=(?:Telefon|Tfn|Dnr|Handläggare|Datum)\b:?|Till$|\d{4}-\d{2}-\d{2}$)")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})$")


def split_letterhead(blocks: list[Block]) -> list[Block]:
    """Letterhead lines a reader joined into one paragraph ("Kamran Ronaghi Telefon: 0850822000", as a
    PDF's lines or a Word paragraph's line breaks come out) split at the letterhead's labels, up to
    the document's title."""
    out: list[Block] = []
    for n, b in enumerate(blocks):
        if b.kind == "noise":
            out.append(b)
            continue
        if TITLE.match(b.text) or key(b.text) in PARTS or key(b.text) == key("Innehållsförteckning"):
            return out + blocks[n:]
        if b.kind != "text" or len(b.text) > 200:
            out.append(b)
            continue
        for piece in _LETTERHEAD_LABEL.split(b.text):
            out.append(Block("text", piece, b.where, level=b.level, bold=b.bold))
    return out


class Letterhead:
    def __init__(self, r: Reading):
        self.r = r
        self.head = Head()
        self.bilagor: list[str] = []
        self.seen_title = False

    def title(self, b: Block) -> bool:
        """The document's title ("Verksamhetsplan 2024"): a document of the other kind or year is
        refused rather than drafted wrong."""
        r, t = self.r, b.text
        m = TITLE.match(t)
        if not m or self.seen_title or r.part not in ("head", "toc"):
            return False
        doc_kind = PLAN if m.group(1).lower().startswith("verksamhetsplan") else REPORT
        if doc_kind != r.kind:
            raise ImportFault(f"dokumentet är en {kind_name(doc_kind)} ({b.where}: '{t[:60]}'), inte en {kind_name(r.kind)}; ange --typ {doc_kind}")
        if int(m.group(2)) != r.year:
            raise ImportFault(f"dokumentet gäller {m.group(2)} ({b.where}: '{t[:60]}'), inte {r.year}; ange --ar {m.group(2)}")
        self.seen_title = True
        r.structure(t)  # the title the site makes from unit and year
        return True

    def attachments(self, b: Block) -> bool:
        """The heading Bilagor, and under it each "Bilaga 1: …"."""
        r, t = self.r, b.text
        if key(t) == key("Bilagor") and b.kind == "text":
            r.part = "bilagor"
            r.structure(t)
            return True
        if r.part == "bilagor":
            m = ATTACHMENT.match(t)
            if m:
                self.bilagor.append(m.group(1).strip())
                r.c.structure_texts.append(t[:m.start(1)])  # "Bilaga 1:"
                r.placed(t)
                return True
        return False

    def line(self, i: int, b: Block) -> bool:
        """A line of the letterhead or the cover; in the document's head, anything else is unplaced."""
        r, head = self.r, self.head
        t, k = b.text, key(b.text)
        prev = r.blocks[i - 1].text if i else ""
        if k == key("Handläggare"):
            r.structure(t)
            return True
        if k == key("Till"):
            r.structure(t)
            return True
        if key(prev) == key("Handläggare") and head.handlaggare is None:
            head.handlaggare = t
            r.placed(t)
            return True
        if key(prev) == key("Till") and head.till is None:
            head.till = t
            r.placed(t)
            return True
        m = re.match(r"^Telefon:?\s*(.+)$", t)
        if m:
            if head.telefon is None:
                head.telefon = m.group(1).strip()
                r.structure(t[:m.start(1)])
                r.placed(t[m.start(1):])
            else:
                r.noise(t)
            return True
        m = re.match(r"^Dnr:?\s*(.+)$", t)
        if m:
            head.dnr = m.group(1).strip()
            r.structure(t[:m.start(1)])
            r.placed(t[m.start(1):])
            return True
        m = _DATE.match(t)
        if m and head.datum is None:
            head.datum = m.group(1)
            r.placed(t)
            return True
        if k == key("Tjänsteutlåtande"):
            head.handlingstyp = t
            r.placed(t)
            return True
        # Letterhead repeated on the cover: the unit, the administration, the phone number.
        known = {key(head.till or ""), key(head.telefon or ""), key(head.handlaggare or "")}
        nxt = r.next_block(i)
        if k == "stockholms" and nxt is not None and key(nxt.text) == "stad":
            r.noise(t)  # the city's logo, set in two lines
            return True
        if k == "stad" and i and key(r.blocks[i - 1].text) == "stockholms":
            r.noise(t)
            return True
        if k in known or k.endswith(key("stadsdelsförvaltning")) or k == key(r.unit_name or ""):
            r.noise(t)
            return True
        if r.part == "head":
            r.unplaced(b, "i dokumentets huvud")
            return True
        return False
