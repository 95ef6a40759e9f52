"""Benchmark of the allocator simulator; prints its figures (run with `make bench`).

1. Allocator events (allocation and free calls) per second on a 64 GiB device in steady state,
   and the wall time of the first ten million events (target: under 10 s).
2. Wall time of the churn workload (64 MiB device, 60 MiB of 64 KiB folios, 100 iterations) under
   both rule sets; `swapmodel kernel measure churn` times the real kernel on the same workload,
   and notebook 03 puts the two side by side (target: simulator at least 50 times faster).
"""

import time

from swapmodel.allocator import core, simulate_churn, simulate_steady


def main():
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

    for rules in ("linux-6.18", "linux-6.12"):
        start = time.perf_counter()
        churn = simulate_churn(device_mib=64, region_mib=60, order=4, iterations=100, seed=1, rules=rules)
        elapsed = time.perf_counter() - start
        print(f"churn test, {rules} rules: 100 iterations in {elapsed:.3f} s "
              f"({churn.params['allocator_events']:,} allocator events, {churn.params['allocator_events'] / elapsed:,.0f}/s)")


if __name__ == "__main__":
    main()
