"""Recognising a plan's or report's structure in the blocks of any input format.

The city's templates give every document the same skeleton: a letterhead (Handläggare, Telefon,
Till, Dnr, date), a table of contents, Bilagor, Inledning or Sammanfattande analys, the goals
(KF:s inriktningsmål → KF:s mål för verksamhetsområdet → Nämndmål → Enhetsmål with labelled texts,
indicator and activity tables), Redovisning/Uppföljning av ekonomi, Övrigt and, in reports, the
complaints table. Every sentence read is counted as placed in the draft, matched to a shared text,
dropped as export noise, or listed as unplaced with its source position.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Optional

from ..site.urls import slug as url_slug
from .blocks import Block, ImportFault, clean, key, sentences
from .shared import Shared, sentence_keys, similar

PLAN, REPORT = "verksamhetsplan", "verksamhetsberattelse"

# Headings that start a part of the document (compared by key()).
PARTS = {
    key("Inledning"): "inledning",
    key("Sammanfattande analys"): "sammanfattande_analys",
    key("Uppföljning av Kommunfullmäktiges inriktningsmål"): "mal",
    key("Redovisning av ekonomi"): "ekonomi",
    key("Uppföljning av ekonomi"): "ekonomi",
    key("Ekonomi"): "ekonomi",
    key("Övrigt"): "ovrigt",
    key("Redovisning av synpunkter och klagomål"): "klagomal",
}
# Labelled texts of a unit goal (Arbetsätt: the templates' own misspelling).
LABELS = {
    key("Förväntat resultat"): "forvantat_resultat",
    key("Arbetssätt"): "arbetssatt",
    key("Arbetsätt"): "arbetssatt",
    key("Resursanvändning"): "resursanvandning",
    key("Uppföljning"): "uppfoljning",
    key("Utveckling"): "utveckling",
    key("Analys"): "analys",
    key("Beskrivning"): "beskrivning",
}
STATUS = {key("Uppfylls helt"): "helt", key("Uppfylls delvis"): "delvis", key("Uppfylls inte"): "inte", key("Uppfylls ej"): "inte"}
NOISE_LINES = {key(s) for s in ("Inga data", "— Inga data", "Förslag till beslut", "Stockholms stad", "start.stockholm")}

_DIRECTION = re.compile(r"^KF:s inriktningsmål:?\s*(\d+)\.?\s*(.*)$")
_AREA = re.compile(r"^KF:s mål för verksamhetsområdet:?\s*(\d+\.\d+)\s*(.*)$")
_BOARD = re.compile(r"^Nämndmål:?\s*(.*)$")
_UNIT = re.compile(r"^Enhetsmål:?\s*(.*)$")
_ATTACHMENT = re.compile(r"^Bilaga\s*\d*\s*:\s*(.+)$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})$")
_NUMBER = re.compile(r"-?\d+(?:[  ]\d{3})*(?:[,.]\d+)?")
_TOC_DOTS = re.compile(r"\s*(\d{1,3}\s*)?\.{3,}\s*\d*$")  # "Title ..... 3", or "Title 3 ....." as PDFium reads a leader
_TOC_PAGE = re.compile(r"^(\D.{0,200}?\S)\s+\d{1,3}$")
_TITLE = re.compile(r"^(Verksamhetsplan|Verksamhetsberättelse)\s+(\d{4})\b", re.I)
_BUDGET = re.compile(r"(\d{1,3}(?:[  ]\d{3})+|\d+(?:[,.]\d+)?)\s*(milj kr|mkr|tkr|kr)\b")


def number(cell: str) -> Optional[float]:
    m = _NUMBER.search(cell or "")
    if not m:
        return None
    value = float(m.group(0).replace(" ", "").replace(" ", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def near(k: str, known: set[str]) -> bool:
    """A sentence of a shared text, allowing a typo or two between versions of the document."""
    if k in known:
        return True
    return any(abs(len(k) - len(o)) <= 4 and difflib.SequenceMatcher(None, k, o, autojunk=False).ratio() > 0.95
               for o in known if len(k) > 20)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";"))


def structural(text: str) -> bool:
    """A line the templates' structure gives its own place: a goal, a label, a status, a part."""
    k = key(text)
    return bool(_DIRECTION.match(text) or _AREA.match(text) or _BOARD.match(text) or _UNIT.match(text)
                or k in LABELS or k in STATUS or k in PARTS or k in (key("Indikator"), key("Aktivitet"), key("Bilagor"))
                or _ATTACHMENT.match(text) or _TITLE.match(text))


def join_wrapped(blocks: list[Block]) -> list[Block]:
    """Join running text that a page break or hard wrap split: no end punctuation, then lower case."""
    out: list[Block] = []
    for b in blocks:
        # Page headers and footers between the halves stay where they are, counted as noise.
        prev = next((x for x in reversed(out[-4:]) if x.kind != "noise"), None)
        if prev and b.level and b.level == prev.level and b.kind == prev.kind == "text" and b.text[:1].islower():
            prev.text += " " + b.text  # a heading wrapped onto the next page
            continue
        if (prev and b.kind == "text" and prev.kind in ("text", "bullet") and not b.level and not prev.level
                and not prev.bold and not ends_sentence(prev.text) and len(prev.text) > 40
                and (b.text[:1].islower() or (b.text[:1].isdigit() and prev.text[-1:].islower())
                     or (prev.full and not structural(b.text)))):
            hyphen = prev.text.endswith("-") and not prev.text.endswith(" -")
            prev.text = prev.text[:-1] + b.text if hyphen else prev.text + " " + b.text
            prev.full = b.full
            continue
        out.append(b)
    return out


