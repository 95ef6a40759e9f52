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
3. This machine's load latency per cache level and DRAM (pointer chasing), recorded under
   data/kernel/live/ with --live: the step prices of the time questions.
4. Steady state on a 64 GiB device (6 million folio swap-outs, half order 0, half order 4, half of
   them freed page by page, 80 % fill): nanoseconds per allocator event (one folio_alloc_swap() or
   swap_entries_free() call, as `allocator_events` counts them; best of two runs, start-up
   included), the same over the difference of a 6- and a 3-million-event run (start-up and
   warm-up cancel), both against the DRAM latency measured in step 3 of the same run (target: at
   most 2 DRAM loads per event); and the cache lines an event touches, counted from the access
   pattern of the layout (see `steady_lines_per_event`).
"""

import argparse
import time

import numpy as np

from swapmodel.analysis.simulate import simulate_churn

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

    from swapmodel.kernel import memory_latency
    from swapmodel.sources import kernel_records

    latency = memory_latency.measure()
    if args.live:
        kernel_records.write_live_record("latency", latency)
    print(f"load latency on {latency['machine']['cpu']} ({latency['pages']}): "
          + ", ".join(f"{k} {v:.1f} ns" for k, v in latency["latency_ns"].items()), flush=True)
    dram_ns = latency["latency_ns"]["DRAM"]

    long_s, long_run = steady_seconds(STEADY_EVENTS)
    short_s, short_run = steady_seconds(STEADY_EVENTS // 2)
    events = long_run.params["allocator_events"]
    per_event = long_s / events * 1e9
    marginal = (long_s - short_s) / (events - short_run.params["allocator_events"]) * 1e9
    lines = steady_lines_per_event(long_run)
    print(f"steady state, 64 GiB device: {events:,} allocator events in {long_s:.2f} s = {per_event:.0f} ns per "
          f"event, {per_event / dram_ns:.2f} DRAM loads ({dram_ns:.0f} ns) per event (target at most 2); "
          f"{marginal:.0f} ns per event over the last {STEADY_EVENTS // 2:,} swap-outs = {marginal / dram_ns:.2f} DRAM "
          f"loads; ten million events take {per_event * 1e-2:.2f} s", flush=True)
    print("cache lines per allocator event: " + ", ".join(f"{k} {v:.2f}" for k, v in lines.items()))


STEADY_EVENTS = 6_000_000


def steady_seconds(events: int, repeats: int = 2):
    """Best wall time of `repeats` steady-state runs on a 64 GiB device (the simulator's own
    allocator API, a static linux-6.18 device), and the last run."""
    from swapmodel.allocator import SpacePolicy, SteadyParams, run_steady_state

    params = SteadyParams(device_mib=64 * 1024, events=events, window=1_000_000, target_fill=0.8,
                          page_free_fraction=0.5, order_mix={0: 0.5, 4: 0.5}, seed=1)
    run_steady_state(SteadyParams(device_mib=16, events=2000, window=1000), SpacePolicy())  # compile
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run = run_steady_state(params, SpacePolicy())
        best = min(best, time.perf_counter() - start)
    return best, run


def steady_lines_per_event(run) -> dict:
    """Cache lines of the simulator's state one allocator event touches, counted from the layout's
    access pattern and the run's own counts, by where the lines live on a 64 GiB device:

    - calendar (256 MiB, DRAM): one random 64-byte bucket line written per record scheduled, and
      per record that overflowed its line one overflow node written and read again;
    - calendar read (DRAM, sequential: the bucket of each event in turn, prefetched);
    - slot bitmaps (4 MiB, two bits per slot, free and cache-only words interleaved: last-level
      cache) and cluster records (640 KiB, 20 bytes each: second-level cache): one bitmap line and
      one cluster record per free or allocation (the scan of the per-CPU cluster reads the words
      after its cached offset, mostly the same line).
    No per-slot array beyond the bitmaps is touched without zswap or cache-only slots.
    """
    events = run.params["allocator_events"]
    cal = run.calendar
    random_dram = (cal["records"] + 2 * cal["overflow_records"]) / events
    streamed = cal["trace_events"] / events
    return {"DRAM random (calendar)": random_dram, "DRAM sequential (calendar read)": streamed,
            "last-level cache (bitmaps)": 1.0, "L2 (cluster records)": 1.0,
            "DRAM total": random_dram + streamed}


if __name__ == "__main__":
    main()
