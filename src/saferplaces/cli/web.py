"""``saferplaces serve``, ``saferplaces admin`` and ``saferplaces notify``: the web application.

Django is imported inside each command, never at module level: the rest of the CLI
starts without it.
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from saferplaces.cli.options import WarehouseOption
from saferplaces.cli.output import console, err_console

admin_app = typer.Typer(
    help="Accounts and the illustrative demo partnership for the web app.",
    no_args_is_help=True,
)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes (default: two per CPU core, plus one).",
            show_default=False,
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Threads per server process.")
    ] = 4,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev", help="Django's development server instead (one process; not for sharing)."
        ),
    ] = False,
    warehouse: WarehouseOption = None,
) -> None:
    """Start the web application (migrating its database first) with gunicorn.

    SQLite in .saferplaces/ by default; PostgreSQL when DATABASE_URL is set (the choice
    for many users). Listening beyond this machine: put it behind an HTTPS proxy.

    Example: saferplaces serve --port 8000 --workers 3
    """
    from saferplaces.web import runtime

    runtime.setup(str(warehouse) if warehouse else None)
    runtime.migrate()
    from saferplaces.web.demo import demo_logins

    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '', '::') else host}:{port}/"
    console.print(f"saferplaces web app: [bold]{url}[/bold]", highlight=False)
    n = runtime.default_workers() if workers is None else workers
    server = (
        "Django's development server"
        if dev
        else f"gunicorn, {n} worker{'s' if n != 1 else ''} × {threads} threads"
    )
    console.print(f"Database: {runtime.database_label()}; server: {server}", highlight=False)
    logins = demo_logins()
    if not runtime.is_loopback(host):
        _warn_network(host, bool(logins))
    if logins:
        console.print(
            "Demo logins (illustrative partnership; password for all: "
            f"[bold]{logins[0][2]}[/bold]):",
            highlight=False,
        )
        for username, role, _ in logins:
            console.print(f"  {username:<10} {role}", highlight=False)
    console.print("Press Ctrl+C to stop.", highlight=False)
    if dev:
        runtime.serve_dev(host, port)
    else:
        runtime.serve(host, port, workers=workers, threads=threads)


def _warn_network(host: str, demo: bool) -> None:
    """Listening beyond this machine: say what that needs, on stderr."""
    from django.conf import settings

    err_console.print(
        f"Warning: listening on {host}, reachable from other machines. Sign-ins and "
        "papers travel unencrypted unless an HTTPS proxy is in front (docs/web.md); "
        f"answering only to the host names in SAFERPLACES_ALLOWED_HOSTS "
        f"({', '.join(settings.ALLOWED_HOSTS)}).",
        highlight=False,
        soft_wrap=True,
    )
    if demo:
        err_console.print(
            "Warning: the demo logins use the password published in the docs: anyone who "
            "can reach this address can sign in to the illustrative partnership.",
            highlight=False,
            soft_wrap=True,
        )


@admin_app.command("createuser")
def createuser(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    email: Annotated[str, typer.Option("--email", help="Email address.")] = "",
    name: Annotated[str, typer.Option("--name", help="Full name, as shown in minutes.")] = "",
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="SAFERPLACES_NEW_PASSWORD",
            help="Password (default: ask); or set SAFERPLACES_NEW_PASSWORD.",
            show_default=False,
        ),
    ] = None,
    superuser: Annotated[
        bool, typer.Option("--superuser", help="May do everything in every partnership.")
    ] = False,
    partnership: Annotated[
        str | None, typer.Option("--partnership", help="Make them a member of this (its slug).")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help="Their role: chair, vice_chair, board_member, member, officer, analyst, guest.",
        ),
    ] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="The organisation they represent.")
    ] = None,
) -> None:
    """Make an account for the web app, optionally a partnership member with a role.

    Example: saferplaces admin createuser jsmith --partnership south-cambs --role officer
    """
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    if password is None:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise runtime.WebError("the passwords do not match")
    made = runtime.create_user(
        username,
        password,
        email=email,
        full_name=name,
        superuser=superuser,
        partnership=partnership,
        role=role,
        organisation=organisation,
    )
    where = f" as {made.role or 'member'} of {made.partnership}" if made.partnership else ""
    console.print(
        f"Account {made.username} created{' (superuser)' if made.superuser else ''}{where}.",
        highlight=False,
    )


@admin_app.command("createpartnership")
def createpartnership(
    name: Annotated[str, typer.Argument(help="Its name, as on its papers.")],
    slug: Annotated[
        str, typer.Option("--slug", help="Short name for web links, e.g. south-cambs.")
    ],
    area: Annotated[
        str,
        typer.Option(
            "--area",
            help="The district, CSP or county it serves: a name or ONS code (E07000012; a "
            "county as county:Cambridgeshire or E10000003).",
        ),
    ],
    description: Annotated[
        str, typer.Option("--description", help="Shown on its public page.")
    ] = "",
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            help="The short name of the county partnership a district's partnership reports "
            "to (two-tier areas).",
            show_default=False,
        ),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Make a partnership for a district, CSP or county; add its organisations and members in
    the app. A district's partnership may report to its county's (--county).

    Example: saferplaces admin createpartnership "Cambridge CSP" --slug cambridge --area Cambridge
    """
    from saferplaces.web import runtime

    runtime.setup(str(warehouse) if warehouse else None)
    runtime.migrate()
    p = runtime.create_partnership(
        name,
        slug,
        area,
        description=description,
        warehouse=str(warehouse) if warehouse else None,
        county=county,
    )
    within = f", reporting to {p.county.name}" if p.county else ""
    console.print(
        f"Partnership {p.name} created for {p.area_name} ({p.area_code}){within}: /p/{p.slug}/. "
        f"Next: saferplaces admin createuser NAME --partnership {p.slug} --role officer",
        highlight=False,
        soft_wrap=True,
    )


