"""A flags run's notes, worded for each audience: the command line names its flags, the
web form its questions, a document speaks to a board (the wording the assessment showed
before notes had structure). Stored notes keep their structure."""

from __future__ import annotations

from saferplaces.assessment.phrasing import document_text
from saferplaces.cli.phrasing import cli_text
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places.flags import run_flags
from saferplaces.places.stored_runs import stored_run
from tests.places.test_flags import INDICATORS, PERIOD, _run


def _note(run, code):
    return next(n for n in run.notes if n.code == code)


def test_each_audience_words_the_notes_of_a_run(toy_wh):
    from saferplaces.web.evidence.phrasing import web_text

    area = resolve_area(toy_wh, "Flagton")
    _run(toy_wh, "A")
    explore = run_flags(
        toy_wh, area, parse_period(PERIOD["B"]), INDICATORS[:1], top=0.4, min_flags=1
    )
    none = _note(explore, "flags.previous-run.none-matching")
    fact = (
        "No earlier run with the same indicators, measure, {} and {} (1 earlier run(s) "
        "differ): every ward with enough flags is newly flagged."
    )
    assert cli_text(none) == (
        fact.format("--top", "--min-flags") + " Give --against RUN to propose against one of them."
    )
    board = fact.format("share of wards flagged", "minimum number of flags")
    assert document_text(none) == board
    assert web_text(none) == board  # the web form offers no previous run to choose
    assert str(none) == (
        fact.format("top", "min_flags") + " Give against='RUN' to propose against one of them."
    )

    too_many = _note(explore, "flags.too-many")
    assert cli_text(too_many).endswith(
        "For a short list of the places that stand out, raise --min-flags or rank fewer "
        "--indicators."
    )
    assert web_text(too_many).endswith(
        "raise “Flags needed to be proposed as emerging” or rank fewer “Indicators to rank "
        "the wards on”."
    )
    assert document_text(too_many).endswith(
        "the analyst can ask for more flags per ward or rank on fewer indicators (the spec's "
        "Places chapter, flags: min_flags and indicators) so that the list names the places "
        "that stand out."
    )
    assert "--" not in document_text(too_many) and "--" not in web_text(too_many)


def test_a_chosen_previous_run_and_the_notes_kept_with_a_run(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    run_a = _run(toy_wh, "A")
    chosen = run_flags(
        toy_wh,
        area,
        parse_period(PERIOD["B"]),
        INDICATORS[:1],
        top=0.4,
        min_flags=1,
        against=run_a.id,
    )
    note = _note(chosen, "flags.previous-run.chosen")
    where = f"Categories are proposed against run {run_a.id} (2025-01 to 2025-03)"
    assert cli_text(note) == f"{where}, as given with --against."
    assert document_text(note) == f"{where}, as the analyst chose."
    # Read back from the warehouse, the notes are the same notes, worded the same way.
    kept = stored_run(toy_wh, chosen.id).notes
    assert kept == chosen.notes
    assert [n.code for n in kept] == [n.code for n in chosen.notes]
    assert [cli_text(n) for n in kept] == [cli_text(n) for n in chosen.notes]
    assert [document_text(n) for n in kept] == [document_text(n) for n in chosen.notes]
