"""Generated bad input for the command line, the Python API, notebook parameters and data files:
each must end in a one-line ParameterError (exit status 2 on the command line) that names the
parameter or the file and key, in bounded time and memory (the memory guard is set to 4 GiB by
conftest.py), or be valid and run."""

import math
import os
import shutil
import tomllib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HOSTILE
from swapmodel.allocator import ChurnParams, SpacePolicy, SteadyParams
from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.memory import LIMIT_ENV
from swapmodel.cli import main
from swapmodel.model import occupancy
from swapmodel.report import parameters as nb_parameters
from swapmodel.report.runner import notebooks

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk = st.one_of(
    st.none(), st.booleans(), st.text(max_size=8), st.just(float("nan")), st.just(float("inf")),
    st.just(-float("inf")), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3), st.just(np.int8(4)), st.just(4.0), st.just(2.5), st.just(-1),
    st.just(1e12), st.just(10**9),
)


def _outcome(fn, *names):
    """Run fn(); a ParameterError must be one line and name one of `names`."""
    HOSTILE["tried"] += 1
    try:
        fn()
    except ParameterError as e:
        text = str(e)
        assert "\n" not in text, text
        assert any(n in text for n in names), (names, text)
        HOSTILE["clear_error"] += 1
        return "error"
    HOSTILE["accepted"] += 1
    return "ok"


CHURN_FIELDS = ["workload", "device_mib", "region_mib", "order", "iterations", "seed", "aligned", "small_mib", "rules",
                "mthp_swapin", "swapin_mib", "dontneed_mib", "small_swapin_mib", "dynamic_cap_mib", "snapshot_every",
                "n_cpus", "backing", "shared_cluster_cache", "swap_slots_cache"]
STEADY_FIELDS = ["device_mib", "rules", "n_cpus", "order_mix", "target_fill", "lifetime", "lifetime_sigma",
                 "page_free_fraction", "cache_only_fraction", "cache_lifetime_events", "events", "window", "seed",
                 "zswap_pool_mib", "backing_mib", "dynamic_cap_mib", "writeback_batch_order"]


@SETTINGS
@given(field=st.sampled_from(CHURN_FIELDS), value=junk, dynamic=st.booleans())
def test_churn_params_reject_bad_values_by_name(field, value, dynamic):
    policy = SpacePolicy(dynamic=dynamic)
    _outcome(lambda: ChurnParams(**{field: value}).memory_bytes(policy), field, "region_mib", "device_mib")


@SETTINGS
@given(field=st.sampled_from(STEADY_FIELDS), value=junk)
def test_steady_params_reject_bad_values_by_name(field, value):
    _outcome(lambda: SteadyParams(**{field: value}).memory_bytes(SpacePolicy()), field, "order_mix", "window")


@SETTINGS
@given(mix=st.dictionaries(st.one_of(st.integers(-3, 12), st.floats(allow_nan=True), st.text(max_size=2)),
                           st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-2, 2)), max_size=4))
def test_order_mix_never_silently_falls_back(mix):
    result = _outcome(lambda: SteadyParams(order_mix=mix), "order_mix")
    if result == "ok":
        assert mix and math.isclose(sum(mix.values()), 1.0, abs_tol=1e-9)


@SETTINGS
@given(device=st.floats(1, 1e7), iterations=st.integers(1, 100_000), order=st.integers(0, 9))
def test_memory_guard_refuses_big_runs_before_allocating(device, iterations, order):
    """Runs that fit the 4 GiB guard are only estimated here; bigger ones must be refused by name."""
    device = math.floor(device)
    try:
        p = ChurnParams(device_mib=device, region_mib=device, order=order, iterations=iterations)
    except ParameterError:
        return
    estimate = p.memory_bytes(SpacePolicy())
    from swapmodel.allocator.params import guard

    outcome = _outcome(lambda: guard(p, SpacePolicy()), "ChurnParams")
    from swapmodel.allocator.params import GUARD_FACTOR, GUARD_FIXED_BYTES

    assert (outcome == "error") == (GUARD_FACTOR * estimate + GUARD_FIXED_BYTES > 4096 * 2**20)


CLI_CASES = {
    ("cost", "--swap-gib"): "swap_gib", ("cost", "--used"): "used_fraction", ("cost", "--mix"): "mix",
    ("simulate churn", "--device-mib"): "device_mib", ("simulate churn", "--region-mib"): "region_mib",
    ("simulate churn", "--iterations"): "iterations", ("simulate churn", "--order"): "order",
    ("simulate churn", "--seed"): "seed", ("simulate steady", "--events"): "events",
    ("simulate steady", "--fill"): "target_fill", ("simulate steady", "--order-mix"): "order_mix",
    ("simulate steady", "--zswap-pool-mib"): "zswap_pool_mib", ("simulate steady", "--window"): "window",
}
cli_value = st.one_of(st.sampled_from(["-1", "nan", "inf", "1e12", "0", "abc", "4.5", "1e999", "", "0=2", "4=1,0=1",
                                       "x=1", "10=1", "-0", "99999999"]), st.text(max_size=6))


@settings(max_examples=80, deadline=None)
@given(case=st.sampled_from(sorted(CLI_CASES)), value=cli_value)
def test_cli_bad_values_exit_2_with_one_line(case, value):
    command, option = case
    argv = command.split() + [option, value]
    if command == "cost":
        argv += ["--design", "linux-6.18"]
    if command == "simulate steady":
        argv += ["--device-mib", "16"]
        argv += [] if option == "--events" else ["--events", "2000"]
        argv += [] if option == "--window" else ["--window", "1000"]
    HOSTILE["tried"] += 1
    os.environ[LIMIT_ENV] = "256"  # a generated run that is valid stays small
    try:
        status = main(argv)
    except SystemExit as e:  # argparse rejects non-numbers for typed options with status 2
        status = e.code
    finally:
        os.environ[LIMIT_ENV] = "4096"
    assert status in (0, 2)
    HOSTILE["clear_error" if status == 2 else "accepted"] += 1


