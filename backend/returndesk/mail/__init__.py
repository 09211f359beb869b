"""Outgoing email: a small sender interface with an SMTP default (notifications build on it)."""

from .sender import Mail, MailNotSent, MailSender, SmtpSender, get_mail_sender

__all__ = ["Mail", "MailNotSent", "MailSender", "SmtpSender", "get_mail_sender"]
