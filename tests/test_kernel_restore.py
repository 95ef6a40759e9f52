"""The restore machinery of the live experiments, on stand-in files (runs anywhere, no root)."""

import json

import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.kernel import experiments
from swapmodel.kernel.experiments import Knobs


@pytest.fixture
def fake_sysfs(tmp_path):
    knob = tmp_path / "hugepages-64kB-enabled"
    knob.write_text("always inherit madvise [never]\n")
    plain = tmp_path / "max_pool_percent"
    plain.write_text("20\n")
    return knob, plain, tmp_path / "journal.json"


def test_changes_are_journalled_and_undone_in_reverse(fake_sysfs):
    knob, plain, journal = fake_sysfs
    knobs = Knobs(journal)
    knobs.write(knob, "always")
    knobs.write(plain, "50")
    knobs.write(plain, "70")
    saved = json.loads(journal.read_text())["undo"]
    assert [s["value"] for s in saved] == ["never", "20", "50"]  # selector files keep the chosen word
    assert knob.read_text() == "always" and plain.read_text() == "70"
    assert knobs.restore() == []
    assert knob.read_text() == "never" and plain.read_text() == "20"
    assert not journal.exists()


def test_a_killed_run_is_restored_from_its_journal(fake_sysfs, monkeypatch):
    knob, plain, journal = fake_sysfs
    killed = Knobs(journal)
    killed.write(knob, "always")  # ... and the process dies here: the journal stays behind
    assert journal.exists() and knob.read_text() == "always"
    monkeypatch.setattr(experiments, "JOURNAL", journal)
    monkeypatch.setattr(experiments, "MEMCG_ROOT", journal.parent / "no-memcg-here")
    done = experiments.recover_leftovers()
    assert done and "restored 1 change" in done[0]
    assert knob.read_text() == "never" and not journal.exists()


def test_restore_continues_past_a_failing_step(fake_sysfs):
    knob, plain, journal = fake_sysfs
    knobs = Knobs(journal)
    knobs.write(knob, "always")
    knobs.undo.append({"kind": "write", "path": str(journal.parent / "missing" / "file"), "value": "x"})
    knobs.write(plain, "50")
    errors = knobs.restore()
    assert len(errors) == 1 and "missing" in errors[0]
    assert knob.read_text() == "never" and plain.read_text() == "20"


def test_memcg_names_must_be_swapmodel(fake_sysfs):
    with pytest.raises(ParameterError, match="swapmodel-"):
        Knobs(fake_sysfs[2]).memcg("mine")


def test_live_session_refuses_without_root(monkeypatch):
    monkeypatch.setattr(experiments.os, "geteuid", lambda: 1000)
    with pytest.raises(ParameterError, match="need root"):
        with experiments.live_session():
            pass
