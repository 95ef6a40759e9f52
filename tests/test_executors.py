"""A seed gives the same result on every executor: serial, threads, processes and dask.distributed."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from swapmodel.analysis.simulate import simulate_churn, simulate_steady
from swapmodel.analysis.sweep import sweep


def _run(kind: str, seed: int) -> list:
    if kind == "churn":
        return [r["fallback_pct"] for r in simulate_churn(iterations=6, seed=seed).iterations()]
    result = simulate_steady(device_mib=16, events=6000, window=2000, seed=seed, page_free_fraction=0.7,
                             cache_only_fraction=0.3, zswap_pool_mib=4, design="vswap-v3")
    return [sorted(w.items()) for w in result.windows] + [int(result.run.snapshots.sum())]


GRID = [{"kind": k, "seed": s} for k in ("churn", "steady") for s in (1, 2)]


@pytest.fixture(scope="module")
def serial():
    return sweep(_run, GRID)


def test_seeds_differ_and_repeat(serial):
    assert serial[0] != serial[1] and serial[2] != serial[3]
    assert sweep(_run, GRID[:1]) == serial[:1]


@pytest.mark.parametrize("make", [lambda: ThreadPoolExecutor(2), lambda: ProcessPoolExecutor(2)], ids=["threads", "processes"])
def test_concurrent_futures_match_serial(serial, make):
    with make() as ex:
        assert sweep(_run, GRID, ex) == serial


def test_dask_local_cluster_matches_serial(serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert sweep(_run, GRID, client.get_executor()) == serial
    assert np.isfinite(serial[0]).all()


def test_a_fill_sweep_table_on_a_local_cluster_equals_the_serial_table():
    pytest.importorskip("distributed")
    from swapmodel.analysis.fragmentation import fill_sweep
    from swapmodel.analysis.sweep import executor_from

    args = dict(ratios=[1.0, 1.5], orders=[4], seeds=[1, 2], iterations=6, region_mib=16.0, aligned=False)
    serial = fill_sweep(**args)
    with executor_from("local", workers=2) as ex:
        parallel = fill_sweep(**args, executor=ex)
    assert parallel.equals(serial)


def test_unknown_executor_is_a_parameter_error():
    from swapmodel.analysis.sweep import executor_from
    from swapmodel.base.errors import ParameterError

    with pytest.raises(ParameterError, match="executor='cluster'"):
        with executor_from("cluster"):
            pass