NOTEBOOKS = {p.stem: p for p in notebooks()}


@pytest.fixture(scope="module")
def declared():
    return {stem: nb_parameters.declared(p) for stem, p in NOTEBOOKS.items()}


@SETTINGS
@given(data=st.data())
def test_notebook_parameters_checked_before_execution(declared, data):
    stem = data.draw(st.sampled_from(sorted(NOTEBOOKS)))
    name = data.draw(st.sampled_from(sorted(declared[stem]) + ["no_such_parameter"]))
    value = data.draw(junk)
    _outcome(lambda: nb_parameters.check(NOTEBOOKS[stem], {name: value}), name, "does not exist")


@SETTINGS
@given(n=junk, s=junk, span=st.one_of(st.none(), junk))
def test_xarray_closed_forms_reject_bad_counts(n, s, span):
    def run():
        a = occupancy.xarray_nodes_random(n, s, tree_span_keys=span)
        b = occupancy.xarray_nodes_dense(n, span)
        assert np.all(np.isfinite(a)) and np.all(np.asarray(a) >= 0) and np.all(np.asarray(b) >= 0)

    _outcome(run, "n_keys", "space_slots", "tree_span_slots")


@SETTINGS
@given(swap=junk, used=junk, placement=st.sampled_from(["dense", "random", "nope"]))
def test_scenario_rejects_bad_sizes(swap, used, placement):
    _outcome(lambda: occupancy.scenario(swap, used, placement=placement), "swap_slots", "used_fraction", "placement")


DATA_FIELDS = [
    ("structs.toml", ("struct", "swap_table", "bytes")),
    ("structs.toml", ("struct", "zswap_entry", "bytes")),
    ("structs.toml", ("slab", "radix_tree_node", "objs_per_slab")),
    ("structs.toml", ("slab", "zswap_entry", "order")),
]
bad_number = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(-1), st.just(0), st.text(max_size=4),
                       st.just(True), st.just(1e40), st.just(2.5))


def _toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(DATA_FIELDS), value=bad_number)
def test_bad_numbers_in_structs_name_file_and_key(tmp_path_factory, field, value):
    from swapmodel.sources.designs import load_catalogue

    directory = tmp_path_factory.mktemp("designs")
    for p in paths.DESIGNS.glob("*.toml"):
        shutil.copy(p, directory / p.name)
    fname, (table, name, key) = field
    text = (directory / fname).read_text()
    raw = tomllib.loads(text)
    assert key in raw[table][name], field
    header = f"[{table}.{name}]"
    start = text.index(header)
    line_start = text.index(f"\n{key} = ", start) + 1
    line_end = text.index("\n", line_start)
    (directory / fname).write_text(text[:line_start] + f"{key} = {_toml_value(value)}" + text[line_end:])
    load_catalogue.cache_clear()
    try:
        _outcome(lambda: load_catalogue(directory), fname, key)
    finally:
        load_catalogue.cache_clear()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.binary(max_size=64))
def test_garbage_toml_and_json_name_the_file(tmp_path_factory, garbage):
    from swapmodel.sources.files import read_json, read_toml

    d = tmp_path_factory.mktemp("garbage")
    (d / "x.toml").write_bytes(b"[[design]\n" + garbage)
    (d / "x.json").write_bytes(b"{" + garbage)
    _outcome(lambda: read_toml(d / "x.toml"), "x.toml")
    _outcome(lambda: read_json(d / "x.json"), "x.json")
    _outcome(lambda: read_toml(d), str(d))


@SETTINGS
@given(swap=st.lists(st.integers(0, 1 << 20), max_size=3), used=st.lists(st.floats(0, 1), max_size=3),
       backing=st.lists(st.integers(0, 1 << 20), max_size=3))
def test_scenario_arrays_of_other_shapes_are_named(swap, used, backing):
    # found by a CI run: swap_slots=[] with used_fraction=[0, 0] reached numpy's broadcasting error
    _outcome(lambda: occupancy.scenario(swap, used, mix={"disk": 1.0}, backing_slots=backing or None),
             "swap_slots", "used_fraction", "backing_slots")


@pytest.mark.parametrize("args, words", [
    (["--mean", "1", "nan", "--sd", "1", "1", "--runs", "5", "5"], "--mean"),
    (["--mean", "1", "2", "--sd", "0", "1", "--runs", "5", "5"], "--sd"),
    (["--mean", "1", "2", "--sd", "1", "1", "--runs", "1", "5"], "--runs"),
])
def test_power_refuses_a_nan_mean_a_zero_spread_and_one_run(capsys, args, words):
    assert main(["power", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and words in err


def test_power_refuses_runs_that_all_agree(tmp_path, capsys):
    (tmp_path / "a").write_text("3\n3\n3\n")
    (tmp_path / "b").write_text("1\n2\n3\n")
    assert main(["power", "--values", str(tmp_path / "a"), str(tmp_path / "b")]) == 2
    assert "spread 0" in capsys.readouterr().err


def test_size_says_what_a_missing_device_means(capsys):
    assert main(["size", "--ram-gib", "64", "--compression", "3"]) == 0
    out = capsys.readouterr().out
    assert "NaN" not in out and "no swap device (everything in zswap): nothing to fragment" in out
