"""Manage console users from the shell: `python -m returndesk.staff add alice --role agent`.

The password is read from RETURNDESK_NEW_PASSWORD or asked for twice without echo, so it never
appears in the shell history.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ..db import transaction
from ..errors import AppError
from . import repository
from .passwords import WeakPassword
from .service import STAFF_ROLES, add_staff, change_role


def _password() -> str:
    if password := os.environ.get("RETURNDESK_NEW_PASSWORD"):
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise SystemExit("the passwords differ; nothing was changed")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.staff", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create a console user")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=STAFF_ROLES)
    add.add_argument("--name", help="display name shown to customers, e.g. 'Alice'")
    add.add_argument("--email")
    role = commands.add_parser("set-role", help="change a user's role (audited)")
    role.add_argument("username")
    role.add_argument("role", choices=STAFF_ROLES)
    commands.add_parser("list", help="list console users")
    args = parser.parse_args(argv)

    with transaction() as session:
        try:
            if args.command == "add":
                user = add_staff(
                    session,
                    username=args.username,
                    password=_password(),
                    role=args.role,
                    display_name=args.name,
                    email=args.email,
                )
                print(f"added {user.username} ({user.role})")
            elif args.command == "set-role":
                found = repository.user_by_username(session, args.username)
                if found is None:
                    raise SystemExit(f"there is no user called '{args.username}'")
                change_role(session, found, args.role, by=f"shell:{getpass.getuser()}", by_role=None)
                print(f"{found.username} is now {found.role}")
            else:
                for user in repository.all_users(session):
                    print(f"{user.username:20} {user.role:14} {'active' if user.active else 'inactive'}")
        except (AppError, WeakPassword) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
