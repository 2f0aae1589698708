"""Problems found in a pack: one record per issue, with where it is (field, plot)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth fixing (warning) in a pack.

    ``field`` is a dotted path into the manifest (``manifest.nomenclature.classes[2].code``)
    or a plot attribute name; ``plot_id`` names the plot when the problem is in one, and
    ``other_plot_id`` the second plot of a pair (overlaps).
    """

    code: str
    message: str
    field: str | None = None
    plot_id: str | None = None
    severity: Severity = "error"
    other_plot_id: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = []
        if self.plot_id is not None:
            where.append(f"plot {self.plot_id}")
        if self.field:
            where.append(self.field)
        prefix = f"[{', '.join(where)}] " if where else ""
        return f"{prefix}{self.message}"


class PackError(Exception):
    """The pack cannot be used; ``problems`` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid pack"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


def errors_of(problems: list[Problem]) -> list[Problem]:
    """Only the blocking problems."""
    return [p for p in problems if p.severity == "error"]
