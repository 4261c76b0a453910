"""`neurolift user` and `neurolift team`: accounts of the web app (the first admin, coaches,
invitations for athletes, API tokens for devices) and teams."""

from __future__ import annotations

import sys

import typer

from neurolift.cli._common import (
    DatabaseOption,
    FormatOption,
    OldAthleteArgument,
    OptionalAthleteOption,
    athlete_name,
    open_store,
)
from neurolift.cli._output import OutputFormat, emit

user_app = typer.Typer(no_args_is_help=True)
team_app = typer.Typer(no_args_is_help=True)
PasswordStdin = typer.Option(
    False, "--password-stdin", help="Read the password from standard input (for scripts)."
)


def register(root: typer.Typer) -> None:
    root.add_typer(user_app, name="user", help="Web app accounts: users, invitations, API tokens.")
    root.add_typer(team_app, name="team", help="Teams: which coach sees which athletes.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def add(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option("admin", "--role", help="admin|coach|athlete"),
    athlete: str | None = typer.Option(
        None, "--athlete", help="Athlete record of an athlete account."
    ),
    password_stdin: bool = PasswordStdin,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Create a user (the first one: `neurolift user add admin`)."""
    from neurolift.store.accounts_repo import user_add

    store = open_store(database_url)
    emit(user_add(store, username, _password(password_stdin), role=role, athlete=athlete), format)


@user_app.command("list")
def list_(database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """List the users with their roles and teams."""
    from neurolift.store.accounts_repo import user_list

    emit([a.to_dict() for a in user_list(open_store(database_url))], format, title="users")


@user_app.command("password")
def password(
    username: str = typer.Argument(..., help="Login name."),
    password_stdin: bool = PasswordStdin,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Set a new password (ends the user's browser sessions)."""
    from neurolift.store.accounts_repo import user_set_password

    user_set_password(open_store(database_url), username, _password(password_stdin))
    emit({"user": username, "password": "changed"}, format)


@user_app.command("token")
def token(
    username: str = typer.Argument(..., help="Login name the token acts for."),
    name: str = typer.Option(..., "--name", help="What the token is for, e.g. 'rack 2 encoder'."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Create an API token (shown once; send it as 'Authorization: Bearer TOKEN')."""
    from neurolift.store.accounts_repo import token_create, user_get

    store = open_store(database_url)
    secret, info = token_create(store, user_get(store, username).id, kind="api", name=name)
    emit({"user": username, "name": name, "token_id": info.id, "token": secret}, format)


@user_app.command("invite")
def invite(
    athlete: str = typer.Option(..., "--athlete", help="Athlete record the account is for."),
    days: int = typer.Option(7, "--days", min=1, max=90, help="Days the code stays valid."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Invite an athlete: a one-time code for /join that links their account to the record."""
    import datetime as dt

    from neurolift.store.accounts_repo import invitation_create

    code = invitation_create(open_store(database_url), athlete, valid_for=dt.timedelta(days=days))
    emit({"athlete": athlete, "code": code, "path": f"/join?code={code}"}, format)


@team_app.command("add")
def team_add(
    name: str = typer.Argument(..., help="Team name."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Create a team."""
    from neurolift.store.accounts_repo import team_add as add_team

    emit({"team": name, "id": add_team(open_store(database_url), name)}, format)


@team_app.command("coach")
def team_coach(
    team: str = typer.Argument(..., help="Team name."),
    username: str = typer.Argument(..., help="Coach's login name."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Put a coach on a team (the coach then sees its athletes)."""
    from neurolift.store.accounts_repo import team_add_coach

    team_add_coach(open_store(database_url), team, username)
    emit({"team": team, "coach": username}, format)


@team_app.command("athlete")
def team_athlete(
    team: str = typer.Argument(..., help="Team name."),
    old_athlete: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption(),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Put an athlete on a team."""
    from neurolift.store.accounts_repo import team_add_athlete

    name = athlete_name(athlete, old_athlete, "team athlete TEAM")
    team_add_athlete(open_store(database_url), team, name)
    emit({"team": team, "athlete": name}, format)


@team_app.command("list")
def team_list(
    database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption
) -> None:
    """List the teams with their coaches and athletes."""
    from neurolift.store.accounts_repo import team_list as list_teams

    emit(list_teams(open_store(database_url)), format, title="teams")
