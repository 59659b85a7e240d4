"""Recognising a plan's or report's structure in the blocks of any input format.

The city's templates give every document the same skeleton: a letterhead (Handläggare, Telefon,
Till, Dnr, date), a table of contents, Bilagor, Inledning or Sammanfattande analys, the goals
(KF:s inriktningsmål → KF:s mål för verksamhetsområdet → Nämndmål → Enhetsmål with labelled texts,
indicator and activity tables), Redovisning/Uppföljning av ekonomi, Övrigt and, in reports, the
complaints table. Every sentence read is counted as placed in the draft, matched to a shared text,
dropped as export noise, or listed as unplaced with its source position.

One module per thing recognised: ``letterhead`` (letterhead, cover, title, Bilagor), ``contents``
(the table of contents), ``sections`` (prose sections, budget, Ersättningsnivåer), ``goals`` (the
goal tree and its labelled texts), ``tables`` (indicator and activity tables under a goal),
``complaints``. ``driver`` walks the blocks and gives each to the part it is in; they share the
document's ``state`` (where the walk is, the accounting), compare with ``words`` (the templates'
headings and labels) and build the typed entries of ``drafts``, each dumped to the YAML's dict.
"""

from .driver import Recogniser
from .words import PLAN, REPORT

__all__ = ["PLAN", "REPORT", "Recogniser"]
