# A real SMTP server for the send tests (package smtptest): Debian's python3-aiosmtpd, with
# STARTTLS required and AUTH (PLAIN, LOGIN) only over TLS. It listens on
# 127.0.0.1 on a free port, prints the port, keeps each delivered message
# exactly as received (DATA, dot-unstuffed) in MAILBOX/N.eml with its
# envelope in MAILBOX/N.env, refuses addresses starting with "refused@",
# and ends when its standard input closes.
#
# usage: python3 aiosmtpd_server.py CERT KEY MAILBOX USER   (password in $SMTP_TEST_PASSWORD)
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

cert, key, mailbox, user = sys.argv[1:5]
password = os.environ["SMTP_TEST_PASSWORD"].encode()
count = 0


class Handler:
    # A sender or recipient whose address starts with "refused@" is
    # refused, as a server refuses a sender the account may not use or a
    # mailbox that does not exist.
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.startswith("refused@"):
            return "553 5.7.1 <%s>: Sender address rejected: not owned by user" % address
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused@"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        with open(os.path.join(mailbox, "%d.eml" % count), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(mailbox, "%d.env" % count), "w") as f:
            f.write("from %s\nto %s\n" % (envelope.mail_from, " ".join(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as TEST%d" % count


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password
    return AuthResult(success=ok, handled=False)


async def main():
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(
        lambda: SMTP(Handler(), hostname="localhost", tls_context=ctx, require_starttls=True,
                     authenticator=authenticator, auth_require_tls=True),
        "127.0.0.1", 0)
    print(srv.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    srv.close()


asyncio.run(main())
