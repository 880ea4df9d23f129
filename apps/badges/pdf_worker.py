"""Lays out one chunk of badge cards in a worker process. Nothing of Django here: the worker is
started with "spawn" (no copy of the parent's database connections or threads) and only needs
WeasyPrint and the HTML the parent rendered."""

from __future__ import annotations

import logging


def render_chunk(html: str) -> bytes:
    import weasyprint

    # WeasyPrint logs each page it lays out at INFO.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    return weasyprint.HTML(string=html).write_pdf()
