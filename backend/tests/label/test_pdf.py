"""The label PDF on its own: what is printed, one page per parcel, the codes, the same bytes twice."""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest
import segno

from returndesk.label import fonts
from returndesk.label.destinations import DEFAULT_ROUTING_FILE, load_routing
from returndesk.label.fonts import EMBEDDED_FONT
from returndesk.label.pdf import LabelSheet, qr_matrix, qr_payload, render_label
from returndesk.label.routing import parcels_of
from returndesk.models.rma_number import format_rma_number, issue_rma_number, parse_rma_number
from returndesk.policy import load_policy

from ..policy.policy_factories import POLICY_DIR

POLICY = load_policy(POLICY_DIR / "default.yml")
ROUTING = load_routing(DEFAULT_ROUTING_FILE, categories=POLICY.categories, currency=POLICY.currency)
RMA = format_rma_number(issue_rma_number())


def _rma(*lines: tuple[int, str, str, int, str], names: dict[int, str] | None = None):
    """A stand-in for a stored Rma: parcels_of reads only these attributes."""
    customer = SimpleNamespace(name="Dev Patel", tier="guest")
    return SimpleNamespace(
        number=parse_rma_number(RMA),
        order=SimpleNamespace(number="A1001", customer=customer),
        return_by=date(2026, 12, 11),
        lines=[
            SimpleNamespace(
                quantity=1,
                reason=reason,
                order_line=SimpleNamespace(
                    line_no=no,
                    sku=sku,
                    name=(names or {}).get(no, sku.title()),
                    category=category,
                    unit_price_minor=price,
                    tags=[],
                    final_sale=False,
                ),
            )
            for no, sku, category, price, reason in lines
        ],
    )


PHONE = (1, "EL-PHONE", "electronics", 24900, "defective")
JACKET = (2, "AP-JACKET", "apparel", 8900, "size_too_small")
SOCKS = (3, "AP-SOCKS", "apparel", 450, "size_too_small")


def _sheet(rma) -> LabelSheet:
    parcels = tuple(p for p in parcels_of(rma, POLICY, ROUTING) if p.ships)
    return LabelSheet(RMA, "A1001", "Dev Patel", rma.return_by, parcels)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_one_parcel_per_destination_shipping_first_and_kept_lines_without_a_label():
    parcels = parcels_of(_rma(SOCKS, JACKET, PHONE), POLICY, ROUTING)
    assert [(p.destination.id, [line.line_no for line in p.lines]) for p in parcels] == [
        ("main_warehouse", [2]),
        ("repair_centre", [1]),
        ("keep_item", [3]),
    ]
    assert [m.kind for m in parcels[0].methods] == ["mail", "drop_off", "in_store"]
    assert [m.kind for m in parcels[1].methods] == ["mail", "drop_off"], "no store takes a faulty phone"
    assert parcels[2].methods == ()


def test_two_destinations_give_two_pages_each_with_its_address_and_lines():
    pages = _pages(render_label(_sheet(_rma(JACKET, PHONE))))
    assert len(pages) == 2
    warehouse, repair = pages
    for text in pages:
        assert RMA in text and "Return by: 2026-12-11" in text and "Dev Patel, order A1001" in text
    assert "Hafenstraße 12" in warehouse and "20457 Hamburg" in warehouse and "AP-JACKET" in warehouse
    assert "EL-PHONE" not in warehouse
    assert "Werkstattweg 3" in repair and "EL-PHONE" in repair and "Parcel 2 of 2" in repair


def test_the_same_return_gives_the_same_bytes():
    sheet = _sheet(_rma(JACKET))
    assert render_label(sheet) == render_label(sheet)
    other = LabelSheet(RMA, "A1001", "Dev Patel", date(2026, 12, 12), sheet.parcels)
    assert render_label(other) != render_label(sheet)


def test_the_qr_code_carries_the_rma_number_the_scanner_types():
    assert qr_payload(RMA) == RMA and parse_rma_number(qr_payload(RMA)) == parse_rma_number(RMA)
    expected = segno.make(RMA, error="m", micro=False)
    assert qr_matrix(RMA) == [[bool(m) for m in row] for row in expected.matrix]
    assert qr_matrix(RMA) != qr_matrix(format_rma_number(issue_rma_number()))


def test_the_pdf_draws_the_qr_modules_and_a_code128_barcode():
    pdf = render_label(_sheet(_rma(JACKET)))
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    dark = sum(row.count(True) for row in qr_matrix(RMA))
    # One filled rectangle per dark QR module, plus the barcode's bars.
    assert content.count(" re f") >= dark + 20


