"""The report runner and the readers tried as a hostile user would: parameters that belong to the
runner, output folders that are files, read-only or full, a second run into the same folder, a
killed run's leftovers, data files that are FIFOs or not UTF-8, answers folders that do not exist.
Each ends in one line naming the parameter, the folder or the file, and touches nothing it did not
write."""

import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.cli import main
from swapmodel.report import runner, workspace
from swapmodel.sources.files import read_json, read_toml

FAST = "01_entry_overhead"
TINY = {"used_points": 2, "designs": ["linux-6.18"]}
ROOT = os.geteuid() == 0


def _one_line(capsys, *words):
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and all(w in err for w in words), err
    return err


@pytest.mark.parametrize("name", runner.RUNNER_PARAMETERS)
def test_the_runners_own_parameters_are_refused_from_p(tmp_path, capsys, name):
    assert main(["report", "--notebook", FAST, "-p", name, str(tmp_path / "elsewhere"), "--out", str(tmp_path)]) == 2
    _one_line(capsys, f"-p {name}", "set by the runner")
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing removed


def test_a_parameter_given_twice_is_refused(tmp_path, capsys):
    args = ["report", "--notebook", FAST, "-p", "used_points", "3", "-p", "used_points", "4", "--out", str(tmp_path)]
    assert main(args) == 2
    _one_line(capsys, "-p used_points", "given twice")


def test_a_malformed_list_and_a_huge_value_give_one_short_line(tmp_path, capsys):
    assert main(["report", "--notebook", FAST, "-p", "designs", "[linux-6.18, [", "--out", str(tmp_path)]) == 2
    _one_line(capsys, "-p designs", "not a valid YAML list")
    huge = "x" * 60_000
    assert main(["report", "--notebook", FAST, "-p", "designs", huge, "--out", str(tmp_path)]) == 2
    assert len(_one_line(capsys, "designs")) < 400


def test_an_unknown_executor_fails_before_any_kernel_starts(tmp_path, capsys):
    start = time.monotonic()
    assert main(["report", "--notebook", FAST, "--executor", "nowhere", "--out", str(tmp_path)]) == 2
    _one_line(capsys, "executor='nowhere'")
    assert time.monotonic() - start < 20 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "proc"])
def test_an_output_folder_that_cannot_be_one_is_one_line(tmp_path, capsys, kind):
    out = tmp_path / "a-file" if kind == "file" else Path("/proc/swapmodel-reports")
    if kind == "file":
        out.write_text("keep me")
    assert main(["report", "--notebook", FAST, "--out", str(out)]) == 2
    _one_line(capsys, f"--out {out}")
    assert kind != "file" or out.read_text() == "keep me"


@pytest.fixture
def mounted(tmp_path):
    """A tmpfs of a given size and mode, unmounted afterwards (root only)."""
    if not ROOT:
        pytest.skip("mounting a tmpfs needs root")
    mounts = []

    def mount(options):
        point = tmp_path / f"mnt{len(mounts)}"
        point.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "swapmodel-test", str(point)], check=True)
        mounts.append(point)
        return point

    yield mount
    for point in mounts:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_read_only_output_folder_is_one_line(mounted, capsys):
    out = mounted("ro,size=1m")
    assert main(["report", "--notebook", FAST, "--out", str(out)]) == 2
    _one_line(capsys, f"--out {out}", "not writable")


def test_a_disk_that_fills_publishes_nothing_and_keeps_the_old_report(mounted, capsys):
    out = mounted("size=256k")
    (out / f"{FAST}.html").write_text("the old report")
    args = ["report", "--notebook", FAST, "--out", str(out)] + [x for k, v in TINY.items()
                                                                for x in ("-p", k, str(v).replace("'", ""))]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and ("No space left" in err or "failed" in err), err
    assert (out / f"{FAST}.html").read_text() == "the old report"
    assert sorted(p.name for p in out.iterdir()) == [runner.LOCK_FILE, f"{FAST}.html"]


