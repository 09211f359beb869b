"""The report command: the same findings as the endpoint, grouped by team, escaped HTML, and an
email through the notification outbox that the worker delivers over real SMTP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from returndesk.analytics.filters import AnalyticsFilter
from returndesk.analytics.report.__main__ import main
from returndesk.analytics.report.build import build_report
from returndesk.analytics.report.render import render
from returndesk.models import NotificationOutbox
from returndesk.notification.channels import PREPARED_EMAIL
from tools.generate.run import generate

from ..mail.inbox import smtp_server  # noqa: F401 - the fixture
from ..notification.conftest import worker_for  # noqa: F401 - the fixture

# The generator writes the history through the engine: a connection of its own.
pytestmark = pytest.mark.own_database

END = date(2026, 11, 26)
RANGE = {"from": "2026-05-30", "to": "2026-11-26"}
SCOPE = AnalyticsFilter(date(2026, 5, 30), END)


@pytest.fixture
def history(engine):
    generate(engine, orders=3000, seed=2, end=END)


def test_the_report_holds_the_endpoints_findings_grouped_by_team(history, session, signed_in):
    served = signed_in("sofia", "supervisor").get("/analytics/insights", params=RANGE).json()["findings"]
    report = build_report(session, SCOPE, currency="EUR", public_url="https://returns.example")
    assert [finding.to_dict() for finding in report.findings] == served
    assert [team for team, _ in report.teams] == [
        "Product (design and quality)",
        "Operations (size guide and product information)",
        "Marketing (photos and descriptions)",
        "Logistics (packaging and carriers)",
        "Risk (return abuse)",
    ]
    markdown = render(report, "md")
    for finding in served:
        assert finding["title"] in markdown and finding["suggested_action"] in markdown
        assert all(number in markdown for number in finding["returns"])
    assert markdown.index("### Product") < markdown.index("### Risk")
    assert f"{report.return_rate['units_returned']} of {report.return_rate['units_sold']}" in markdown


def test_html_escapes_what_came_from_the_shop(history, engine, session):
    with engine.begin() as connection:
        connection.execute(text("UPDATE order_lines SET name = 'Lamp <script>alert(1)</script>' WHERE sku = 'HM-LAMP'"))
    html = render(build_report(session, SCOPE, currency="EUR", public_url="https://returns.example"), "html")
    assert "Lamp &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_the_command_writes_the_file_and_queues_an_email_the_worker_sends(
    history, session, signed_in, tmp_path, request
):
    out = tmp_path / "report.html"
    args = ["--from", RANGE["from"], "--to", RANGE["to"], "--format", "html", "--out", str(out)]
    assert main([*args, "--email", "ops@example.com"]) == 0
    html = out.read_text()
    served = signed_in("sofia", "supervisor").get("/analytics/insights", params=RANGE).json()["findings"]
    assert all(finding["title"].replace("'", "&#39;") in html for finding in served)

    row = session.scalars(select(NotificationOutbox).where(NotificationOutbox.event == PREPARED_EMAIL)).one()
    assert row.recipient == "ops@example.com" and row.status == "pending"
    assert row.data["html"].startswith("<!doctype html>") and row.data["text"].startswith("# Returns report")
    session.commit()  # SQLite: release the read lock the worker needs

    inbox, port = request.getfixturevalue("smtp_server")
    request.getfixturevalue("worker_for")(port).run_once()
    mail = inbox.next()
    assert mail["To"] == "ops@example.com" and mail["Subject"].startswith("Returns report 2026-05-30 to 2026-11-26")
    parts = {part.get_content_type(): part.get_content() for part in mail.walk() if not part.is_multipart()}
    assert "Findings by team" in parts["text/plain"] and "<h2>Findings by team</h2>" in parts["text/html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--from", "2026-13-01"], "YYYY-MM-DD", id="bad date"),
        pytest.param(["--email", "not-an-address"], "email addresses", id="bad email"),
    ],
)
def test_bad_arguments_say_what_to_fix(engine, capsys, args, message):
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2 and message in capsys.readouterr().err
