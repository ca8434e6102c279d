"""Reference data kept beside the contracts: agencies, areas, the measure catalogue and the
QEG priorities with their review rota. Plain YAML, so the business unit can edit it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from workers.errors import ContractError
from workers.yaml_loader import safe_load


class Area(BaseModel):
    code: str
    name: str
    kind: Literal["partnership", "local_authority", "district"]
    parent: str | None = None
    #: Children aged 0-17 per mid-year, from the releases in populations.yaml (the one
    #: listed last wins per year); filled by :class:`Catalogue`, never written in areas.yaml.
    population_0_17: dict[int, int] = Field(default_factory=dict)


class PopulationRelease(BaseModel):
    """One published set of child population estimates (populations.yaml)."""

    source: str = Field(min_length=1)
    figures: dict[str, dict[int, int]]  # area code → mid-year → children aged 0-17

    @field_validator("figures")
    @classmethod
    def _plausible(cls, value: dict[str, dict[int, int]]) -> dict[str, dict[int, int]]:
        for area, years in value.items():
            for year, count in years.items():
                if not 1990 <= year <= 2100:
                    raise ValueError(f"{area}: {year} is not a mid-year such as 2023")
                if count <= 0:
                    raise ValueError(f"{area} {year}: a population must be above zero")
        return value


class Agency(BaseModel):
    id: str
    name: str
    #: What people call the agency ("Peterborough"): the pages' titles.
    short_name: str | None = None
    kind: Literal["local_authority", "health", "police", "partnership", "education", "other"]
    areas: list[str]
    #: Who is told when a return fails, is rejected or is overdue (email addresses).
    contacts: list[str] = Field(default_factory=list)
    #: Optional URL the hub POSTs the same notifications to, as JSON.
    webhook: str | None = None

    @field_validator("contacts")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        for address in value:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
                raise ValueError(f"{address!r} is not an email address")
        return value

    @field_validator("webhook")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"webhook {value!r} must be an http(s):// URL")
        return value


class Target(BaseModel):
    value: float
    direction: Literal["at_least", "at_most"]
    source: str = ""


class Tolerance(BaseModel):
    """How far a figure may move before a pack calls the change better or worse (up or
    down for a measure without a preferred direction): ``percent`` of the earlier figure,
    or ``absolute`` in the measure's own unit (percentage points for a percentage).
    Without one a measure takes ``workers.packs.direction.DEFAULT_TOLERANCE``."""

    value: float = Field(ge=0)
    unit: Literal["percent", "absolute"]


class Authority(BaseModel):
    """Where two feeds give the same figure (a statutory return and la-csc-activity): the
    one that counts, and how far the other may differ before a query asks why."""

    authoritative: str
    sources: list[str]
    tolerance: Tolerance = Field(default_factory=lambda: Tolerance(value=2, unit="percent"))


class Measure(BaseModel):
    id: str
    label: str
    unit: Literal["count", "percent", "rate_per_10k", "days"]
    aggregation: Literal["flow", "stock", "ratio"]
    polarity: Literal["up_good", "down_good", "neutral"]
    priorities: list[str] = Field(default_factory=list)
    agency_kind: str | None = None
    precision: int = 0
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    target: Target | None = None
    tolerance: Tolerance | None = None
    authority: Authority | None = None
    description: str = ""

    @model_validator(mode="after")
    def _ratio_has_parts(self) -> Measure:
        if self.aggregation == "ratio" and not (self.numerator and self.denominator):
            raise ValueError("a ratio measure needs a numerator and a denominator")
        return self


class Priority(BaseModel):
    id: str
    name: str
    description: str = ""
    review_quarters: list[Literal["Q1", "Q2", "Q3", "Q4"]]


class Catalogue(BaseModel):
    areas: list[Area]
    agencies: list[Agency]
    measures: list[Measure]
    priorities: list[Priority]
    populations: list[PopulationRelease] = Field(default_factory=list)

    @model_validator(mode="after")
    def _populations_per_area(self) -> Catalogue:
        by_code = {a.code: a for a in self.areas}
        for release in self.populations:
            for code, years in release.figures.items():
                if code not in by_code:
                    raise ValueError(f"populations: {release.source}: unknown area {code!r}")
                by_code[code].population_0_17.update(years)
        return self

    def area(self, code: str) -> Area:
        return _find(self.areas, "code", code, "area")

    def agency(self, agency_id: str) -> Agency:
        return _find(self.agencies, "id", agency_id, "agency")

    def measure(self, measure_id: str) -> Measure:
        return _find(self.measures, "id", measure_id, "measure")

    def priorities_for(self, quarter_no: int) -> list[Priority]:
        return [p for p in self.priorities if f"Q{quarter_no}" in p.review_quarters]


def _find(items: list, attr: str, value: str, what: str):
    for item in items:
        if getattr(item, attr) == value:
            return item
    known = ", ".join(getattr(i, attr) for i in items)
    raise ContractError(f"Unknown {what} {value!r}; known: {known}")


def _read(directory: Path) -> Catalogue:
    data: dict[str, list] = {}
    for name in ("areas", "agencies", "measures", "priorities"):
        path = directory / f"{name}.yaml"
        try:
            content = safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise ContractError(f"{path}: missing") from None
        except yaml.YAMLError as exc:
            raise ContractError(f"{path.name}: not valid YAML: {exc}") from None
        data[name] = content.get(name, [])
    for area in data["areas"]:
        if isinstance(area, dict) and "population_0_17" in area:
            raise ContractError(
                f"areas.yaml: area {area.get('code')}: population_0_17 is no longer read "
                "here; child populations are dated releases in populations.yaml"
            )
    populations = directory / "populations.yaml"
    if populations.exists():
        try:
            content = safe_load(populations.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ContractError(f"{populations.name}: not valid YAML: {exc}") from None
        data["populations"] = content.get("releases", [])
    try:
        return Catalogue(**data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ContractError(f"catalogue: {loc}: {first['msg']}") from None


_load = lru_cache(maxsize=4)(_read)


def _catalogue_dir(contracts_dir: Path | None) -> Path:
    if contracts_dir is None:
        from workers.settings import get_settings

        contracts_dir = get_settings().contracts_dir
    return (Path(contracts_dir) / "catalogue").resolve()


def load_catalogue(contracts_dir: Path | None = None) -> Catalogue:
    """The catalogue, read once per process and folder."""
    return _load(_catalogue_dir(contracts_dir))


def read_catalogue(contracts_dir: Path | None = None) -> Catalogue:
    """The catalogue as its files say now, whatever this process read before.

    What the reference tables are synced from: ``init_db`` records a fingerprint of the
    files after syncing, so the rows must come from the files as they are, never from an
    older copy kept in memory."""
    return _read(_catalogue_dir(contracts_dir))
