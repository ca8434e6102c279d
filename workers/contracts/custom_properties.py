"""The hub's own settings in a contract, under ODCS ``customProperties``.

ODCS leaves a producer's own settings to a list of ``{property, value}`` pairs; this model
gives them their types, defaults and limits in one place, and says what is wrong with one
in words a data steward can act on (the file and the setting).
"""

from __future__ import annotations

from typing import Any, Literal

from open_data_contract_standard.model import CustomProperty
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from workers.errors import ContractError

#: Rows a return may have when its contract does not say: a monthly aggregate return has
#: tens; a child-level one of a large authority some hundreds of thousands.
DEFAULT_MAX_ROWS = {"aggregate": 10_000, "child": 5_000_000}

#: The settings that name one of the contract's columns.
COLUMN_SETTINGS = ("periodColumn", "areaColumn", "dateColumn", "dimensionColumn", "eventColumn")


class HubProperties(BaseModel):
    """A feed contract's ``customProperties``; settings the hub does not know are left
    alone (a contract may carry others' too)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    agencies: tuple[str, ...]
    level: Literal["aggregate", "child"]
    grain: Literal["month", "quarter", "year"]
    periodColumn: str | None = None
    areaColumn: str | None = None
    dateColumn: str | None = None
    dimensionColumn: str | None = None
    eventColumn: str | None = None
    formats: tuple[str, ...] = ("csv", "xlsx", "json")
    dueDays: int = 15
    retentionDays: int | None = None
    schedule: str | None = None
    source: dict[str, Any] = {}
    onRowError: Literal["reject_return", "hold_rows"] = "reject_return"
    maxRows: int | None = None
    maxHeldShare: float = 0.01
    authorisation: Literal["required", "optional"] = "optional"
    shortName: str | None = None

    @field_validator("level", "grain", "onRowError", "authorisation", mode="before")
    @classmethod
    def _one_of(cls, value: Any, info: Any) -> Any:
        allowed = {
            "level": ("aggregate", "child"),
            "grain": ("month", "quarter", "year"),
            "onRowError": ("reject_return", "hold_rows"),
            "authorisation": ("required", "optional"),
        }[info.field_name]
        if value is None and info.field_name == "authorisation":
            return "optional"
        if value not in allowed:
            raise ValueError(f"must be {' or '.join(allowed)}, not {value!r}")
        return value

    @field_validator("retentionDays", "maxRows", mode="before")
    @classmethod
    def _whole_number(cls, value: Any, info: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            what = "days" if info.field_name == "retentionDays" else "rows"
            raise ValueError(f"a whole number of {what}, at least 1, not {value!r}")
        return value

    @field_validator("maxHeldShare", mode="before")
    @classmethod
    def _share(cls, value: Any) -> Any:
        try:
            share = float(value)
        except (TypeError, ValueError):
            share = -1.0
        if isinstance(value, bool) or not 0 <= share <= 1:
            raise ValueError(f"a share between 0 and 1 (0.01 is 1%), not {value!r}")
        return share

    @property
    def max_rows(self) -> int:
        return self.maxRows if self.maxRows is not None else DEFAULT_MAX_ROWS[self.level]

    def named_columns(self) -> dict[str, str]:
        """Each column setting given, with the column it names."""
        return {name: getattr(self, name) for name in COLUMN_SETTINGS if getattr(self, name)}


def hub_properties(items: list[CustomProperty] | None, where: str) -> HubProperties:
    """The hub's settings of a contract; ``ContractError`` naming the first wrong one."""
    values = {p.property: p.value for p in items or [] if p.property}
    try:
        return HubProperties.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        setting = ".".join(str(part) for part in first["loc"])
        if first["type"] == "missing":
            raise ContractError(f"{where}: customProperties needs '{setting}'") from None
        error = first.get("ctx", {}).get("error")
        message = str(error) if isinstance(error, ValueError) else first["msg"]
        raise ContractError(f"{where}, customProperties.{setting}: {message}") from None
