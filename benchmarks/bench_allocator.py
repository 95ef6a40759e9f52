"""Benchmark of the allocator simulator; prints its figures (run with `make bench`).

1. Allocator events (allocation and free calls) per second on a 64 GiB device in steady state,
   and the wall time of the first ten million events (target: under 10 s).
2. Wall time of the churn workload (64 MiB device, 60 MiB of 64 KiB folios, 100 iterations) under
   both rule sets, against the real kernel on the same workload (target: at least 50 times
   faster). With --live (root) the kernel run happens here, on zram, restoring every setting;
   without it, the latest recorded 100-iteration run in data/kernel/live/ is used.
"""

import argparse
import time

from swapmodel.analysis.simulate import simulate_churn, simulate_steady


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--live", action="store_true", help="time the kernel on zram now (root)")
    args = parser.parse_args()
    simulate_steady(device_mib=16, events=2000, window=1000)  # compile outside the timing
    simulate_churn(iterations=2)
    simulate_churn(iterations=2, rules="linux-6.12")

    start = time.perf_counter()
    result = simulate_steady(device_mib=64 * 1024, events=6_000_000, window=1_000_000, target_fill=0.8,
                             page_free_fraction=0.5, order_mix={0: 0.5, 4: 0.5}, seed=1)
    elapsed = time.perf_counter() - start
    events = result.params["allocator_events"]
    print(f"steady state, 64 GiB device: {events:,} allocator events in {elapsed:.2f} s = "
          f"{events / elapsed:,.0f} events/s; ten million events take {1e7 / (events / elapsed):.2f} s (target < 10 s); "
          f"final fill {result.windows[-1]['fill']:.2f}, order-4 fallback {result.windows[-1]['fallback_pct[4]']:.1f} %")

    simulated = {}
    for rules in ("linux-6.18", "linux-6.12"):
        start = time.perf_counter()
        churn = simulate_churn(device_mib=64, region_mib=60, order=4, iterations=100, seed=1, rules=rules)
        simulated[rules] = time.perf_counter() - start
        print(f"churn test, {rules} rules: 100 iterations in {simulated[rules]:.3f} s "
              f"({churn.params['allocator_events']:,} allocator events, {churn.params['allocator_events'] / simulated[rules]:,.0f}/s)")

    from swapmodel.kernel import experiments
    from swapmodel.sources import kernel_records

    if args.live:
        record = experiments.churn_zram(device_mib=64, region_mib=60, order=4, iterations=100, seed=1)
        kernel_records.write_live_record("churn", record)
    else:
        runs = [r for r in kernel_records.load_live_records("churn") if len(r["iterations"]) >= 100 and r["settings"]["order"] == 4]
        record = runs[-1] if runs else None
    if record is None:
        print("no kernel run recorded: run with --live as root")
        return
    kernel_s = record["wall_seconds"]
    print(f"kernel {record['kernel_release']} ({'now' if args.live else 'recorded ' + record['taken_at_utc']}): "
          f"100 iterations on zram in {kernel_s:.2f} s; simulator (6.18 rules) {kernel_s / simulated['linux-6.18']:.0f} "
          f"times faster (target 50)")


if __name__ == "__main__":
    main()
