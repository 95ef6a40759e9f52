"""Shared test fixtures: a bounded memory limit for generated runs, the smoke-built reports, and a
tally of the hostile inputs the property-based tests tried (printed at the end of the run)."""

import collections

import pytest

# Tiny parameters per notebook for the smoke builds (every notebook runs in under a minute).
SMOKE = {
    "01_entry_overhead": {"used_points": 3, "designs": ["linux-6.18", "vswap-v3", "ghost-rfc"]},
    "02_fragmentation": {"iterations": 10, "seeds": [1], "t1_seeds": 2, "orders": [4], "fill_ratios": [1.0, 1.5],
                         "designs": ["linux-6.18", "vswap-v3"], "steady_events": 6000},
    "03_kernel_validation": {"sim_seeds": 1},
    "04_virtual_physical": {"selftest_seeds": 2, "t1_seeds": 2, "iterations": 12, "seeds": [1], "writeback_events": 2000, "sparsity_events": 2000,
                            "fill_ratios": [1.0, 1.5], "cpu_counts": [1, 2], "sparse_live_clusters": 64,
                            "sparse_strides": [1, 4096]},
    "05_capacity": {"frag_seeds": [1], "frag_iterations": 12, "frag_ratios": [1.0, 1.5, 2.0], "frag_orders": [4],
                    "zswap_shares": [0.0, 0.5, 1.0], "fleet_hosts": 300, "zswap_host_weights": [0.0, 0.5, 1.0],
                    "steady_pool_over_live": [0.25, 1.0], "steady_events": 5000},
    "06_time": {"n_faults": 5000, "trace_seeds": [1], "cpu_counts": [1, 8]},
    "07_reclaim_paths": {"reclaim_cpus": [2, 52]},
}


@pytest.fixture(scope="session")
def smoke_reports(tmp_path_factory):
    """Every notebook built once with SMOKE parameters through the runner `make report` uses, into
    one folder with its findings index: the notebook tests and the browser tests read it."""
    from swapmodel.report import runner

    out = tmp_path_factory.mktemp("reports")
    for nb in runner.notebooks():
        figures = out / nb.stem
        figures.mkdir()
        runner.execute(nb, {"interactive": False, "out_dir": str(figures), **SMOKE.get(nb.stem, {})},
                       out / f"{nb.stem}.html", timeout_s=300)
    runner.write_index(out)
    return out


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
