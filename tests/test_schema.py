"""The shared types of schema.py: one ID, one partial date, one reference, one error translation."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from edition_utils import career, notes, registers, scales, sources
from edition_utils.errors import EditionDataError
from edition_utils.schema import (ID_PATTERN, Category, Credibility, Flag, Id, OptionalPartialDate, PartialDate,
                                  Precision, partial_date, validated)


@pytest.mark.parametrize("value", ["1917", "1917-04", "1917-04-30", "1916-02-29", "0988"])
def test_partial_dates_at_year_month_and_day(value):
    assert partial_date(value) == value


@pytest.mark.parametrize("value", ["", "17", "1917-4", "1917-13", "1917-00", "1917-04-31", "1917-02-29",
                                   "1917-04-3", "1917/04/30", "abcd", "1917-04-30T12", " 1917"])
def test_anything_else_is_not_a_partial_date(value):
    with pytest.raises(ValueError, match="is not an ISO date"):
        partial_date(value)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    row_id: Id
    born: OptionalPartialDate = ""
    died: PartialDate = "1938"

    @model_validator(mode="after")
    def _order(self):
        if self.born and self.born > self.died:
            raise ValueError("field 'born': after the death")
        return self


def test_id_and_dates_in_a_model():
    assert validated(_Row, {"row_id": "smilga-bio", "born": ""}, "f.csv").born == ""
    for bad in ("Smilga", "smilga--bio", "-smilga", "smilga_bio", ""):
        with pytest.raises(ValidationError):
            _Row.model_validate({"row_id": bad})
    with pytest.raises(ValidationError):
        _Row.model_validate({"row_id": "a", "died": ""})  # a required date may not be blank


def test_validation_error_names_file_entry_and_field():
    with pytest.raises(EditionDataError) as info:
        validated(_Row, {"row_id": "a", "born": "1892-13"}, "data/x.csv", "row 2 (a)")
    assert (info.value.file, info.value.entry, info.value.field) == ("data/x.csv", "row 2 (a)", "born")
    assert "is not an ISO date" in info.value.message
    # a rule between fields names its field in the message
    with pytest.raises(EditionDataError) as info:
        validated(_Row, {"row_id": "a", "born": "1939"}, "data/x.csv", "row 2 (a)")
    assert info.value.field == "born"
    # the location's head may give the entry
    with pytest.raises(EditionDataError) as info:
        validated(_Row, {"row_id": "A"}, "data/x.yml", where=lambda loc: ("#1", loc))
    assert (info.value.entry, info.value.field) == ("#1", "row_id")


def test_vocabularies_are_those_of_the_scales():
    assert typing.get_args(Flag) == tuple(scales.FLAGS)
    assert typing.get_args(Category) == tuple(scales.CATEGORIES)
    assert typing.get_args(Precision) == scales.PRECISIONS
    assert typing.get_args(sources.Precision) == (*scales.PRECISIONS, "unknown")
    low, high = min(scales.CREDIBILITY), max(scales.CREDIBILITY)
    meta = typing.get_args(Credibility)[1]
    assert (meta.metadata[0].ge, meta.metadata[1].le) == (low, high)


def test_one_reference_model_and_one_id_pattern():
    assert notes.Checked is sources.Reference
    for model, field in [(sources.Source, "id"), (notes.Note, "id"), (career.CareerRow, "event_id"),
                         (registers.PersonRow, "person_id")]:
        assert model.model_json_schema()["properties"][field]["pattern"] == ID_PATTERN