def test_a_second_run_into_the_same_folder_refuses_and_touches_nothing(tmp_path, capsys):
    mine = tmp_path / ".swapmodel-run-1-abc.tmp"  # as if a running build staged it
    with runner._locked(tmp_path):
        mine.mkdir()
        assert main(["report", "--notebook", FAST, "--out", str(tmp_path)]) == 2
        _one_line(capsys, "another swapmodel report is writing there", f"pid {os.getpid()}")
        assert mine.exists()


def test_a_killed_runs_staging_is_removed_and_nothing_else(tmp_path):
    killed = tmp_path / ".swapmodel-run-999999-xyz.tmp"
    killed.mkdir()
    (killed / "fig.svg").write_text("<svg")
    theirs = tmp_path / "notes" / ".draft.txt.abc.tmp"  # a hidden temporary that is not ours
    theirs.parent.mkdir()
    theirs.write_text("someone else's")
    with runner._locked(tmp_path):
        assert runner.remove_dead_runs(tmp_path) == [killed]
    assert not killed.exists() and theirs.exists()


def test_a_killed_runs_workspace_is_removed_by_the_next_run():
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that has exited
    root = Path(tempfile.gettempdir())
    gone = root / f"{workspace.PREFIX}{dead.pid}-abc"
    alive = root / f"{workspace.PREFIX}{os.getpid()}-abc"
    for p in (gone, alive):
        (p / "runtime").mkdir(parents=True, exist_ok=True)
        (p / "runtime" / "kernel-1.json").write_text("{}")
    try:
        assert gone in workspace.remove_dead_workspaces(root)
        assert not gone.exists() and alive.exists()
    finally:
        for p in (gone, alive):
            subprocess.run(["rm", "-rf", str(p)], check=False)


def test_a_whole_run_publishes_every_file_and_no_temporary(tmp_path):
    written = runner.build_reports(only=[FAST], out_dir=tmp_path, parameters=dict(TINY))
    assert written == [tmp_path / f"{FAST}.html"]
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert {f"{FAST}.html", f"{FAST}/answers.json", f"executed/{FAST}.ipynb", "index.html"} <= names
    assert not [n for n in names if n.endswith(".tmp") or ".swapmodel-run-" in n]


def test_readers_refuse_fifos_binary_and_missing_files_in_one_line(tmp_path):
    fifo = tmp_path / "designs.toml"
    os.mkfifo(fifo)
    with pytest.raises(ParameterError, match="not a regular file"):
        read_toml(fifo)  # would block forever if opened
    binary = tmp_path / "answers.json"
    binary.write_bytes(b"[\xff\xfe]")
    with pytest.raises(ParameterError, match="not UTF-8"):
        read_json(binary, "answers")
    with pytest.raises(ParameterError, match="no such file"):
        read_toml(tmp_path / "missing.toml")


def test_answers_without_reports_say_so(tmp_path, capsys):
    assert main(["answers", "--reports", str(tmp_path / "nowhere")]) == 2
    _one_line(capsys, "no such folder")
    assert main(["answers", "--reports", str(tmp_path)]) == 2
    _one_line(capsys, "holds no <notebook>/answers.json")


@pytest.mark.parametrize("field, bad", [("answer", 3), ("id", ["4.3"]), ("values", [{"value": 1, "unit": "B",
                                                                                     "label": 7}])])
def test_an_answers_file_with_the_wrong_types_is_one_line(tmp_path, capsys, field, bad):
    import json

    rec = {"id": "4.3", "part": "", "status": "answered", "answer": "t", "values": [{"value": 1, "unit": "B"}],
           "anchor": "a", "assumptions": "b", "validated_against": "c", "reproduce": "d", field: bad}
    (tmp_path / "01").mkdir()
    (tmp_path / "01" / "answers.json").write_text(json.dumps([rec]))
    assert main(["answers", "--reports", str(tmp_path)]) == 2
    _one_line(capsys, "answers.json")
