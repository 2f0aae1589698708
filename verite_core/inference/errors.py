"""Errors of the inference engine: one base class, a user message each."""

from __future__ import annotations


class InferenceError(Exception):
    """Base of the engine's errors (the message is meant for the user)."""


class ModelError(InferenceError, ValueError):
    """The ONNX file is missing, unreadable or breaks the metadata contract; lists every problem."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = list(problems)
        super().__init__(f"{path}: " + "; ".join(self.problems))


class SourceError(InferenceError, ValueError):
    """The input imagery cannot be used: missing bands, no georeferencing, unreadable file."""


class Canceled(InferenceError):
    """The run was canceled by the caller; no output file is left behind."""