@admin_app.command("seed-demo")
def seed_demo() -> None:
    """Create (or refresh) the illustrative South Cambridgeshire partnership and its logins.

    Organisations, members, two past meetings with minutes and action points, the next
    meeting, the priorities and an action plan with RAG history and progress, and its
    money (funds, budget, spend, grants, last year closed), and its planning cycle (last
    year's plan, this year's prioritisation agreed at a board meeting, this year's plan);
    and the illustrative Cambridgeshire county partnership with its other four districts'.
    Everything is labelled illustrative.

    Example: saferplaces admin seed-demo
    """
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from saferplaces.web.demo import seed_with_county

    result = seed_with_county(money=True, planning=True)
    console.print(result.summary, highlight=False, soft_wrap=True)
    err_console.print(
        f"Demo logins: {', '.join(u for u, _, _ in result.logins)} "
        f"(password {result.logins[0][2]})",
        highlight=False,
    )


def notify(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be sent; send nothing.")
    ] = False,
) -> None:
    """Email the notices due: agendas published, papers added to them, action points due
    within 7 days or overdue (to their owners). Safe to run daily: each notice is sent once.

    Mail goes through SAFERPLACES_SMTP_HOST, or is printed here if unset.

    Example: saferplaces notify --dry-run
    """
    import smtplib
    from datetime import date

    from rich.markup import escape
    from rich.table import Table

    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from django.conf import settings

    from saferplaces.web.notices.models import Notice
    from saferplaces.web.notices.notify import send, unsent

    todo = unsent(date.today())
    if dry_run:
        done = todo
    else:
        try:
            done = send(todo)
        except (smtplib.SMTPException, OSError) as e:
            raise runtime.WebError(
                f"the mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} did not take "
                f"the notices ({e}); check SAFERPLACES_SMTP_HOST and its settings. Notices "
                "sent before this are recorded; the rest are sent at the next run"
            ) from None
    if not done:
        console.print("No notices to send.", highlight=False)
        return
    table = Table(title="Notices that would be sent" if dry_run else "Notices sent")
    for column in ("Partnership", "Notice", "To", "Subject"):
        table.add_column(column)
    for n in done:
        kind = dict(Notice.KINDS)[n.kind]
        table.add_row(escape(n.partnership.name), kind, escape(n.person.email), escape(n.subject))
    console.print(table)
    verb = "would be sent" if dry_run else "sent"
    console.print(f"{len(done)} notice{'s' if len(done) != 1 else ''} {verb}.", highlight=False)
