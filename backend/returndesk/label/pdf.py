"""The printable return label: one A6 page per parcel, with the RMA as QR code and Code128 barcode.

Both codes carry the RMA number in its display form (RMA-XXXX-XXXX-XXXX): a USB scanner types it
into the warehouse station like a keyboard, and the number parser forgives the hyphens. The QR is
drawn module by module from segno's matrix (no embedded image), and the canvas is `invariant`, so
one RMA always gives the same bytes — tests compare them, and a re-download prints the same label.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from .routing import Parcel

PAGE_WIDTH, PAGE_HEIGHT = A6
MARGIN = 7 * mm
QR_SIZE = 30 * mm
MAX_LINES_SHOWN = 6
# Names and addresses outside Latin-1 (a Chinese customer, a Kraków warehouse) need a font with
# those glyphs: Adobe's STSong CID font ships with every PDF reader, so nothing is embedded.
WIDE_FONT = "STSong-Light"
METHOD_WORDS = {"mail": "by mail", "drop_off": "at a drop-off point", "in_store": "in store"}


@dataclass(frozen=True)
class LabelSheet:
    """Everything printed, decided before drawing so the drawing has no logic of its own."""

    rma_display: str  # RMA-XXXX-XXXX-XXXX
    order_number: str
    sender_name: str
    return_by: date | None
    parcels: tuple[Parcel, ...]  # shipping parcels only


def qr_payload(rma_display: str) -> str:
    return rma_display


def qr_matrix(rma_display: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), as drawn on the label; tests decode nothing, they compare."""
    qr = segno.make(qr_payload(rma_display), error="m", micro=False)
    return [[bool(module) for module in row] for row in qr.matrix]


def render_label(sheet: LabelSheet) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, invariant=1, pageCompression=0)
    canvas.setTitle(f"Return label {sheet.rma_display}")
    canvas.setAuthor("ReturnDesk")
    canvas.setCreator("ReturnDesk")
    total = len(sheet.parcels)
    for index, parcel in enumerate(sheet.parcels, start=1):
        _page(canvas, sheet, parcel, index, total)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page(canvas: Canvas, sheet: LabelSheet, parcel: Parcel, index: int, total: int) -> None:
    top = PAGE_HEIGHT - MARGIN
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(MARGIN, top - 12, "RETURN")
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 12, f"Parcel {index} of {total}")

    # Ship-to block: the largest text on the page, as carriers read it from a distance.
    y = top - 30
    canvas.setFont("Helvetica", 7)
    canvas.drawString(MARGIN, y, "SHIP TO")
    for line in parcel.destination.address:
        y -= 12
        _text(canvas, MARGIN, y, line, "Helvetica-Bold", 10)

    y -= 18
    canvas.setFont("Helvetica", 7)
    canvas.drawString(MARGIN, y, "FROM")
    y -= 11
    _text(canvas, MARGIN, y, f"{sheet.sender_name}, order {sheet.order_number}", "Helvetica", 9)

    # Codes: the QR on the left, the RMA and deadline beside it, the barcode across the page.
    y -= 8 + QR_SIZE
    _draw_qr(canvas, qr_matrix(sheet.rma_display), MARGIN, y, QR_SIZE)
    text_x = MARGIN + QR_SIZE + 5 * mm
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(text_x, y + QR_SIZE - 12, sheet.rma_display)
    canvas.setFont("Helvetica", 8)
    deadline = sheet.return_by.isoformat() if sheet.return_by else "no deadline"
    canvas.drawString(text_x, y + QR_SIZE - 26, f"Return by: {deadline}")
    ways = [METHOD_WORDS[method.kind] for method in parcel.methods if method.needs_label]
    for number, way in enumerate(ways):  # one per line: the column beside the QR is narrow
        canvas.drawString(text_x, y + QR_SIZE - 38 - 10 * number, ("Hand over " if number == 0 else "or ") + way)

    barcode = Code128(sheet.rma_display, barHeight=12 * mm, barWidth=0.9, humanReadable=False, quiet=False)
    y -= 6 + barcode.height
    barcode.drawOn(canvas, (PAGE_WIDTH - barcode.width) / 2, y)

    y -= 14
    canvas.setFont("Helvetica-Bold", 8)
    canvas.drawString(MARGIN, y, "PACK IN THIS PARCEL")
    canvas.setFont("Helvetica", 8)
    for line in parcel.lines[:MAX_LINES_SHOWN]:
        y -= 10
        _text(
            canvas, MARGIN, y, _fit(f"{line.quantity} x {line.name} ({line.sku}, line {line.line_no})"), "Helvetica", 8
        )
    canvas.setFont("Helvetica", 8)
    hidden = len(parcel.lines) - MAX_LINES_SHOWN
    if hidden > 0:
        y -= 10
        canvas.drawString(MARGIN, y, f"... and {hidden} more line(s); see your return in the chat")
    canvas.setFont("Helvetica", 6)
    canvas.drawString(MARGIN, MARGIN - 2, f"Write {sheet.rma_display} on the parcel if the label cannot be stuck on.")


def _draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    quiet = 2  # modules of white border inside the drawn square
    module = size / (len(matrix) + 2 * quiet)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                canvas.rect(
                    x + (col_index + quiet) * module,
                    y + size - (row_index + quiet + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )


def _text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Free text (names, addresses, item names) in Helvetica, or in the CID font if it needs one."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        if WIDE_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(WIDE_FONT))
        font = WIDE_FONT
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)


def _fit(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