@pytest.mark.parametrize("count", [7, 12])
def test_many_lines_are_summarised_not_cut_off(count):
    lines = [(n, f"AP-TEE-{n}", "apparel", 1990, "size_too_small") for n in range(1, count + 1)]
    text = _pages(render_label(_sheet(_rma(*lines))))[0]
    assert "AP-TEE-6" in text and f"and {count - 6} more line(s)" in text


def test_names_outside_latin_1_are_written_in_a_font_that_has_them():
    sheet = _sheet(_rma(JACKET))
    chinese = LabelSheet(RMA, "A1001", "王小明", sheet.return_by, sheet.parcels)
    pdf = render_label(chinese)
    assert "王小明, order A1001" in _pages(pdf)[0]
    assert _embedded_fonts(pdf) == {EMBEDDED_FONT} and _embedded_fonts(render_label(sheet)) == set()


def test_a_chinese_customer_s_label_speaks_chinese_with_an_embedded_font():
    rma = _rma(JACKET, names={2: "修身牛仔夹克"})
    parcels = tuple(p for p in parcels_of(rma, POLICY, ROUTING) if p.ships)
    pdf = render_label(LabelSheet(RMA, "A1001", "王小明", rma.return_by, parcels, locale="zh-CN"))
    text = _pages(pdf)[0]
    for words in ("退货", "第1件，共1件", "寄往", "寄件人", "王小明，订单A1001", "寄回截止：2026年12月11日"):
        assert words in text
    assert "交寄方式：邮寄" in text and "或送到快递网点" in text and "本包裹内的商品" in text
    assert "1 × 修身牛仔夹克（AP-JACKET，第2行）" in text
    assert "Hafenstraße 12" in text and RMA in text  # the address and the number stay as they are
    assert "RETURN" not in text and "SHIP TO" not in text and "Return by" not in text
    assert _embedded_fonts(pdf) == {EMBEDDED_FONT}
    assert render_label(LabelSheet(RMA, "A1001", "王小明", rma.return_by, parcels, locale="zh")) == pdf


def test_a_long_chinese_item_name_is_shortened_to_the_page_width():
    rma = _rma(JACKET, names={2: "超长商品名称" * 12})
    parcels = tuple(p for p in parcels_of(rma, POLICY, ROUTING) if p.ships)
    text = _pages(render_label(LabelSheet(RMA, "A1001", "王小明", rma.return_by, parcels, locale="zh")))[0]
    line = next(row for row in text.splitlines() if row.startswith("1 × 超长商品名称"))
    assert line.endswith("…") and len(line) < 40


def test_without_the_font_the_label_falls_back_and_says_how_to_install_it(monkeypatch, caplog):
    monkeypatch.setattr(fonts, "font_files", lambda: (Path("/nonexistent/wqy-microhei.ttc"),))
    fonts.cjk_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="returndesk.label"):
            pdf = render_label(LabelSheet(RMA, "A1001", "王小明", date(2026, 12, 11), _sheet(_rma(JACKET)).parcels))
    finally:
        fonts.cjk_font.cache_clear()
    assert b"STSong-Light" in pdf and _embedded_fonts(pdf) == set()
    assert "王小明" in _pages(pdf)[0]
    assert "make fonts" in caplog.text and "/nonexistent/wqy-microhei.ttc" in caplog.text


def _embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the fonts whose glyphs are inside the file ("ABCDEF+Name-0" -> "Name": reportlab
    prefixes the subset and suffixes the face of a collection)."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1].removesuffix("-0"))
    return names


def test_a_booked_label_prints_the_carrier_and_the_sender_and_keeps_every_line_on_the_page():
    from returndesk.label.pdf import Booking

    rma = _rma(
        JACKET, (4, "AP-TEE", "apparel", 1990, "size_too_small"), (5, "AP-HOODIE", "apparel", 4990, "size_too_small")
    )
    parcels = _sheet(rma).parcels
    sender = ("浦东新区世纪大道88号", "金茂大厦12楼1203室", "上海市", "200120 CN")
    booking = {parcels[0].destination.id: Booking("Parcel API", "PA000000001DE", "PA000000001DE")}
    sheet = LabelSheet(RMA, "A1001", "王小明", rma.return_by, parcels, "zh", sender, booking)
    page = pypdf.PdfReader(io.BytesIO(render_label(sheet))).pages[0]
    heights: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: heights.append(tm[5]) if text.strip() else None)
    text = page.extract_text()
    assert "Parcel API · 运单号 PA000000001DE" in text and "金茂大厦12楼1203室" in text
    # The busiest page still ends above the footer: no line drawn over another or off the page.
    footer = min(heights)
    assert sorted(heights)[1] - footer >= 6, sorted(heights)[:3]
    assert "另有1行" in text  # the third line is summed up, not squeezed in
