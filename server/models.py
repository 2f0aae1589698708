"""All models in one import, so the metadata is complete wherever it is needed."""

from server.auth.models import EXPERTISE_LEVELS, ROLES, ApiToken, User
from server.packs.models import (
    FILE_FORMATS,
    VERDICTS,
    Pack,
    PackClass,
    PackFile,
    PackVersion,
    Plot,
    PlotReview,
    ReferenceRaster,
)

__all__ = [
    "EXPERTISE_LEVELS",
    "FILE_FORMATS",
    "ROLES",
    "VERDICTS",
    "ApiToken",
    "Pack",
    "PackClass",
    "PackFile",
    "PackVersion",
    "Plot",
    "PlotReview",
    "ReferenceRaster",
    "User",
]
