"""Creating users and changing roles: clear refusals, and every role change in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ..staff_helpers import make_staff


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"username": "Bad Name"}, "is not a username", id="bad username"),
        pytest.param({"role": "bot"}, "is not a staff role", id="nobody signs in as the bot"),
        pytest.param({"role": "king"}, "is not a staff role", id="unknown role"),
        pytest.param({"password": "short"}, "at least 12 characters", id="short password"),
    ],
)
def test_a_user_that_cannot_work_is_refused_with_the_reason(session, fields, message):
    from returndesk.errors import AppError
    from returndesk.staff.passwords import WeakPassword

    with pytest.raises((AppError, WeakPassword)) as refused:
        make_staff(session, **{"username": "bob", "role": "agent", **fields})
    assert message in str(refused.value)


def test_a_username_is_taken_only_once(session):
    from returndesk.errors import InvalidInput

    make_staff(session, "bob", "agent")
    with pytest.raises(InvalidInput, match="already a user called 'bob'"):
        make_staff(session, "bob", "supervisor")


def test_a_role_change_is_audited(session):
    from returndesk.models import AuditEvent
    from returndesk.staff.service import change_role

    bob = make_staff(session, "bob", "agent")
    change_role(session, bob, "senior_agent", by="staff:ada", by_role="admin")
    session.commit()
    event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "staff.role_changed")).one()
    assert event.description == "staff:ada changed bob's role from agent to senior_agent"
    assert event.data == {"username": "bob", "from": "agent", "to": "senior_agent"}


def test_the_shell_command_adds_users_and_changes_roles(session, monkeypatch, capsys):
    from returndesk.models import AuditEvent, StaffUser
    from returndesk.staff.__main__ import main

    monkeypatch.setenv("RETURNDESK_NEW_PASSWORD", "a long enough password")
    assert main(["add", "carol", "--role", "agent", "--name", "Carol"]) == 0
    assert main(["set-role", "carol", "supervisor"]) == 0
    assert main(["add", "carol", "--role", "agent"]) == 2
    assert "already a user called 'carol'" in capsys.readouterr().err
    session.expire_all()
    assert session.scalars(select(StaffUser.role).where(StaffUser.username == "carol")).one() == "supervisor"
    assert session.scalars(select(AuditEvent.kind)).all() == ["staff.role_changed"]
