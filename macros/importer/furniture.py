"""Page furniture: the running header, the footer and the page numbers an office program prints on
every page. Told by repetition, not by position on the page: a line is furniture when a line of the
same shape (digits aside) stands among the first or last lines of most pages, or when it is a page
number there. Used by the PDF reader and for text exports that keep the page breaks (pdftotext)."""

from __future__ import annotations

import re
from collections import Counter

from .blocks import clean

# "Sida 2 (10)", "Sid 5 (11)", "5 (11)", "Sida 3 av 9", "3/9"; a bare number ("- 4 -") only as a
# page's outermost line, since a table cell may end a page of a text export.
PAGE_NUMBER = re.compile(r"^((sida|sid\.?|s\.)\s*\d{1,3}(\s*(\(\s*\d{1,3}\s*\)|av\s*\d{1,3}|/\s*\d{1,3}))?"
                         r"|\d{1,3}\s*(\(\s*\d{1,3}\s*\)|av\s*\d{1,3}|/\s*\d{1,3}))$", re.I)
BARE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
_BULLET_ONLY = re.compile(r"^[•▪\-–]$")
TOP, BOTTOM = 4, 6  # how many lines at each end of a page are looked at


_NUMBER_PART = re.compile(r"\s*((sida|sid\.?)\s*#)?\s*(\(\s*#\s*\)|av\s*#|/\s*#)?\s*$")


def shape(text: str) -> str:
    """A line with its digits as # and without its page number: a running header whose "Sida 10 (15)"
    wraps onto a line of its own is still the header of the pages where it fits."""
    return _NUMBER_PART.sub("", re.sub(r"\d+", "#", clean(text).lower()))


def furniture(pages: list[list[str]]) -> list[set[int]]:
    """For each page (its lines top-down), the indices of the lines that are furniture."""
    def ends(lines):
        # A list's bullet pdftotext wrote apart from its item (a line of its own) is neither text nor
        # furniture: the edges are counted past it.
        idx = [i for i, line in enumerate(lines) if not _BULLET_ONLY.match(clean(line))]
        return idx[:TOP], idx[max(0, len(idx) - BOTTOM):]

    top_count, bottom_count = Counter(), Counter()
    for lines in pages:
        top, bottom = ends(lines)
        top_count.update({shape(lines[i]) for i in top})
        bottom_count.update({shape(lines[i]) for i in bottom})
    # On most pages: more than half of them, and at least two.
    most = max(2, len(pages) // 2 + 1)
    out = []
    for lines in pages:
        found: set[int] = set()
        top, bottom = ends(lines)
        # From the page's edge inwards, as long as the lines are furniture: a heading that happens
        # to open several pages lies below the running header and is never reached.
        for order, counts in ((top, top_count), (list(reversed(bottom)), bottom_count)):
            for i in order:
                text = clean(lines[i])
                outermost = i in top[:1] + bottom[-1:]
                # (A line that is nothing but a page number has an empty shape.)
                if (not text or not shape(text) or counts[shape(text)] >= most or PAGE_NUMBER.match(text)
                        or (outermost and BARE_NUMBER.match(text))):
                    found.add(i)
                else:
                    break
        # A text export may set a footer amid the page (pdftotext writes a table's later columns after
        # it): two or more lines in a row that are each furniture at the edges of most pages.
        repeated = {k for counts in (top_count, bottom_count) for k, c in counts.items() if c >= most and k}
        run: list[int] = []
        for i in range(len(lines) + 1):
            if i < len(lines) and shape(lines[i]) in repeated:
                run.append(i)
                continue
            if len(run) >= 2:
                found.update(run)
            run = []
        out.append(found)
    return out
