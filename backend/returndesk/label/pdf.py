"""The printable return label: one A6 page per parcel, with the RMA as QR code and Code128 barcode.

Both codes carry the RMA number in its display form (RMA-XXXX-XXXX-XXXX): a USB scanner types it
into the warehouse station like a keyboard, and the number parser forgives the hyphens. The QR is
drawn module by module from segno's matrix (no embedded image), and the canvas is `invariant`, so
one RMA always gives the same bytes — tests compare them, and a re-download prints the same label.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..kit.language import written_date
from .fonts import cjk_font
from .routing import Parcel
from .words import label_locale, say

PAGE_WIDTH, PAGE_HEIGHT = A6
MARGIN = 7 * mm
QR_SIZE = 30 * mm
MAX_LINES_SHOWN = 6
MAX_LINES_SHOWN_BOOKED = 2  # the carrier's block and the sender's address take the room of four
MAX_SENDER_LINES = 4


@dataclass(frozen=True)
class Booking:
    """A parcel booked with a carrier: what its scanners read."""

    carrier: str  # as printed, e.g. "Parcel API"
    tracking_number: str
    barcode: str


@dataclass(frozen=True)
class LabelSheet:
    """Everything printed, decided before drawing so the drawing has no logic of its own."""

    rma_display: str  # RMA-XXXX-XXXX-XXXX
    order_number: str
    sender_name: str
    return_by: date | None
    parcels: tuple[Parcel, ...]  # shipping parcels only
    locale: str = "en"  # the customer's language (words.py): the label's words are in it
    sender_address: tuple[str, ...] = ()  # under the sender's name (addresses.py); () when the shop sent none
    bookings: Mapping[str, Booking] = field(default_factory=dict)  # by destination id; none without a carrier


def qr_payload(rma_display: str) -> str:
    return rma_display


def qr_matrix(rma_display: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), as drawn on the label; tests decode nothing, they compare."""
    qr = segno.make(qr_payload(rma_display), error="m", micro=False)
    return [[bool(module) for module in row] for row in qr.matrix]


def render_label(sheet: LabelSheet) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, invariant=1, pageCompression=0)
    canvas.setTitle(say(label_locale(sheet.locale), "title", rma=sheet.rma_display))
    canvas.setAuthor("ReturnDesk")
    canvas.setCreator("ReturnDesk")
    total = len(sheet.parcels)
    for index, parcel in enumerate(sheet.parcels, start=1):
        _page(canvas, sheet, parcel, index, total)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page(canvas: Canvas, sheet: LabelSheet, parcel: Parcel, index: int, total: int) -> None:
    loc = label_locale(sheet.locale)
    top = PAGE_HEIGHT - MARGIN
    _text(canvas, MARGIN, top - 12, say(loc, "heading"), "Helvetica-Bold", 14)
    parcel_of = say(loc, "parcel_of", index=index, total=total)
    _text(canvas, PAGE_WIDTH - MARGIN, top - 12, parcel_of, "Helvetica", 8, right=True)

    # Ship-to block: the largest text on the page, as carriers read it from a distance.
    y = top - 30
    _text(canvas, MARGIN, y, say(loc, "ship_to"), "Helvetica", 7)
    for line in parcel.destination.address:
        y -= 12
        _text(canvas, MARGIN, y, line, "Helvetica-Bold", 10)

    y -= 16
    _text(canvas, MARGIN, y, say(loc, "from"), "Helvetica", 7)
    y -= 10
    _text(canvas, MARGIN, y, say(loc, "sender", name=sheet.sender_name, order=sheet.order_number), "Helvetica", 9)
    for line in sheet.sender_address[:MAX_SENDER_LINES]:
        y -= 9
        _text(canvas, MARGIN, y, line, "Helvetica", 8, fit=True)

    booking = sheet.bookings.get(parcel.destination.id)
    if booking is not None:
        # The carrier's barcode is theirs to scan at collection and at every depot.
        y -= 14
        words = say(loc, "carrier", carrier=booking.carrier, tracking=booking.tracking_number)
        _text(canvas, MARGIN, y, words, "Helvetica-Bold", 9, fit=True)
        tracking = Code128(booking.barcode, barHeight=10 * mm, barWidth=0.8, humanReadable=False, quiet=False)
        y -= 4 + tracking.height
        tracking.drawOn(canvas, MARGIN, y)

    # Codes: the QR on the left, the RMA and deadline beside it, the barcode across the page.
    y -= 8 + QR_SIZE
    _draw_qr(canvas, qr_matrix(sheet.rma_display), MARGIN, y, QR_SIZE)
    text_x = MARGIN + QR_SIZE + 5 * mm
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(text_x, y + QR_SIZE - 12, sheet.rma_display)
    deadline = written_date(loc, sheet.return_by) if sheet.return_by else say(loc, "no_deadline")
    _text(canvas, text_x, y + QR_SIZE - 26, say(loc, "return_by", date=deadline), "Helvetica", 8)
    ways = [say(loc, f"method.{method.kind}") for method in parcel.methods if method.needs_label]
    for number, way in enumerate(ways):  # one per line: the column beside the QR is narrow
        words = say(loc, "hand_over_first" if number == 0 else "hand_over_or", way=way)
        _text(canvas, text_x, y + QR_SIZE - 38 - 10 * number, words, "Helvetica", 8)

    barcode = Code128(sheet.rma_display, barHeight=12 * mm, barWidth=0.9, humanReadable=False, quiet=False)
    y -= 6 + barcode.height
    barcode.drawOn(canvas, (PAGE_WIDTH - barcode.width) / 2, y)

    y -= 14
    _text(canvas, MARGIN, y, say(loc, "pack"), "Helvetica-Bold", 8)
    shown = MAX_LINES_SHOWN if booking is None else MAX_LINES_SHOWN_BOOKED
    for item in parcel.lines[:shown]:
        y -= 10
        words = say(loc, "line", quantity=item.quantity, name=item.name, sku=item.sku, line_no=item.line_no)
        _text(canvas, MARGIN, y, words, "Helvetica", 8, fit=True)
    hidden = len(parcel.lines) - shown
    if hidden > 0:
        y -= 10
        _text(canvas, MARGIN, y, say(loc, "more_lines", count=hidden), "Helvetica", 8)
    _text(canvas, MARGIN, MARGIN - 2, say(loc, "footer", rma=sheet.rma_display), "Helvetica", 6)


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


def _text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, *, right: bool = False, fit: bool = False
) -> None:
    """Text in Helvetica, or in the CJK font when Helvetica lacks its glyphs (Chinese words, a
    customer's name, a Kraków warehouse); `fit` shortens it to the page's width."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        font = cjk_font()
    if fit:
        text = _fit(text, font, size, PAGE_WIDTH - 2 * MARGIN)
    canvas.setFont(font, size)
    if right:
        canvas.drawRightString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def _fit(text: str, font: str, size: float, width: float) -> str:
    # Measured, not counted: a Chinese character is about twice as wide as a Latin one.
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
