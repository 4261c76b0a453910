"""`neurolift athlete`: add, show and list athletes; suggest a training level."""

from __future__ import annotations

import typer

from neurolift.cli._common import (
    DatabaseOption,
    DateOption,
    FormatOption,
    OldAthleteArgument,
    OptionalAthleteOption,
    athlete_name,
    open_store,
    parse_date,
)
from neurolift.cli._output import OutputFormat, emit

app = typer.Typer(no_args_is_help=True)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


@app.command("add")
def add(
    old_name: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption("Athlete name (unique)."),
    body_mass_kg: float | None = typer.Option(None, "--body-mass-kg", help="Body mass, kg."),
    sex: str | None = typer.Option(None, "--sex", help="Sex, as the athlete states it."),
    level: str | None = typer.Option(None, "--level", help="beginner|intermediate|advanced|elite"),
    training_age_years: float | None = typer.Option(
        None, "--training-age-years", help="Years of structured training."
    ),
    goal: list[str] | None = typer.Option(
        None, "--goal", help="strength|power|hypertrophy (repeat or comma-separate)."
    ),
    one_rm: list[str] | None = typer.Option(
        None, "--one-rm", help="EXERCISE=KG, e.g. back_squat=140 (repeatable)."
    ),
    one_rm_method: str = typer.Option("measured", "--one-rm-method", help="measured|velocity|reps"),
    one_rm_date: str | None = DateOption("--one-rm-date", "Date of the 1RMs (default today)."),
    equipment: list[str] | None = typer.Option(
        None, "--equipment", help="e.g. barbell,rack,bench,dumbbell,box,nmes_stimulator"
    ),
    days: str | None = typer.Option(None, "--days", help="Available days, e.g. mon,wed,fri."),
    contraindication: list[str] | None = typer.Option(
        None, "--contraindication", help="NMES contraindication (repeatable)."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Add an athlete; with --level and --body-mass-kg also a training profile (goals, 1RMs...)."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.athletes import athlete_register

    name = athlete_name(athlete, old_name, "athlete add")
    when = parse_date(one_rm_date, "--one-rm-date")
    orms: dict[str, float] = {}
    for item in _split(one_rm):
        ex, sep, kg = item.partition("=")
        try:
            if not sep:
                raise ValueError
            orms[ex.strip()] = float(kg)
        except ValueError:
            raise InvalidParameterError(
                f"athlete add: --one-rm must be EXERCISE=KG, got {item!r}"
            ) from None
    emit(
        athlete_register(
            open_store(database_url),
            name,
            body_mass_kg=body_mass_kg,
            sex=sex,
            level=level,
            training_age_years=training_age_years,
            goals=_split(goal),
            one_rms=orms,
            one_rm_method=one_rm_method,
            one_rm_date=when,
            equipment=_split(equipment),
            available_days=_split([days] if days else None),
            contraindications=_split(contraindication),
        ),
        format,
    )


@app.command("show")
def show(
    old_name: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption(),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Show one athlete."""
    name = athlete_name(athlete, old_name, "athlete show")
    emit(open_store(database_url).get_athlete(name), format)


@app.command("list")
def list_(database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """List all athletes."""
    emit([a.to_dict() for a in open_store(database_url).list_athletes()], format, title="athletes")


@app.command("suggest-level")
def suggest_level(
    training_age_years: float | None = typer.Option(
        None, "--training-age-years", help="Years of structured resistance training."
    ),
    body_mass_kg: float | None = typer.Option(None, "--body-mass-kg", help="Body mass, kg."),
    squat_1rm_kg: float | None = typer.Option(
        None, "--squat-1rm-kg", help="Back-squat 1RM, kg (with --body-mass-kg: relative strength)."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Suggest a training level from training age and relative squat strength."""
    from neurolift.training.athlete import athlete_suggest_level

    emit(
        athlete_suggest_level(
            training_age_years=training_age_years,
            body_mass_kg=body_mass_kg,
            squat_1rm_kg=squat_1rm_kg,
        ),
        format,
    )
