"""Structured notes and errors (``saferplaces.core.messages``): what the library says,
how each audience words it, and how a note is kept."""

from __future__ import annotations

import json
import pickle

import pytest

from saferplaces.assessment.phrasing import document_text
from saferplaces.cli.phrasing import cli_text, cli_tree
from saferplaces.core.errors import InputFileError, ParameterError, SaferplacesError
from saferplaces.core.messages import Hint, Note, Phrasing, phrase, phrase_all
from saferplaces.places.options import FLAGS

INCOMPLETE = Note(
    "2 months are missing: choose a period that is loaded",
    Hint(", or ", FLAGS["allow_incomplete"].param(True, "give"), " to use the months held"),
    code="period.incomplete",
    data={"missing": ["2025-11", "2025-12"]},
)


def test_each_audience_words_a_parameter_its_own_way():
    assert str(INCOMPLETE) == (
        "2 months are missing: choose a period that is loaded, or give "
        "allow_incomplete=True to use the months held"
    )
    assert cli_text(INCOMPLETE) == (
        "2 months are missing: choose a period that is loaded, or give --allow-incomplete to "
        "use the months held"
    )
    # A document cannot set anything: the hint is left out.
    assert document_text(INCOMPLETE) == "2 months are missing: choose a period that is loaded"
    # Outside a hint a parameter is named in words, for those who cannot give its flag.
    same = Note("Same ", FLAGS["top"].param(), " and ", FLAGS["min_flags"].param(), ".")
    assert cli_text(same) == "Same --top and --min-flags."
    assert document_text(same) == "Same share of wards flagged and minimum number of flags."
    assert str(same) == "Same top and min_flags."


def test_a_note_is_kept_with_its_structure():
    nested = Note("left out: ", INCOMPLETE, "; ", "no fires data is held", code="left-out")
    stored = json.loads(json.dumps(nested.to_json()))
    back = Note.from_json(stored)
    assert back == nested and back.code == "left-out"
    assert cli_text(back) == cli_text(nested) and document_text(back) == document_text(nested)
    assert back.parts[1].code == "period.incomplete" and back.parts[1].data == INCOMPLETE.data
    assert pickle.loads(pickle.dumps(nested)).parts == nested.parts
    # A note stored before notes had structure is read as the text it was.
    assert Note.from_json("Ranked with the months held.").code == "text"


def test_an_audience_may_have_its_own_sentence_or_leave_a_note_out():
    mine = Phrasing(sentences={"period.incomplete": lambda n: f"{len(n.data['missing'])} gone"})
    assert phrase(INCOMPLETE, mine) == "2 gone"
    quiet = Phrasing(sentences={"period.incomplete": lambda n: None})
    assert phrase_all([INCOMPLETE, "plain text"], quiet) == ["plain text"]
    assert cli_tree({"notes": [INCOMPLETE], "n": 2}) == {"notes": [cli_text(INCOMPLETE)], "n": 2}


def test_errors_carry_a_code_the_parameter_and_the_value():
    with pytest.raises(ParameterError) as e:
        FLAGS["top"].check(1.5)
    assert (e.value.code, e.value.param.name, e.value.value) == ("parameter.top", "top", 1.5)
    assert str(e.value) == "top must be a share between 0 and 1 (e.g. 0.2), got 1.5"
    assert cli_text(e.value) == "--top must be a share between 0 and 1 (e.g. 0.2), got 1.5"
    plain = SaferplacesError("something failed")
    assert (str(plain), plain.code, cli_text(plain)) == ("something failed", "error", str(plain))
    assert SaferplacesError(INCOMPLETE).note is INCOMPLETE
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is ParameterError and str(again) == str(e.value)


def test_a_file_error_keeps_its_shape_and_the_command_line_owns_the_hint():
    e = InputFileError(
        "fire.csv",
        "header is not utf-8 text",
        row=1,
        code="input-file.encoding",
        data={"encoding": "windows-1252"},
    )
    assert (e.file, e.row, e.field, e.value) == ("fire.csv", 1, None, None)
    assert str(e) == "fire.csv, row 1: header is not utf-8 text"
    assert cli_text(e) == str(e) + " (or pass --encoding windows-1252)"
    assert "--" not in document_text(e.note)
