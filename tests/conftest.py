"""Shared test fixtures: a bounded memory limit for generated runs, and a tally of the hostile
inputs the property-based tests tried (printed at the end of the run)."""

import collections

import pytest

HOSTILE = collections.Counter()


@pytest.fixture(autouse=True)
def bounded_memory(monkeypatch):
    """Every test runs under a 4 GiB memory guard, so a generated run can never fill the machine."""
    monkeypatch.setenv("SWAPMODEL_MEMORY_LIMIT_MIB", "4096")


def pytest_terminal_summary(terminalreporter):
    if HOSTILE["tried"]:
        terminalreporter.write_line(
            f"hostile inputs: {HOSTILE['tried']} tried, {HOSTILE['clear_error']} ended in a one-line "
            f"ParameterError, {HOSTILE['accepted']} were valid and ran")
