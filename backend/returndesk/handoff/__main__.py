"""Operate a live chat from the shell, through the same bridge the case API uses.

    python -m returndesk.handoff pause <conversation> [--announce TEXT] [--agent NAME]
    python -m returndesk.handoff say <conversation> <text> --agent Alice
    python -m returndesk.handoff say <conversation> - --agent Alice     # one message per stdin line
    python -m returndesk.handoff resume <conversation> [--announce TEXT]
    python -m returndesk.handoff transcript <conversation> [--after TIMESTAMP] [--json] [--follow]

Rasa is the one RETURNDESK_RASA_SERVER_URL names, with RETURNDESK_RASA_TOKEN. Exit status 0 on
success, 2 for a usage mistake, 3 when Rasa cannot be reached (the reason goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime

from . import rasa

PAUSE_ANNOUNCEMENT = "You're now chatting with a person from our returns team; they will answer you here."
RESUME_ANNOUNCEMENT = "You're back with the ReturnDesk assistant. Ask me anything about your return."
UNREACHABLE = 3
# How often --follow asks Rasa for new lines: well under a second, and cheap for Rasa (one GET).
FOLLOW_INTERVAL_S = 0.1


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m returndesk.handoff", description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    pause = commands.add_parser("pause", help="stop the bot answering; tell the customer a person takes over")
    pause.add_argument("conversation")
    pause.add_argument("--announce", default=PAUSE_ANNOUNCEMENT)
    pause.add_argument("--agent", default=None, help="who takes the chat; the bot says they will answer")
    resume = commands.add_parser("resume", help="let the bot answer again")
    resume.add_argument("conversation")
    resume.add_argument("--announce", default=RESUME_ANNOUNCEMENT)
    say = commands.add_parser("say", help="send the customer a message as an agent")
    say.add_argument("conversation")
    say.add_argument("text", help='the message, or "-" to send each line of stdin as a message')
    say.add_argument("--agent", required=True, help="the name the customer sees beside the message")
    transcript = commands.add_parser("transcript", help="the conversation's messages, oldest first")
    transcript.add_argument("conversation")
    transcript.add_argument("--after", type=float, default=None, help="only messages after this Unix time")
    transcript.add_argument("--json", action="store_true", help="one JSON object per line")
    transcript.add_argument("--follow", action="store_true", help="keep printing new lines as they come (Ctrl-C)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "pause":
            rasa.pause(args.conversation, announce=args.announce, handler=args.agent)
        elif args.command == "resume":
            rasa.resume(args.conversation, announce=args.announce)
        elif args.command == "say" and args.text == "-":
            _say_each_line(args.conversation, args.agent)
        elif args.command == "say":
            rasa.say(args.conversation, args.text, agent_name=args.agent)
        else:
            _print_transcript(args.conversation, args.after, as_json=args.json, follow=args.follow)
    except rasa.ChatUnreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return UNREACHABLE
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _say_each_line(conversation: str, agent: str) -> None:
    # Prints "sent <n>" after each message, so whoever feeds the lines knows when each went out.
    for count, text in enumerate((line.rstrip("\n") for line in sys.stdin if line.strip()), start=1):
        rasa.say(conversation, text, agent_name=agent)
        print(f"sent {count}", flush=True)


def _print_transcript(conversation: str, after: float | None, *, as_json: bool, follow: bool) -> None:
    while True:
        for line in rasa.transcript(conversation, after=after):
            print(json.dumps(asdict(line)) if as_json else _readable(line), flush=True)
            after = line.timestamp
        if not follow:
            return
        try:
            time.sleep(FOLLOW_INTERVAL_S)
        except KeyboardInterrupt:
            return


def _readable(line: rasa.TranscriptLine) -> str:
    when = datetime.fromtimestamp(line.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S")
    who = f"{line.agent_name} (agent)" if line.speaker == "agent" else line.speaker
    return f"{when}  {who}: {line.text}"


if __name__ == "__main__":
    sys.exit(main())
