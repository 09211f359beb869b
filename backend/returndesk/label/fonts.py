"""The font the label writes Chinese (and any other text outside Latin-1) in.

Debian's WenQuanYi Micro Hei (`make fonts`) is embedded, subset to the glyphs used, so the label
prints the same on any printer or phone. It is TrueType: reportlab cannot embed the CFF outlines
of Noto CJK. Without it the label falls back to Adobe's STSong-Light, which is not embedded: Acrobat
and most phone viewers draw it, but some readers (pdf.js without its CMaps, many printers' own
PDF engines) show blanks; the service says so in its log once, with the fix.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger("returndesk.label")

EMBEDDED_FONT = "WenQuanYiMicroHei"
FALLBACK_FONT = "STSong-Light"
# Where Debian's fonts-wqy-microhei puts it; RETURNDESK_LABEL_CJK_FONT names another TrueType file.
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)


def font_files() -> tuple[Path, ...]:
    chosen = os.environ.get("RETURNDESK_LABEL_CJK_FONT")
    return (Path(chosen), *FONT_FILES) if chosen else FONT_FILES


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The registered name of the font for wide text: embedded if it can be, else the fallback."""
    for path in font_files():
        if not path.is_file():
            continue
        try:
            # A .ttc holds several faces; the first is the regular one.
            pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(path), subfontIndex=0))
        except TTFError as exc:
            log.warning("label font %s cannot be used (%s); trying the next one", path, exc)
            continue
        return EMBEDDED_FONT
    log.warning(
        "no Chinese font for return labels (looked for %s): labels use %s, which is not embedded and "
        "some PDF readers and printers show as blanks. Install it with `make fonts` "
        "(Debian's fonts-wqy-microhei) or set RETURNDESK_LABEL_CJK_FONT to a TrueType file.",
        ", ".join(str(path) for path in font_files()),
        FALLBACK_FONT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT
