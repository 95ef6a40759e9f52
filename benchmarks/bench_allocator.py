"""Benchmark of the allocator simulator; prints its figures (run with `make bench`, or
`make bench-live` as root to time the kernel in the same run).

1. Churn (64 MiB zram-sized device, 60 MiB of 64 KiB folios) for both swap-in variants: page by
   page, and whole large folios (mthp_swapin; what 6.18 does on zram until zswap is first
   enabled). The simulator's time per iteration is the difference of a 300- and a 100-iteration
   run divided by 200, so start-up and compilation cancel. The kernel's is the mean per-iteration
   time of the same variant on zram: measured now with --live (root; every knob restored), else
   the latest recorded run in data/kernel/live/. Target: the simulator at least 100 times faster.
2. The two-layer simulation (vswap-v3 over the same device) against the one-layer one (target:
   at most twice the time per iteration).
3. Steady state on a 64 GiB device: allocator events per second and the wall time of ten million
   events (target: under 5 s).
4. This machine's load latency per cache level and DRAM (pointer chasing), recorded under
   data/kernel/live/ with --live: the step prices of the time questions.
"""

import argparse
import time

import numpy as np

from swapmodel.analysis.simulate import simulate_churn, simulate_steady

VARIANTS = {"page by page": {}, "whole large folios": {"mthp_swapin": True}}


def _best(n: int, repeats: int = 3, **kwargs) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        simulate_churn(iterations=n, seed=1, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best


def per_iteration_s(**kwargs) -> float:
    """Simulator seconds per churn iteration: (t(300) - t(100)) / 200, best of three each."""
    simulate_churn(iterations=2, **kwargs)  # compile outside the timing
    return (_best(300, **kwargs) - _best(100, **kwargs)) / 200


def kernel_per_iteration_s(large_swapin: bool, live: bool):
    from swapmodel.kernel import experiments
    from swapmodel.sources import kernel_records

    if live:
        from swapmodel.allocator import ChurnParams

        # the record the simulator takes: the live run and the simulated one share their parameters
        record = experiments.churn_zram(ChurnParams(device_mib=64, region_mib=60, order=4, iterations=30, seed=1,
                                                    mthp_swapin=large_swapin))
        kernel_records.write_live_record("churn", record)
    else:
        runs = [r for r in kernel_records.load_live_records("churn")
                if r["settings"]["order"] == 4 and not r["settings"].get("aligned")
                and bool(r["settings"].get("large_folio_swapin")) == large_swapin
                and all("seconds" in x for x in r["iterations"])]
        record = runs[-1] if runs else None
    if record is None:
        return None, None
    return float(np.mean([x["seconds"] for x in record["iterations"]])), record


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--live", action="store_true", help="time the kernel on zram now (root)")
    args = parser.parse_args()

    single = {}
    for name, kwargs in VARIANTS.items():
        sim = per_iteration_s(**kwargs)
        single[name] = sim
        kernel, record = kernel_per_iteration_s(name == "whole large folios", args.live)
        line = f"churn, {name}: simulator {sim * 1e3:.3f} ms per iteration"
        if kernel is None:
            line += "; no kernel run recorded for this variant (run make bench-live as root on a fresh boot)"
        else:
            source = "measured now" if args.live else f"recorded {record['taken_at_utc']}"
            line += (f"; kernel {record['kernel_release']} {kernel * 1e3:.1f} ms per iteration ({source}); "
                     f"simulator {kernel / sim:.0f} times faster (target 100)")
        print(line, flush=True)

    two = per_iteration_s(design="vswap-v3")
    print(f"two layers (vswap-v3): {two * 1e3:.3f} ms per iteration, {two / single['page by page']:.2f} times the "
          "one-layer run (target at most 2)", flush=True)

    simulate_steady(device_mib=16, events=2000, window=1000)  # compile outside the timing
    start = time.perf_counter()
    result = simulate_steady(device_mib=64 * 1024, events=6_000_000, window=1_000_000, target_fill=0.8,
                             page_free_fraction=0.5, order_mix={0: 0.5, 4: 0.5}, seed=1)
    elapsed = time.perf_counter() - start
    events = result.params["allocator_events"]
    print(f"steady state, 64 GiB device: {events:,} allocator events in {elapsed:.2f} s = {events / elapsed:,.0f} "
          f"events/s; ten million events take {1e7 / (events / elapsed):.2f} s (target < 5 s)", flush=True)

    from swapmodel.kernel import memory_latency
    from swapmodel.sources import kernel_records

    latency = memory_latency.measure()
    if args.live:
        kernel_records.write_live_record("latency", latency)
    print(f"load latency on {latency['machine']['cpu']} ({latency['pages']}): "
          + ", ".join(f"{k} {v:.1f} ns" for k, v in latency["latency_ns"].items()))


if __name__ == "__main__":
    main()
