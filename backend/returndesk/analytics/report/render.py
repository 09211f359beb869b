"""The report as Markdown (also the email's text part) or HTML. Jinja2 escapes everything in the
HTML version: titles carry SKU names and customer addresses that came from the shop."""

from __future__ import annotations

from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .build import Report

Format = Literal["md", "html"]
_templates = Environment(
    loader=PackageLoader("returndesk.analytics.report", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f} %"


_templates.filters["percent"] = percent


def render(report: Report, fmt: Format) -> str:
    template = _templates.get_template("report.html" if fmt == "html" else "report.md")
    return template.render(report=report)