_LETTERHEAD_LABEL = re.compile(r"\s+(?=(?:Telefon|Tfn|Dnr|Handläggare|Datum)\b:?|Till$|\d{4}-\d{2}-\d{2}$)")


def split_letterhead(blocks: list[Block]) -> list[Block]:
    """Letterhead lines a reader joined into one paragraph ("Kamran Ronaghi Telefon: 0850822000", as a
    PDF's lines or a Word paragraph's line breaks come out) split at the letterhead's labels, up to
    the document's title."""
    out: list[Block] = []
    for n, b in enumerate(blocks):
        if b.kind == "noise":
            out.append(b)
            continue
        if _TITLE.match(b.text) or key(b.text) in PARTS or key(b.text) == key("Innehållsförteckning"):
            return out + blocks[n:]
        if b.kind != "text" or len(b.text) > 200:
            out.append(b)
            continue
        for piece in _LETTERHEAD_LABEL.split(b.text):
            out.append(Block("text", piece, b.where, level=b.level, bold=b.bold))
    return out


@dataclass
class Counts:
    placed: int = 0
    matched: int = 0
    noise: int = 0
    noise_texts: list[str] = field(default_factory=list)  # what was counted as noise, for accounting
    structure_texts: list[str] = field(default_factory=list)  # headings and labels the site prints itself
    unplaced: list[dict] = field(default_factory=list)


class Text:
    """A prose field being collected: paragraphs, bullets and bold sub-headings as Markdown."""

    def __init__(self):
        self.parts: list[tuple[str, str]] = []

    def add(self, kind: str, text: str):
        self.parts.append((kind, text))

    def markdown(self) -> str:
        parts = list(self.parts)
        # A short bullet followed by a paragraph and then another bullet heads that paragraph
        # ("- **Helhetssyn**" with its text indented under it), as the templates' value lists do.
        headed = set()
        for i, (kind, text) in enumerate(parts):
            if (kind == "bullet" and len(text.split()) <= 5 and i + 1 < len(parts) and parts[i + 1][0] == "text"
                    and (i + 2 >= len(parts) or parts[i + 2][0] == "bullet")
                    and any(p[0] == "bullet" and j != i for j, p in enumerate(parts))):
                headed.add(i)
        out = ""
        for i, (kind, text) in enumerate(parts):
            if i - 1 in headed:
                out += "\n  " + text
                continue
            if kind == "bullet":
                line = f"- **{text}**" if i in headed else f"- {text}"
            else:
                line = f"**{text}**" if kind == "bold" else text
            if i:
                out += "\n" if kind == "bullet" else "\n\n"
            out += line
        return out + "\n" if out else ""


@dataclass
class Section:
    rubrik: str
    level: int = 0
    in_toc: bool = False
    text: Text = field(default_factory=Text)
    after: Text = field(default_factory=Text)
    budget: Optional[dict] = None
    table: Optional[dict] = None
    avsnitt: list["Section"] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.text.parts and not self.table and not self.avsnitt

    def dump(self) -> dict:
        d: dict = {"rubrik": self.rubrik}
        if self.budget:
            d["budget"] = self.budget
        if self.text.parts:
            d["text"] = self.text.markdown()
        if self.table:
            d["ersattningsnivaer"] = self.table
        if self.after.parts:
            d["text_efter_tabell"] = self.after.markdown()
        if self.avsnitt:
            d["avsnitt"] = [s.dump() for s in self.avsnitt]
        return d


def slug(text: str, taken: set[str]) -> str:
    words = [w for w in url_slug(text).split("-") if w]  # transliterated as the site's addresses are
    base = "-".join(words[:6]) or "mal"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


