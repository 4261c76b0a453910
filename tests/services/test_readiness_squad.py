"""Readiness at squad scale: the bulk read gives every athlete's one-athlete series, the squad
page gives what each athlete's own assessment (against their reference group's between-athlete
SD) gives, the group is the athlete's team(s), and any write - from any store object - changes
the next answer while only the writer's athlete is read again."""

from __future__ import annotations

import datetime as dt

import pytest

from neurolift.services import athletes, readiness
from neurolift.services.demo import demo_squad_seed
from neurolift.store import Store
from neurolift.store import accounts_repo as accounts
from neurolift.store import training_repo as tr
from neurolift.training.overreaching import readiness_assess, readiness_between_athlete_sd
from neurolift.training.traininglog import TrainingLog, log_set, log_wellness

END = dt.date(2026, 11, 20)


@pytest.fixture
def squad(store):
    seeded = demo_squad_seed(
        store,
        n_athletes=5,
        weeks=6,
        end=END,
        cmj_signals=False,
        cmj_analysis=False,
        plans=False,
        random_state=3,
    )
    return store, seeded.athletes


def _checkins(name: str, score: int, *, days: int = 21, last: dt.date = END) -> TrainingLog:
    return TrainingLog(
        name,
        wellness=tuple(
            log_wellness(
                date=last - dt.timedelta(days=i),
                sleep_h=7.0,
                sleep_quality=score,
                energy=score,
                mood=score,
                stress=score,
                soreness=score,
                today=last,
            )
            for i in range(days)
        ),
    )


def _one_by_one(store: Store, names) -> dict[str, list]:
    out = {}
    for n in names:
        series = tr.readiness_series(store, n)
        if series:
            out[n] = series
    return out


def test_bulk_read_equals_the_one_athlete_reads(squad) -> None:
    store, names = squad
    store.add_athlete("Nobody")  # no data: left out by both
    bulk = tr.squad_series(store)
    assert bulk == _one_by_one(store, [a.name for a in store.list_athletes()])
    assert set(bulk) == set(names)
    # the first athlete carries the real barbell recording (a measured set) as well
    assert any(s.name == "velocity_ref_m_s" for s in bulk[names[0]])
    some = tr.squad_series(store, athlete_ids=[store.get_athlete(names[1]).id])
    assert some == {names[1]: bulk[names[1]]}


def test_squad_page_equals_each_athletes_own_assessment(squad) -> None:
    # the rule written out from the one-athlete reads: Hopkins' SWC from the between-athlete SD
    # of the team (everyone here is on the demo team), on the athlete's latest day
    store, names = squad
    series = _one_by_one(store, names)
    page = readiness.squad_readiness(store)
    assert [r.athlete for r in page.athletes] and not page.skipped
    for r in page.athletes:
        day = max(d for s in series[r.athlete] for d in s.dates)
        sd = readiness_between_athlete_sd(series, date=day)
        expected = readiness_assess(r.athlete, series[r.athlete], date=None, between_athlete_sd=sd)
        assert r.to_dict() == expected.to_dict()
        assert readiness.readiness_for(store, r.athlete).to_dict() == expected.to_dict()


def test_the_reference_group_is_the_athletes_team(squad) -> None:
    store, names = squad
    ada = names[0]
    before = readiness.readiness_for(store, ada).to_dict()
    # an outlier on no team: not in Ada's group, but in the fallback group of everyone
    store.add_athlete("Zed")
    athletes.log_entries_save(store, _checkins("Zed", 1))
    assert readiness.readiness_for(store, ada).to_dict() == before
    zed = readiness.readiness_for(store, "Zed")
    everyone = _one_by_one(store, [*names, "Zed"])
    sd = readiness_between_athlete_sd(everyone, date=END)
    assert (
        zed.to_dict() == readiness_assess("Zed", everyone["Zed"], between_athlete_sd=sd).to_dict()
    )
    # on Ada's team, Zed widens her wellness SD at once
    accounts.team_add_athlete(store, "Demo squad", "Zed")
    after = readiness.readiness_for(store, ada)
    well = {m.name: m for m in after.markers}["wellness_score"]
    old = {m["name"]: m for m in before["markers"]}["wellness_score"]
    assert well.swc_basis == "between_athlete" and well.swc > old["swc"]
    # a second team of one: its athlete falls back to their own SD
    accounts.team_add(store, "Solo")
    store.add_athlete("Yu")
    athletes.log_entries_save(store, _checkins("Yu", 4))
    accounts.team_add_athlete(store, "Solo", "Yu")
    yu = readiness.readiness_for(store, "Yu")
    assert {m.swc_basis for m in yu.markers if m.swc is not None} == {"individual_fallback"}


def test_a_write_by_another_store_object_counts_and_only_its_athlete_is_read(
    squad, monkeypatch
) -> None:
    store, names = squad
    other = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        first = {r.athlete: r for r in readiness.squad_readiness(store).athletes}
        reads: list = []
        real = readiness.squad_series

        def spy(s, *, athlete_ids=None):
            reads.append(None if athlete_ids is None else sorted(athlete_ids))
            return real(s, athlete_ids=athlete_ids)

        monkeypatch.setattr(readiness, "squad_series", spy)
        again = {r.athlete: r for r in readiness.squad_readiness(store).athletes}
        assert again == first and reads == []  # nothing changed: nothing read
        target, day = names[2], END + dt.timedelta(days=1)
        athletes.log_entries_save(other, _checkins(target, 1, days=1, last=day))
        now = {r.athlete: r for r in readiness.squad_readiness(store).athletes}
        assert reads == [[store.get_athlete(target).id]]
        assert now[target].date == day and now[target] != first[target]
        assert now[target] == readiness.readiness_for(other, target)  # a fresh process's answer
        reads.clear()
        athletes.log_entries_save(
            other,
            TrainingLog(target, sets=(log_set(date=day, exercise="back_squat", load_kg=20.0,
                                              reps=3, today=day),)),
        )  # fmt: skip
        readiness.squad_readiness(store)
        assert reads == [[store.get_athlete(target).id]]
    finally:
        other.engine.dispose()
