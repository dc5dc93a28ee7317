"""The types every data model shares: the ID, the partial date, the reference consulted, the vocabularies of
scales.py as Literal types, and the one translation of a pydantic error into an EditionDataError.

Stdlib and pydantic only (the registry and the Sphinx extension load this at start-up)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Callable, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import EditionDataError
from .scales import CALENDARS, CATEGORIES, CREDIBILITY, FLAGS, PRECISIONS

#: Lower-case words of letters and digits joined by single hyphens ("smilga-bio", "line-1920-08-10").
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]

# The vocabularies of scales.py as types, so a model and the labels a reader sees cannot drift apart.
Flag = Literal[tuple(FLAGS)]  # type: ignore[valid-type]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
Credibility = Annotated[int, Field(ge=min(CREDIBILITY), le=max(CREDIBILITY))]
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]
Calendar = Literal[CALENDARS]  # type: ignore[valid-type]

_PARTIAL_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def partial_date(value: str) -> str:
    """`value` if it is a (Gregorian) ISO calendar date at year, month or day precision: YYYY, YYYY-MM or
    YYYY-MM-DD, an existing month and day; ValueError otherwise. Approximation ('circa') and the calendar are
    stated in columns of their own, so the plain ISO 8601 forms are all the data needs."""
    fmt = _PARTIAL_FORMATS.get(len(value))
    try:
        if fmt is None:
            raise ValueError
        dt.datetime.strptime(value, fmt)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def _blank_or_partial_date(value: str) -> str:
    return partial_date(value) if value else value


PartialDate = Annotated[str, AfterValidator(partial_date)]
#: A CSV cell: empty (not known, not applicable) or a partial date.
OptionalPartialDate = Annotated[str, AfterValidator(_blank_or_partial_date)]


class Strict(BaseModel):
    """A data entry: a field the model does not name is an error (a misspelt column or key is never dropped)."""

    model_config = ConfigDict(extra="forbid")


#: Required text: an empty value is an error.
Text = Annotated[str, Field(min_length=1)]

#: The MIME types of the edition's notebook outputs: a plotly figure (plotly's own type, which JupyterLab renders)
#: and a Leaflet map (the edition's, drawn by the book's renderer): display.py writes them, sphinxext/mime.py reads.
PLOTLY_MIME = "application/vnd.plotly.v1+json"
LEAFLET_MIME = "application/vnd.edition.leaflet+json"


class Reference(Strict):
    """A page or work we consulted (to identify a source, or to check a note)."""

    title: str
    site: str | None = None
    url: str | None = None
    consulted: dt.date | None = None


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], raw: Any, shown: str, entry: str | None = None,
              where: Callable[[list], tuple[str | None, list]] | None = None) -> M:
    """`model` validated from `raw`, or EditionDataError(file, entry, field, message) for its first error. The
    field is the error's location (a model-level rule names it in its message as "field 'x'"); `where(loc)`
    may take the entry from the location's head and return the rest."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        if where is not None:
            entry, loc = where(loc)
        field = ".".join(map(str, loc)) or None
        named = re.search(r"field '([^']+)'", err["msg"])
        if field is None and named:
            field = named.group(1)
        raise EditionDataError(shown, entry, field, err["msg"]) from None