class Recognizer:
    def __init__(self, blocks: list[Block], kind: str, year: int, shared: Shared, source: str):
        self.blocks = self.join_indicator_names(self.join_goal_headings(join_wrapped(split_letterhead(blocks)), shared), shared)
        # Whether the document marks its headings: its first part heading (Inledning, …) is styled or bold.
        first_part = next((b for b in self.blocks if b.kind == "text" and key(b.text) in PARTS), None)
        self.marked = bool(first_part and (first_part.level or first_part.bold))
        self.kind, self.year, self.shared, self.source = kind, year, shared, source
        self.c = Counts()
        self.head: dict = {}
        self.bilagor: list[str] = []
        self.sections: dict[str, list[Section]] = {"inledning": [], "sammanfattande_analys": [], "ekonomi": [], "ovrigt": []}
        self.areas: list[dict] = []
        self.klagomal: list[dict] = []
        self.klagomal_text = Text()
        self.toc: set[str] = set()
        self.toc_count: dict[str, int] = {}
        self.toc_repeated: set[str] = set()
        self.toc_pending: list[str] = []
        self.unit_name: Optional[str] = None  # the unit's name, when it exists: repeated on the cover
        self.current: Optional[Section] = None
        self.current_top: Optional[Section] = None
        self.heading_count: dict[str, int] = {}
        self.part = "head"
        self.part_level = 0
        self.notes: list[str] = []  # shared texts not found, named in the output
        # goal context
        self.area: Optional[dict] = None
        self.board: Optional[dict] = None
        self.board_def = None
        self.new_board: Optional[dict] = None  # a nämndmål the board's file lacks, written there as a draft
        self.new_boards: list[dict] = []
        self.new_indicators: list[dict] = []
        self.unit: Optional[dict] = None
        self.unit_plan = None
        self.label: Optional[str] = None
        self.label_text: Optional[Text] = None
        self.table: Optional[dict] = None  # the table being read: {"kind": ..., "columns": [...]}
        self.last_indicator: Optional[dict] = None
        self.ids: set[str] = set()
        self.seen_title = False
        self.goal_marks = 0

    @staticmethod
    def join_goal_headings(blocks: list[Block], shared: Shared) -> list[Block]:
        """A KF goal's heading wrapped onto a line of its own that starts in capitals ("…: 3.4 Medarbetare i"
        / "Stockholm ska ges …"): joined when that makes it the year's title of the goal."""
        out: list[Block] = []
        skip: set[int] = set()
        for n, b in enumerate(blocks):
            if n in skip:
                continue
            m = _DIRECTION.match(b.text) or _AREA.match(b.text)
            goal = None
            if m and b.kind == "text":
                goal = shared.direction_goal(m.group(1)) if _DIRECTION.match(b.text) else shared.area_goal(m.group(1))
            if goal is not None:
                title, j = m.group(2), n + 1
                while similar(title, goal.titel) < 0.9 and j < len(blocks) and j <= n + 4:
                    nb = blocks[j]
                    if nb.kind == "noise":
                        j += 1
                        continue
                    if nb.kind != "text" or similar(title + " " + nb.text, goal.titel) <= similar(title, goal.titel):
                        break
                    title = title + " " + nb.text
                    b = Block(b.kind, b.text + " " + nb.text, b.where, level=b.level, bold=b.bold)
                    skip.add(j)
                    j += 1
            out.append(b)
        return out

    @staticmethod
    def join_indicator_names(blocks: list[Block], shared: Shared) -> list[Block]:
        """An indicator's name cell cut by a page break into rows of its own ("Aktivt" / "Medskapandeindex"):
        the rows joined when together, and only together, they name one of the year's indicators."""
        out: list[Block] = []
        for b in blocks:
            prev = next((x for x in reversed(out) if x.kind != "noise"), None)
            if (b.kind == "row" and prev is not None and prev.kind == "row" and b.cells[:1] and b.cells[0]
                    and not any(b.cells[1:]) and prev.cells[:1] and prev.cells[0]
                    and shared.indicator(prev.cells[0]) is None and shared.indicator(b.cells[0]) is None
                    and shared.indicator(prev.cells[0] + " " + b.cells[0]) is not None):
                prev.cells = [prev.cells[0] + " " + b.cells[0]] + prev.cells[1:]
                prev.text = "\t".join(prev.cells)
                continue
            out.append(b)
        return out

    # --- accounting ---------------------------------------------------------------

    def placed(self, text: str):
        self.c.placed += max(1, len(sentences(text)))

    def matched(self, text: str):
        self.c.matched += max(1, len(sentences(text)))

    def structure(self, text: str):
        """A heading, label or table header the site prints itself: placed, and kept for accounting."""
        self.placed(text)
        self.c.structure_texts.append(text)

    def noise(self, text: str):
        self.c.noise += max(1, len(sentences(text)))
        self.c.noise_texts.append(text)

    def unplaced(self, b: Block, why: str = "", text: Optional[str] = None):
        t = text if text is not None else b.text
        item = {"text": t, "kalla": f"{self.source}, {b.where}"}
        if why:
            item["orsak"] = why
        self.c.unplaced.append(item)

    # --- helpers ---------------------------------------------------------------------

    def next_block(self, i: int) -> Optional[Block]:
        return self.blocks[i + 1] if i + 1 < len(self.blocks) else None

    def heading_like(self, b: Block, nxt: Optional[Block], max_words: int = 12) -> bool:
        if b.kind != "text":
            return False
        if b.level or (b.bold and not ends_sentence(b.text)):
            return True
        if self.marked:
            return False  # the document marks its headings (styles, weight, size): an unmarked line is text
        t = b.text
        return (len(t) <= 100 and len(t.split()) <= max_words and t[:1].isupper() and not ends_sentence(t)
                and not t.endswith((",", "-")) and nxt is not None)

    def close_label(self):
        if self.label and self.label_text is not None:
            md = self.label_text.markdown()
            if self.label.startswith("board:"):
                # Nämndmål texts are shared: counted as matched or unplaced when read, or, for a
                # nämndmål the board's file lacks, kept for the draft entry written there.
                if self.new_board is not None and md and self.label[6:] in ("beskrivning", "forvantat_resultat"):
                    self.new_board[self.label[6:]] = md
            elif self.unit is not None and md:
                if self.kind == REPORT and self.label != "analys":
                    pass  # the plan's texts repeated in a report: counted when read
                else:
                    self.unit[self.label] = md
        self.label, self.label_text = None, None

    def close_goal_context(self, level: str):
        self.close_label()
        self.table = None
        if level in ("area", "direction", "part", "board"):
            self.new_board = None
        if level in ("area", "direction", "part"):
            self.board = self.board_def = None
        self.unit = self.unit_plan = None

    # --- main loop ---------------------------------------------------------------------

    def run(self) -> dict:
        board_titles = [m.group(1) for b in self.blocks if b.kind == "text" for m in [_BOARD.match(b.text)] if m]
        self.shared.choose_board(board_titles)
        for i, b in enumerate(self.blocks):
            self.step(i, b)
        self.close_label()
        if not (self.goal_marks or self.head.get("handlaggare")):
            raise ImportFault(f"dokumentet ser inte ut som en {self.kind_name()} (inga KF-mål, nämndmål eller Handläggare hittades)")
        return self.document()

    def kind_name(self) -> str:
        return "verksamhetsplan" if self.kind == PLAN else "verksamhetsberättelse"

    def step(self, i: int, b: Block):
        t = b.text
        k = key(t)
        nxt = self.next_block(i)
        if b.kind == "noise":  # page headers, footers and numbers told by the reader
            self.noise(t)
            return
        # A document of the other kind: refuse rather than write a wrong draft.
        m = _TITLE.match(t)
        if m and not self.seen_title and self.part in ("head", "toc"):
            doc_kind = PLAN if m.group(1).lower().startswith("verksamhetsplan") else REPORT
            if doc_kind != self.kind:
                other = "verksamhetsplan" if doc_kind == PLAN else "verksamhetsberättelse"
                raise ImportFault(f"dokumentet är en {other} ({b.where}: '{t[:60]}'), inte en {self.kind_name()}; ange --typ {doc_kind}")
            if int(m.group(2)) != self.year:
                raise ImportFault(f"dokumentet gäller {m.group(2)} ({b.where}: '{t[:60]}'), inte {self.year}; ange --ar {m.group(2)}")
            self.seen_title = True
            self.structure(t)  # the title the site makes from unit and year
            return
        if k in NOISE_LINES or not k or b.kind == "noise":
            self.noise(t)
            return
        # Table of contents: noise, but its entries tell which headings are sections.
        if k == key("Innehållsförteckning"):
            self.part = "toc"
            self.noise(t)
            return
        if self.part == "toc":
            if self.toc_entry(b) or self.toc_wrapped(i, b):
                return
            self.part = "after-toc"
        if k == key("Bilagor") and b.kind == "text":
            self.part = "bilagor"
            self.structure(t)
            return
        if self.part == "bilagor":
            m = _ATTACHMENT.match(t)
            if m:
                self.bilagor.append(m.group(1).strip())
                self.c.structure_texts.append(t[:m.start(1)])  # "Bilaga 1:"
                self.placed(t)
                return
        # A new part of the document.
        part = PARTS.get(k)
        deeper = bool(b.level and self.part_level and b.level > self.part_level and self.part == part)
        if part and b.kind == "text" and not deeper and not (part == "ovrigt" and self.part == "ovrigt" and k in self.toc_repeated):
            if part == "ekonomi" and self.part == "ekonomi":
                pass
            else:
                self.enter_part(part, b)
                return
        if self.part == "head" or self.part == "after-toc" or self.part == "bilagor":
            if self.header_line(i, b):
                return
        # Goals appear without a part heading in plans.
        if b.kind == "text" and (_DIRECTION.match(t) or _AREA.match(t)):
            if self.part != "mal":
                self.enter_part("mal", None)
        if self.part == "mal":
            self.goal_line(i, b)
        elif self.part in self.sections:
            self.section_line(i, b)
        elif self.part == "klagomal":
            self.complaint_line(b)
        else:
            self.unplaced(b, "utanför dokumentets delar")

    def toc_entry(self, b: Block) -> bool:
        if b.kind == "row" and len(b.cells) >= 1:
            last = b.cells[-1]
            if len(b.cells) == 1 or re.fullmatch(r"\d+", last) or not last:
                title = _TOC_DOTS.sub("", b.cells[0]).strip()
                self.add_toc(title)
                self.noise(b.text)
                return True
        if b.kind == "text" and _TOC_DOTS.search(b.text):
            self.add_toc(_TOC_DOTS.sub("", b.text).strip())
            self.noise(b.text)
            return True
        # Word's contents entry: the title, a tab with a dotted leader (not text) and the page number.
        m = _TOC_PAGE.match(b.text)
        if b.kind == "text" and m and not b.level:
            self.add_toc(m.group(1))
            self.noise(b.text)
            return True
        return False

    def toc_wrapped(self, i: int, b: Block) -> bool:
        """A contents entry wrapped over lines: its first lines, when the entry goes on to its leader
        and page number within the next few lines (page furniture between them aside)."""
        if b.kind != "text" or b.level or len(b.text) > 200:
            return False
        if re.fullmatch(r"[.\s]*\d{0,3}", b.text):  # the leader or page number alone on a line
            self.noise(b.text)
            return True
        text, n = b.text, i + 1
        while n < len(self.blocks) and n <= i + 6:
            nb = self.blocks[n]
            if nb.kind == "noise":
                n += 1
                continue
            if nb.kind != "text" or len(nb.text) > 200:
                return False
            if _TOC_DOTS.search(nb.text) or _TOC_PAGE.match(nb.text):
                self.toc_pending.append(text)
                self.noise(b.text)
                return True
            text, n = text + " " + nb.text, n + 1
        return False

    def add_toc(self, title: str):
        if self.toc_pending:  # the first lines of a wrapped entry
            title = " ".join(self.toc_pending[:1] + [title])
            self.toc_pending = []
        title = re.sub(r"\s*Fel! Bokmärket är inte definierat\.?", "", title)
        k = key(title)
        if k in self.toc:
            self.toc_repeated.add(k)  # "Övrigt" as a part and as a section in it
        self.toc.add(k)
        self.toc_count[k] = self.toc_count.get(k, 0) + 1

    def header_line(self, i: int, b: Block) -> bool:
        t, k = b.text, key(b.text)
        prev = self.blocks[i - 1].text if i else ""
        if k == key("Handläggare"):
            self.structure(t)
            return True
        if k == key("Till"):
            self.structure(t)
            return True
        if key(prev) == key("Handläggare") and "handlaggare" not in self.head:
            self.head["handlaggare"] = t
            self.placed(t)
            return True
        if key(prev) == key("Till") and "till" not in self.head:
            self.head["till"] = t
            self.placed(t)
            return True
        m = re.match(r"^Telefon:?\s*(.+)$", t)
        if m:
            if "telefon" not in self.head:
                self.head["telefon"] = m.group(1).strip()
                self.structure(t[:m.start(1)])
                self.placed(t[m.start(1):])
            else:
                self.noise(t)
            return True
        m = re.match(r"^Dnr:?\s*(.+)$", t)
        if m:
            self.head["dnr"] = m.group(1).strip()
            self.structure(t[:m.start(1)])
            self.placed(t[m.start(1):])
            return True
        m = _DATE.match(t)
        if m and "datum" not in self.head:
            self.head["datum"] = m.group(1)
            self.placed(t)
            return True
        if k == key("Tjänsteutlåtande"):
            self.head["handlingstyp"] = t
            self.placed(t)
            return True
        # Letterhead repeated on the cover: the unit, the administration, the phone number.
        known = {key(self.head.get("till", "")), key(self.head.get("telefon", "")), key(self.head.get("handlaggare", ""))}
        nxt = self.next_block(i)
        if k == "stockholms" and nxt is not None and key(nxt.text) == "stad":
            self.noise(t)  # the city's logo, set in two lines
            return True
        if k == "stad" and i and key(self.blocks[i - 1].text) == "stockholms":
            self.noise(t)
            return True
        if k in known or k.endswith(key("stadsdelsförvaltning")) or k == key(self.unit_name or ""):
            self.noise(t)
            return True
        if self.part == "head":
            self.unplaced(b, "i dokumentets huvud")
            return True
        return False

    def enter_part(self, part: str, b: Optional[Block]):
        self.close_goal_context("part")
        self.part = part
        self.part_level = b.level if b else 0
        self.current_top = self.current = None
        if b:
            # The part heading is structure: the site prints its own.
            self.structure(b.text)

    # --- sections -------------------------------------------------------------------------

    def section_line(self, i: int, b: Block):
        sections = self.sections[self.part]
        nxt = self.next_block(i)
        top = self.current_top
        if self.heading_like(b, nxt):
            k = key(b.text)
            seen = self.heading_count.get(k, 0)
            in_toc = seen < self.toc_count.get(k, 0)
            as_text = False
            if b.level and self.part_level:
                child = b.level > self.part_level + 1
            elif top is None:
                child = False
            else:
                # Plain text has no levels: a heading listed in the table of contents starts a
                # section; an empty heading that is itself listed there, or repeated from earlier in
                # the document (the templates' grouping headings), groups the headings that follow.
                groups = top.empty() and (top.in_toc or self.heading_count.get(key(top.rubrik), 0) > 1)
                if in_toc:
                    child = groups and not top.in_toc
                elif top.empty() and not groups and not top.avsnitt:
                    as_text = True  # a short first line of the section's text, e.g. the unit's name
                    child = False
                else:
                    child = groups or bool(top.avsnitt)
            if not as_text:
                self.heading_count[k] = seen + 1
                s = Section(b.text, level=b.level, in_toc=in_toc)
                if child and top is not None:
                    top.avsnitt.append(s)
                else:
                    sections.append(s)
                    self.current_top = s
                self.current = s
                self.placed(b.text)
                return
        current = self.current
        if current is None or not sections:
            current = Section("Inledning" if self.part == "inledning" else "")
            sections.append(current)
            self.current = self.current_top = current
        if b.kind == "row":
            self.compensation_row(current, b)
            return
        target = current.after if current.table else current.text
        target.add(b.kind if b.kind == "bullet" else "text", b.text)
        self.placed(b.text)
        if current.budget is None and key(current.rubrik).startswith("budget"):
            m = _BUDGET.search(b.text)
            if m:
                current.budget = {"belopp": number(m.group(1)), "enhet": m.group(2)}

    def compensation_row(self, s: Section, b: Block):
        cells = b.cells
        filled = [c for c in cells if c]
        if s.table is None:
            s.table = {"rubrik": filled[0], "ar": self.year, "foregaende_ar": self.year - 1, "grupper": []}
            m = re.search(r"(\d{4})", filled[0])
            if m:
                s.table["ar"], s.table["foregaende_ar"] = int(m.group(1)), int(m.group(1)) - 1
            self.placed(b.text)
            return
        table = s.table
        if len(filled) == 1 and key(filled[0]) == key(table["rubrik"]):
            self.noise(b.text)  # the table's title repeated after a page break
            return
        if len(filled) == 1 and not number(filled[0]):
            table["grupper"].append({"rubrik": filled[0], "per": "månad", "rader": []})
            self.placed(b.text)
            return
        m = re.search(r"Ersättning/(dygn|timme|månad)", b.text)
        if m and table["grupper"]:
            table["grupper"][-1]["per"] = m.group(1)
            self.structure(b.text)
            return
        if key(cells[0]) == key("Nivå") and len(cells) >= 5:
            y, prev = number(cells[1]), number(cells[-1])
            if y and prev:
                table["ar"], table["foregaende_ar"] = int(y), int(prev)
            self.structure(b.text)
            return
        if len(cells) >= 3 and table["grupper"] and number(cells[1]) is not None and number(cells[-1]) is not None:
            table["grupper"][-1]["rader"].append({"niva": cells[0], "belopp": number(cells[1]), "foregaende": number(cells[-1])})
            self.placed(b.text)  # the change columns are computed by the site
            return
        self.unplaced(b, "rad i tabellen Ersättningsnivåer som inte kunde tolkas")

    # --- goals --------------------------------------------------------------------------------

    def goal_line(self, i: int, b: Block):
        t, k = b.text, key(b.text)
        nxt = self.next_block(i)
        if b.kind == "row":
            self.goal_row(b)
            return
        self.table = None if b.kind != "row" and not k.startswith("analys") else self.table
        for rx in (_DIRECTION, _AREA, _BOARD, _UNIT):
            m = rx.match(t)
            if m:  # "Nämndmål:", "KF:s mål för verksamhetsområdet: 1.3": the site's own label and number
                self.c.structure_texts.append(t[:m.start(m.lastindex)])
        m = _DIRECTION.match(t)
        if m:
            self.close_goal_context("direction")
            self.goal_marks += 1
            g = self.shared.direction_goal(m.group(1))
            if g and similar(m.group(2), g.titel) > 0.8:
                self.matched(t)
            else:
                self.unplaced(b, f"KF:s inriktningsmål {m.group(1)} finns inte (eller har en annan titel) i {self.shared.stad_path}")
                self.notes.append(f"KF:s inriktningsmål {m.group(1)}")
            return
        m = _AREA.match(t)
        if m:
            self.close_goal_context("area")
            self.goal_marks += 1
            g = self.shared.area_goal(m.group(1))
            if g and similar(m.group(2), g.titel) > 0.8:
                self.matched(t)
            else:
                self.unplaced(b, f"KF:s mål {m.group(1)} finns inte (eller har en annan titel) i {self.shared.stad_path}")
                self.notes.append(f"KF:s mål {m.group(1)}")
            self.area = {"kf_mal": m.group(1)}
            self.areas.append(self.area)
            return
        m = _BOARD.match(t)
        if m and self.area is not None:
            self.close_goal_context("board")
            self.goal_marks += 1
            g = self.shared.board_goal(m.group(1), self.area["kf_mal"])
            self.board_def = g
            if g:
                self.matched(t)
                self.board = {"id": g.id}
                self.area.setdefault("namndmal", []).append(self.board)
            elif self.shared.board_id:
                # Not in the board's file: a draft entry there, named in the output, for the editor to check.
                title = m.group(1).strip()
                taken = {g.id for y in self.shared.boards.values() for g in y.namndmal} | {g["id"] for g in self.new_boards}
                self.new_board = {"id": slug(title, taken), "kf_mal": self.area["kf_mal"], "titel": title,
                                  "beskrivning": "", "forvantat_resultat": ""}
                self.new_boards.append(self.new_board)
                self.board = {"id": self.new_board["id"]}
                self.area.setdefault("namndmal", []).append(self.board)
                self.placed(t)
                self.notes.append(f"nämndmål '{title[:60]}' (utkast skrivet i {self.shared.board_path()})")
            else:
                self.board = None
                self.unplaced(b, f"nämndmålet finns inte i data/namnder/.../{self.year}.yaml")
                self.notes.append(f"nämndmål '{m.group(1)[:50]}'")
            return
        m = _UNIT.match(t)
        if m and self.area is not None:
            self.close_label()
            self.goal_marks += 1
            title = m.group(1).strip()
            if self.board is None:
                self.unplaced(b, "enhetsmål utan nämndmål")
                self.unit = None
                return
            if self.kind == PLAN:
                known = self.shared.plan_unit_goal(title)  # re-importing: keep the ids reports refer to
                uid = known.id if known and known.id not in self.ids else slug(title, self.ids)
                self.ids.add(uid)
                self.unit = {"id": uid, "titel": title}
                self.placed(t)
            else:
                pu = self.shared.plan_unit_goal(title)
                self.unit_plan = pu
                if pu:
                    self.unit = {"id": pu.id}
                    self.matched(t)
                else:
                    self.unit = {"id": slug(title, self.ids)}
                    self.unplaced(b, "enhetsmålet finns inte i enhetens verksamhetsplan; titeln hör hemma där")
            self.board.setdefault("enhetsmal", []).append(self.unit)
            return
        if k in STATUS and self.unit is not None and self.kind == REPORT:
            self.unit["status"] = STATUS[k]
            self.structure(t)
            return
        label = LABELS.get(k)
        if label and b.kind == "text" and (self.unit is not None or self.board_def is not None or self.board is not None):
            self.close_label()
            self.label = label if self.unit is not None else "board:" + label
            self.label_text = Text()
            self.structure(t)
            return
        if k.startswith("analys") and self.last_indicator is not None and self.table and self.table["kind"] == "indicator":
            self.last_indicator["analys"] = t[len("Analys"):].strip() + "\n"
            self.c.structure_texts.append("Analys")
            self.placed(t)
            return
        # Text of a label.
        if self.label_text is not None:
            self.label_body(i, b, nxt)
            return
        self.unplaced(b, "text i målavsnittet utan rubrik")

    def label_body(self, i: int, b: Block, nxt: Optional[Block]):
        t = b.text
        if self.label.startswith("board:") and self.new_board is not None:
            self.label_text.add(b.kind if b.kind == "bullet" else "text", t)
            self.placed(t)
            return
        if self.label.startswith("board:"):
            # Nämndmål texts are shared: compare with the board's file, never copy.
            known = sentence_keys(self.board_def.beskrivning, self.board_def.forvantat_resultat) if self.board_def else set()
            for s in sentences(t):
                if near(key(s), known):
                    self.matched(s)
                else:
                    self.unplaced(b, f"skiljer sig från nämndmålets text i data/namnder/{self.shared.board_id}/{self.year}.yaml", s)
            return
        if self.kind == REPORT and self.label != "analys":
            pu = self.unit_plan
            known = sentence_keys(getattr(pu, self.label, "")) if pu else set()
            for s in sentences(t):
                if near(key(s), known):
                    self.matched(s)
                else:
                    self.unplaced(b, f"{self.label} hör till verksamhetsplanen men skiljer sig från den", s)
            return
        if b.kind == "bullet":
            self.label_text.add("bullet", t)
        elif (b.kind == "text" and len(t.split()) <= 6 and not ends_sentence(t) and t[:1].isupper() and nxt is not None
              and nxt.kind == "text" and key(nxt.text) not in LABELS and not _UNIT.match(nxt.text) and not _BOARD.match(nxt.text)
              and not _AREA.match(nxt.text) and not _DIRECTION.match(nxt.text) and key(nxt.text) not in PARTS):
            self.label_text.add("bold", t)
        else:
            self.label_text.add("text", t)
        self.placed(t)

    def goal_row(self, b: Block):
        cells = b.cells
        first = key(cells[0]) if cells else ""
        if first == "indikator":
            self.close_label()
            self.table = {"kind": "indicator", "columns": [key(c) for c in cells]}
            self.noise(b.text) if self.area and self.area.get("indikatorer") else self.structure(b.text)
            return
        if first == "aktivitet":
            self.close_label()
            self.table = {"kind": "activity"}
            self.structure(b.text)
            return
        if self.table and self.table["kind"] == "activity" and self.new_board is not None:
            dates = [c for c in cells[1:] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
            if len(dates) == 2:
                self.new_board.setdefault("aktiviteter", []).append({"aktivitet": cells[0], "startdatum": dates[0], "slutdatum": dates[1]})
                self.placed(b.text)
            else:
                self.unplaced(b, "aktivitet utan start- och slutdatum")
            return
        if self.table and self.table["kind"] == "activity":
            acts = self.board_def.aktiviteter if self.board_def else []
            if any(similar(cells[0], a.aktivitet) > 0.9 for a in acts):
                self.matched(b.text)
            else:
                self.unplaced(b, "aktiviteten finns inte under nämndmålet i nämndens fil")
            return
        if self.table and self.table["kind"] == "indicator":
            self.indicator_row(b)
            return
        self.unplaced(b, "tabellrad utan känd tabellrubrik")

    def indicator_row(self, b: Block):
        cols = self.table["columns"]
        cells = b.cells + [""] * (len(cols) - len(b.cells))
        name = cells[0]
        rest = [c for c in cells[1:] if c]
        if not rest and name.startswith("Analys ") and self.last_indicator is not None:
            self.last_indicator["analys"] = name[len("Analys "):].strip() + "\n"
            self.c.structure_texts.append("Analys")
            self.placed(name)
            return
        if self.last_indicator is not None and not rest and name[:1].islower():
            # The name's cell wrapped onto the next page: join and match again.
            full = self.last_indicator_name + " " + name
            new = next((n for n in self.new_indicators if n["id"] == self.last_indicator["indikator"]), None)
            if new is not None:
                new["namn"] = full
                self.last_indicator_name = full
                self.placed(b.text)
                return
            d = self.shared.indicator(full)
            if d and d.id == self.last_indicator["indikator"]:
                self.matched(b.text)
                return
        d = self.shared.indicator(name)
        if d is None:
            if self.area is None:
                self.unplaced(b, f"indikatorn finns inte i {self.shared.stad_path}")
                return
            new = self.new_indicator(name, cols, cells)
            ind_id = new["id"]
            self.notes.append(f"indikator '{name[:60]}' (utkast skrivet i {self.shared.stad_path})")
        else:
            ind_id = d.id
        row: dict = {"indikator": ind_id}
        for n, cell in enumerate(cells[1:], start=1):
            col = cols[n] if n < len(cols) else ""
            field_ = self.indicator_field(col)
            if field_ and cell:
                if field_ == "period":
                    row["period"] = cell
                else:
                    v = number(cell)
                    if v is not None:
                        row[field_] = v
                    else:
                        self.unplaced(b, f"värdet i kolumnen {col or n + 1} är inget tal", cell)
            elif cell and not col.startswith(("kfs", "periodicitet")):
                # KF's target and the periodicity belong to the indicator's definition; anything else
                # in a column not read is listed, never dropped.
                self.unplaced(b, f"kolumnen '{col or n + 1}' i indikatortabellen kunde inte tolkas", cell)
        self.area.setdefault("indikatorer", []).append(row)
        self.last_indicator, self.last_indicator_name = row, name
        self.placed(b.text)

    def new_indicator(self, name: str, cols: list[str], cells: list[str]) -> dict:
        """A draft definition for an indicator the year's shared file lacks, from its table row."""
        taken = {d.id for d in (self.shared.city.indikatorer if self.shared.city else [])} | {n["id"] for n in self.new_indicators}
        d: dict = {"id": slug(name, taken), "namn": name, "kf_mal": self.area["kf_mal"], "periodicitet": "År"}
        for col, cell in zip(cols[1:], cells[1:]):
            if "%" in cell:
                d["enhet"] = "%"
            if col.startswith("periodicitet") and cell in ("År", "Tertial"):
                d["periodicitet"] = cell
            if col.startswith("kfs") and cell:
                flat = cell.replace("/s tyrelse", "/styrelse")
                if flat.startswith("Tas fram av nämnd/styrelse"):
                    d["kf_arsmal"] = "Tas fram av nämnd/styrelse"
                elif flat.startswith("Tas fram av nämnd"):
                    d["kf_arsmal"] = "Tas fram av nämnd"
                elif number(cell) is not None:
                    d["kf_arsmal"] = number(cell)
        self.new_indicators.append(d)
        return d

    def indicator_field(self, col: str) -> Optional[str]:
        if col.startswith("kfs"):
            return None  # KF's target and periodicity live in the indicator's definition
        if col in ("årsmål", "arsmål", "arsmal"):
            return "arsmal"
        if col.startswith("periodensutfall") or col == "utfall":
            return "utfall" if self.kind == REPORT else None
        if col.startswith("utfallmän"):
            return "utfall_man"
        if col.startswith("utfallkvinnor"):
            return "utfall_kvinnor"
        if col.startswith("utfallvb") or col.startswith("utfallföregående"):
            return "utfall_foregaende_ar"
        if col == "period":
            return "period" if self.kind == REPORT else None
        return None

    # --- complaints ---------------------------------------------------------------------------

    def complaint_line(self, b: Block):
        if b.kind != "row":
            self.klagomal_text.add("bullet" if b.kind == "bullet" else "text", b.text)
            self.placed(b.text)
            return
        cells = b.cells + [""] * (7 - len(b.cells))
        if key(cells[0]) == "uppdelning":
            self.noise(b.text) if self.klagomal else self.structure(b.text)
            return
        group, name = cells[0], cells[1]
        if group:
            last = self.klagomal[-1] if self.klagomal else None
            if last and group[:1].islower():
                last["uppdelning"] += " " + group  # a group name split by a page break
            else:
                self.klagomal.append({"uppdelning": group, "kategorier": []})
        if not self.klagomal:
            self.unplaced(b, "rad i klagomålstabellen utan uppdelning")
            return
        cat: dict = {"namn": name}
        for field_, cell in zip(("t1", "t2", "vb"), cells[2:5]):
            if cell and number(cell) is not None:
                cat[field_] = int(number(cell))
            elif cell:
                self.unplaced(b, "cell i klagomålstabellen som inte är ett antal", cell)
        total = number(cells[5]) if cells[5] else None
        if cells[5] and total is None:
            self.unplaced(b, "cell i klagomålstabellens totalkolumn som inte är ett antal", cells[5])
        computed = sum(cat.get(f, 0) for f in ("t1", "t2", "vb"))
        if total is not None and int(total) != computed:
            # The site computes totals; a typed one that disagrees is for the editor to resolve.
            self.unplaced(b, f"totalen {int(total)} i dokumentet skiljer sig från summan av perioderna ({computed})", cells[5])
        if cells[6]:
            cat["sammanfattning"] = cells[6]
        self.klagomal[-1]["kategorier"].append(cat)
        self.placed(b.text)

    # --- the draft ---------------------------------------------------------------------------------

    def document(self) -> dict:
        head = {k: self.head[k] for k in ("handlaggare", "telefon", "till", "datum", "dnr", "handlingstyp") if k in self.head}
        for required in ("handlaggare", "telefon", "till"):
            head.setdefault(required, "")
        doc: dict = {"huvud": head}
        if self.bilagor:
            doc["bilagor"] = self.bilagor
        first = "inledning" if self.kind == PLAN else "sammanfattande_analys"
        other = "sammanfattande_analys" if self.kind == PLAN else "inledning"
        if self.sections[first] or self.sections[other]:
            doc[first] = [s.dump() for s in self.sections[first] + self.sections[other]]
        if self.areas:
            doc["mal"] = self.areas
        for part in ("ekonomi", "ovrigt"):
            if self.sections[part]:
                doc[part] = [s.dump() for s in self.sections[part]]
        if self.kind == REPORT:
            if self.klagomal:
                doc["klagomal"] = self.klagomal
            if self.klagomal_text.parts:
                doc["klagomal_sammanfattning"] = self.klagomal_text.markdown()
        elif self.klagomal or self.klagomal_text.parts:
            for g in self.klagomal:
                self.c.unplaced.append({"text": g["uppdelning"], "kalla": self.source, "orsak": "klagomålstabell i en verksamhetsplan"})
        if self.c.unplaced:
            doc["oplacerat"] = self.c.unplaced
        return doc
