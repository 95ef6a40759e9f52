"""swapmodel: the swap-entry debate's designs priced on one workload.

Start with `swapmodel answers` (every question of the thread, its status and answer) or
`swapmodel designs`; `report` rebuilds the HTML reports, `kernel` reads and measures this kernel,
`simulate` runs the swap slot allocator, `size` and `swapoff predict` answer one host's question."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from swapmodel.base.errors import ParameterError, check_range


def _designs(args) -> None:
    from swapmodel.sources.designs import design_rules, has_virtual_layer, load_catalogue

    catalogue = load_catalogue()
    rows = [
        {"design": d.name, "display_name": d.display_name, "date": d.date, "status": d.status,
         "states": ",".join(d.states), "claimed ledgers": ",".join(d.claimed) or "-", "title": d.title}
        for d in catalogue.values()
    ]
    if args.json:
        for row in rows:
            d = catalogue[row["design"]]
            row.update(authors=list(d.authors), series=d.series, link=d.link, source=d.source,
                       merged_in=d.merged_in or None, status_note=d.status_note, basis=d.basis)
            if has_virtual_layer(catalogue[row["design"]]):
                row["rules"] = [r.to_json() for r in design_rules(row["design"])]
        print(json.dumps(rows, indent=2))
    else:
        print(pd.DataFrame(rows).to_string(index=False))


def _price_patch(args) -> None:
    from swapmodel.analysis.price_patch import format_text, price_patch

    result = price_patch(args.patch, args.arch, args.base)
    print(json.dumps(result, indent=2) if args.json else format_text(result))


def _claims(args) -> None:
    from swapmodel.analysis.claims import evaluate_all, headline

    rows = evaluate_all()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    df = pd.DataFrame(rows)[["id", "basis", "unit", "published", "reproduced", "full_swap_layer", "full_with_payload",
                             "matches"]]
    df["matches"] = df["matches"].map({True: "yes", False: "NO", None: "measured"})
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 48):
        print(df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print("\n" + headline(rows) + " 'full_swap_layer' prices the same case with the full ledger, swap layer only; "
          "'full_with_payload' adds zswap_entry, handle and zswap tree.")


def _states(args) -> None:
    from swapmodel.model.cost import per_state_table

    table = per_state_table(args.design or None, ledger=args.ledger, folio_pages=args.folio_pages)
    if args.json:
        print(table.reset_index().to_json(orient="records", indent=2))
    else:
        with pd.option_context("display.width", 200):
            print(f"bytes per page (ledger: {args.ledger})")
            print(table.round(2).to_string())


def _cost(args) -> None:
    from swapmodel.model.cost import cost
    from swapmodel.sources.designs import get_design
    from swapmodel.base.geometry import MIB_BYTES, slots_from_gib
    from swapmodel.model.occupancy import scenario

    mix = {}
    for item in args.mix.split(","):
        state, _, frac = item.partition("=")
        try:
            mix[state.strip()] = float(frac)
        except ValueError:
            raise ParameterError(f"--mix: expected state=fraction pairs like zswap=0.7,disk=0.3, got {item!r}") from None
    occ = scenario(slots_from_gib(args.swap_gib), args.used, mix, placement=args.placement)
    b = cost(get_design(args.design), occ, ledger=args.ledger)
    frame = b.frame()[["component", "space", "unit", "bytes", "source"]]
    frame["MiB"] = frame["bytes"] / MIB_BYTES
    if args.json:
        print(frame.to_json(orient="records", indent=2))
    else:
        with pd.option_context("display.width", 220, "display.max_colwidth", 70):
            print(frame[["component", "space", "unit", "MiB", "source"]].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        print(f"total: {b.total_bytes[0] / MIB_BYTES:.3f} MiB")


def _kernel_sizes(args) -> None:
    from swapmodel.kernel.btf import BTF
    from swapmodel.kernel.snapshot import struct_sizes

    sizes = struct_sizes(BTF.from_path(args.btf))
    if args.json:
        print(json.dumps(sizes, indent=2))
    else:
        for name, size in sizes.items():
            print(f"{name:28s} {'absent' if size is None else size}")


def _kernel_snapshot(args) -> None:
    from pathlib import Path

    from swapmodel.kernel import snapshot
    from swapmodel.sources import kernel_records

    path = kernel_records.write_snapshot(snapshot.take(args.btf), Path(args.out) if args.out else None)
    print(f"wrote {path}")


def _kernel_diff(args) -> None:
    from pathlib import Path

    from swapmodel.analysis.validation import catalogue_diff
    from swapmodel.kernel import snapshot
    from swapmodel.sources import kernel_records

    snap = kernel_records.read_snapshot(Path(args.snapshot)) if args.snapshot else snapshot.take(args.btf)
    rows = catalogue_diff(snap)
    frame = pd.DataFrame(rows)
    if args.json:
        print(frame.to_json(orient="records", indent=2))
    else:
        print(f"catalogue against {snap['kernel_release']} (equal: None = not comparable on this kernel)")
        print(frame.to_string(index=False))
    if any(r["equal"] is False for r in rows):
        raise ParameterError("the catalogue disagrees with this kernel on the rows marked False")


def _simulate_churn(args) -> None:
    from swapmodel.allocator.params import ChurnParams, options_from_args
    from swapmodel.analysis.simulate import SMALL_FOLIOS, simulate_churn

    given = options_from_args(ChurnParams, args)
    small = dict(SMALL_FOLIOS[given.get("workload", "tools-mm")]) if args.small_folios else {}
    result = simulate_churn(design=args.design, **{**small, **given})
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return
    frame = pd.DataFrame(result.iterations())
    p = result.params
    small = f", {p['small_mib']:g} MiB small folios" if p["small_mib"] else ""
    print(f"churn: {p['region_mib']:g} MiB of order-{p['order']} folios on a {p['device_mib']:g} MiB device, "
          f"design {args.design}, {p['rules']} rules{', aligned swap-in' if p['aligned'] else ''}{small}, "
          f"workload {p['workload']}, seed {p['seed']}")
    print(frame.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print("final occupancy:", json.dumps(result.final))


def _simulate_steady(args) -> None:
    from swapmodel.allocator.params import SteadyParams, options_from_args
    from swapmodel.analysis.simulate import simulate_steady

    result = simulate_steady(design=args.design, **options_from_args(SteadyParams, args))
    if args.json:
        print(json.dumps({"params": result.params, "windows": result.windows}, indent=2))
    else:
        print(pd.DataFrame(result.windows).to_string(index=False, float_format=lambda x: f"{x:.3f}"))


def _size(args) -> None:
    from swapmodel.analysis.sizing import SIZING_DESIGNS, size_for

    table = size_for(args.ram_gib, args.compression, args.cold_share, args.backend, args.target_fallback,
                     args.pool_percent, args.order, args.large_swapin, tuple(args.design or SIZING_DESIGNS))
    if args.json:
        print(json.dumps(json.loads(table.to_json(orient="records")), indent=2))
    else:
        print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}", na_rep="-"))


def _power(args) -> None:
    from swapmodel.analysis.power import assess, from_values
    from swapmodel.sources.benchmarks import Arm, Comparison

    if args.values:
        a, b = from_values(*(_read_values(f) for f in args.values))
        for arm, name in zip((a, b), args.values):
            if not arm.spread > 0:
                raise ParameterError(f"--values {name}: every run has the same value (spread 0); a t-test needs spread")
    elif args.mean and args.sd and args.runs:
        check_range("--mean", args.mean)
        a, b = (Arm(label, m, s, n, False) for label, m, s, n in zip(("a", "b"), args.mean, args.sd, args.runs))
        for arm in (a, b):
            if not arm.spread > 0:
                raise ParameterError(f"--sd={arm.spread!r} must be a finite number above 0")
            check_range("--sd", arm.spread, 0)
            check_range("--runs", arm.runs, 2)
    else:
        raise ParameterError("power: give --mean A B --sd SA SB --runs NA NB, or --values FILE_A FILE_B")
    row = assess(Comparison("cli", "", "", "", "", "", "", a, b, "", ""))
    keep = ("runs", "difference", "difference_pct", "welch_p", "power_at_runs", "runs_needed", "resolved")
    out = {k: row[k] for k in keep}
    print(json.dumps(out, indent=2) if args.json else "\n".join(f"{k}: {v:.4g}" if isinstance(v, float) else f"{k}: {v}"
                                                               for k, v in out.items()))


def _swapoff_predict(args) -> None:
    from swapmodel.analysis.swapoff import predict_swapoff

    seconds = predict_swapoff(args.backing, args.swapped_mib, args.sharing, args.resident_mib)
    print(json.dumps({"predicted_s": seconds}) if args.json else f"predicted swapoff: {seconds:.3f} s")


def _read_values(path: str) -> list[float]:
    """Per-run values, one number per line (blank lines and # comments skipped)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as e:
        raise ParameterError(f"--values {path!r}: cannot read ({e.strerror})") from None
    values = []
    for i, line in enumerate(lines, 1):
        line = line.split("#")[0].strip()
        if line:
            try:
                values.append(float(line))
            except ValueError:
                raise ParameterError(f"--values {path!r} line {i}: {line!r} is not a number") from None
    return values


def _kernel_measure(args) -> None:
    from swapmodel.kernel import experiments
    from swapmodel.sources import kernel_records

    if args.experiment == "churn":
        from swapmodel.allocator import ChurnParams

        # the record the simulator takes: a live run and a simulated one share their parameters
        record = experiments.churn_zram(ChurnParams(
            device_mib=args.device_mib, region_mib=args.region_mib, order=args.order, iterations=args.iterations,
            seed=args.seed, aligned=args.aligned, mthp_swapin=args.large_swapin,
            small_mib=4 if args.small_folios else 0))
    elif args.experiment == "selftest":
        if not args.binary:
            raise ParameterError("selftest needs --binary: a build of thp_swap_allocator_test (see README)")
        flags = tuple(f for f, on in (("-a", args.aligned), ("-s", args.small_folios)) if on)
        record = experiments.selftest_zram(args.binary, args.variant, flags, args.device_mib)
    elif args.experiment == "swapoff":
        from swapmodel.kernel import swapoff

        record = swapoff.measure(repeats=args.repeats, seed=args.seed)
    elif args.experiment == "free":
        from swapmodel.kernel import free_time

        record = free_time.measure(repeats=args.repeats, seed=args.seed)
    elif args.experiment == "disk-latency":
        from swapmodel.kernel import swapoff

        record = swapoff.read_latency(seed=args.seed)
    elif args.experiment == "minor-fault":
        from swapmodel.kernel import swapoff

        # stored with the swapoff records, which notebook 06 reads it beside (analysis.swapoff.minor_fault_ns)
        record = {**swapoff.minor_fault_cost(repeats=args.repeats, seed=args.seed), "experiment": "minor-fault"}
        path = kernel_records.write_live_record("swapoff", record)
        print(json.dumps(record, indent=1)[:4000])
        print(f"wrote {path}")
        return
    elif args.experiment == "compressibility":
        from swapmodel.kernel import compressibility

        record = compressibility.measure(mib=args.workload_mib, seed=args.seed)
    elif args.experiment == "static":
        record = experiments.static_metadata(tuple(args.sizes_mib))
    else:
        record = experiments.zswap_entries(n_pages=args.pages, random_bytes=args.random_bytes, seed=args.seed)
    path = kernel_records.write_live_record(args.experiment, record)
    print(json.dumps(record, indent=1)[:4000])
    print(f"wrote {path}")


def _kernel_latency(args) -> None:
    from swapmodel.kernel import memory_latency
    from swapmodel.sources import kernel_records

    record = memory_latency.measure()
    if args.record:
        print(f"wrote {kernel_records.write_live_record('latency', record)}")
    print(json.dumps(record, indent=1))


def _kernel_restore(args) -> None:
    from swapmodel.kernel import experiments

    done = experiments.recover_leftovers()
    print("\n".join(done) or "nothing to restore")


def _report(args) -> None:
    from pathlib import Path

    from swapmodel.base import paths
    from swapmodel.report.parameters import resolve
    from swapmodel.report.runner import build_reports

    params = {}
    for name, value in args.parameter or []:
        if name in params:
            raise ParameterError(f"-p {name}: given twice; give each parameter once")
        params[name] = resolve(name, value)
    build_reports(only=args.notebook or None, out_dir=Path(args.out) if args.out else paths.REPORTS,
                  parameters=params, executor=args.executor)


def _answers(args) -> None:
    from pathlib import Path

    from swapmodel.base import paths
    from swapmodel.sources.questions import STATUSES, gap_label, merged_answers

    reports = Path(args.reports) if args.reports else paths.REPORTS
    if not reports.is_dir():
        raise ParameterError(f"--reports {reports}: no such folder")
    if not any(reports.glob("*/answers.json")):
        raise ParameterError(f"--reports {reports}: holds no <notebook>/answers.json; run swapmodel report first")
    rows = merged_answers(reports)
    if args.json:
        print("swapmodel: answers --json is deprecated; use --format json", file=sys.stderr)
    if args.json or args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if args.format == "text":
        from swapmodel.report.mailtext import findings_text

        sys.stdout.write(findings_text(rows))
        return
    for r in rows:
        numbers = "; ".join(f"{v.get('label', '') + ': ' if v.get('label') else ''}{v['value']:.4g} {v['unit']}"
                            for v in r["values"])
        print(f"{r['id']:>5}  {r['status']:<12} {r['question']}")
        if r["answer"]:
            print(f"{'':19}{r['answer']}")
        if r.get("gap"):
            print(f"{'':19}{gap_label(r['status'])}: {r['gap']}")
        if numbers:
            print(f"{'':19}[{numbers}]  ({r['report']}#{r['anchor']})")
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
    print("\n" + ", ".join(f"{n} {s}" for s, n in counts.items()) + f" of {len(rows)} questions")


def _json_flag(p) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every subcommand with its options and their help."""
    parser = argparse.ArgumentParser(prog="swapmodel", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("designs", help="the design catalogue: each design's base, date, status, states and ledgers")
    _json_flag(p)
    p.set_defaults(func=_designs)

    p = sub.add_parser("price-patch", help="size the structs a posted patch or mbox adds or changes (C layout rules, "
                       "kernel types from this kernel's BTF) and price them against the catalogue")
    p.add_argument("patch", help="a patch or mbox file as posted (or a C file)")
    p.add_argument("--arch", default="x86_64", choices=["x86_64", "arm64-16k", "arm64-64k"],
                   help="page size and SWAPFILE_CLUSTER to size for (default x86_64, 4 KiB pages)")
    p.add_argument("--base", help="the catalogue design the patch is based on (default: the newest design with a "
                   "component built from one of the structs)")
    _json_flag(p)
    p.set_defaults(func=_price_patch)

    p = sub.add_parser("claims", help="every published overhead claim: the published figure, reproduced from its "
                       "ledger, and priced with the full ledgers")
    _json_flag(p)
    p.set_defaults(func=_claims)

    p = sub.add_parser("states", help="bytes per page in each entry state, for every design")
    p.add_argument("--design", action="append", help="limit to this design, a catalogue id (repeatable)")
    p.add_argument("--ledger", default="full", help="'full', or the name of a ledger a claimant published")
    p.add_argument("--folio-pages", type=int, default=16,
                   help="pages per large folio, for per-folio components (pages, 1 to 512; default 16 = 64 KiB)")
    _json_flag(p)
    p.set_defaults(func=_states)

    p = sub.add_parser("cost", help="component breakdown of one design on one swap scenario")
    p.add_argument("--design", required=True, help="a catalogue id (swapmodel designs)")
    p.add_argument("--ledger", default="full", help="'full', or the name of a ledger a claimant published")
    p.add_argument("--swap-gib", type=float, default=32, help="provisioned swap space (GiB, > 0)")
    p.add_argument("--used", type=float, default=1.0, help="used fraction of the swap space, 0 to 1")
    p.add_argument("--mix", default="zswap=1", help="state=fraction pairs, e.g. zswap=0.7,disk=0.3")
    p.add_argument("--placement", default="dense", choices=["dense", "random"],
                   help="used entries packed into the fewest clusters, or placed at random over the space")
    _json_flag(p)
    p.set_defaults(func=_cost)

    simulate = sub.add_parser("simulate", help="Monte-Carlo runs of the swap slot allocator").add_subparsers(
        dest="simulate_command", required=True)
    # every option of a run parameter comes from its declaration in swapmodel/allocator/params.py
    from swapmodel.allocator.params import ChurnParams, SteadyParams, add_options

    p = simulate.add_parser("churn", help="the churn test (Barry Song's thp_swap_allocator_test, any order)",
                            description="The churn workload on a design's swap space; every option is a "
                                        "ChurnParams field (swapmodel/allocator/params.py).")
    p.add_argument("--design", default="linux-6.18", help="design of the catalogue (swapmodel designs); "
                   "default linux-6.18")
    p.add_argument("--small-folios", action="store_true",
                   help="the test's -s: its region of small folios (4 MiB, 1 MiB swapped in per iteration; "
                        "kernel-selftest 1 MiB, 0.75 MiB); --small-mib and --small-swapin-mib override")
    add_options(p, ChurnParams)
    _json_flag(p)
    p.set_defaults(func=_simulate_churn)
    p = simulate.add_parser("steady", help="steady state: order mix, lifetimes, target fill, optional zswap",
                            description="The steady-state workload on a design's swap space; every option is a "
                                        "SteadyParams field (swapmodel/allocator/params.py).")
    p.add_argument("--design", default="linux-6.18", help="design of the catalogue (swapmodel designs); "
                   "default linux-6.18")
    add_options(p, SteadyParams)
    _json_flag(p)
    p.set_defaults(func=_simulate_steady)

    kernel = sub.add_parser("kernel", help="read this kernel: BTF sizes, snapshots, catalogue check").add_subparsers(
        dest="kernel_command", required=True)
    p = kernel.add_parser("sizes", help="struct sizes from BTF")
    p.add_argument("--btf", default="/sys/kernel/btf/vmlinux", help="a BTF file (default: this kernel's)")
    _json_flag(p)
    p.set_defaults(func=_kernel_sizes)
    p = kernel.add_parser("snapshot", help="write BTF sizes, slab geometry and config to data/kernel/")
    p.add_argument("--btf", default="/sys/kernel/btf/vmlinux", help="a BTF file (default: this kernel's)")
    p.add_argument("--out", help="output file (default data/kernel/<release>.json)")
    p.set_defaults(func=_kernel_snapshot)
    p = kernel.add_parser("diff", help="catalogue constants against the running kernel or a snapshot")
    p.add_argument("--btf", default="/sys/kernel/btf/vmlinux", help="a BTF file (default: this kernel's)")
    p.add_argument("--snapshot", help="compare with this snapshot file instead of the running kernel")
    _json_flag(p)
    p.set_defaults(func=_kernel_diff)
    p = kernel.add_parser("measure", help="opt-in live experiment (root; restores every knob it touches)")
    p.add_argument("experiment", choices=["churn", "selftest", "static", "zswap", "compressibility", "swapoff",
                                          "disk-latency", "minor-fault", "free"],
                   help="what to measure (zswap last: enabling it disables large-folio swap-in until reboot)")
    p.add_argument("--binary", help="selftest: a build of thp_swap_allocator_test, made outside this repository")
    p.add_argument("--variant", choices=["posted-v1", "mainline"], default="posted-v1",
                   help="selftest: which version of the program --binary was built from")
    p.add_argument("--small-folios", action="store_true",
                   help="selftest: pass -s; churn: a 4 MiB region of small folios as mainline's -s")
    p.add_argument("--device-mib", type=int, default=64, help="churn, selftest: the zram device (MiB)")
    p.add_argument("--region-mib", type=int, default=60, help="churn: the test's region of large folios (MiB)")
    p.add_argument("--order", type=int, default=4, help="churn: the mTHP order swapped out (1 to 9)")
    p.add_argument("--iterations", type=int, default=30, help="churn: swap-out and swap-in rounds (>= 1)")
    p.add_argument("--aligned", action="store_true", help="churn: swap in whole aligned 2**order-page chunks")
    p.add_argument("--large-swapin", action="store_true", help="churn: let 6.18 swap in whole large folios")
    p.add_argument("--sizes-mib", type=int, nargs="+", default=[1024, 4096, 16384, 65536],
                   help="static: swap device sizes swapped on, one at a time (MiB)")
    p.add_argument("--pages", type=int, default=65536, help="zswap: pages stored")
    p.add_argument("--random-bytes", type=int, default=1024, help="zswap: random bytes per page (the rest zero)")
    p.add_argument("--repeats", type=int, default=2, help="swapoff, free, minor-fault: runs per configuration [1, 20]")
    p.add_argument("--workload-mib", type=int, default=256,
                   help="compressibility: anonymous memory each program builds (MiB)")
    p.add_argument("--seed", type=int, default=1, help="seed of the workload's page contents and order (>= 0)")
    p.set_defaults(func=_kernel_measure)
    p = kernel.add_parser("latency", help="load latency of this machine's caches and DRAM (pointer chasing)")
    p.add_argument("--record", action="store_true", help="also store it under data/kernel/live/")
    p.set_defaults(func=_kernel_latency)
    p = kernel.add_parser("restore", help="undo what a killed live experiment left behind")
    p.set_defaults(func=_kernel_restore)

    p = sub.add_parser("size", help="what to provision on one host, per design: device size, metadata, fallback")
    p.add_argument("--ram-gib", type=float, required=True, help="the host's memory (GiB, > 0)")
    p.add_argument("--compression", type=float, required=True, help="compression ratio of the anonymous memory (>= 1)")
    p.add_argument("--cold-share", type=float, default=0.25, help="share of RAM swapped out (0 to 1)")
    p.add_argument("--backend", default="zswap", help="zswap, zram or swapfile")
    p.add_argument("--target-fallback", type=float, default=1.0,
                   help="largest share of mTHP swap-outs allowed not to leave whole (%%)")
    p.add_argument("--pool-percent", type=float, default=20.0, help="zswap max_pool_percent (%%, 0 to 100)")
    p.add_argument("--order", type=int, default=4, help="mTHP order swapped out (1 to 9)")
    p.add_argument("--large-swapin", action="store_true", help="large folios swap in whole")
    p.add_argument("--design", action="append", help="a catalogue id (repeatable); default: the thread's seven")
    _json_flag(p)
    p.set_defaults(func=_size)
    p = sub.add_parser("power", help="can this many runs resolve this difference? (Welch's t, runs for 80 %% power)")
    p.add_argument("--mean", type=float, nargs=2, metavar=("A", "B"), help="the two arms' means (any unit)")
    p.add_argument("--sd", type=float, nargs=2, metavar=("SA", "SB"),
                   help="the two arms' standard deviations (not standard errors; > 0)")
    p.add_argument("--runs", type=int, nargs=2, metavar=("NA", "NB"), help="runs in each arm (>= 2)")
    p.add_argument("--values", nargs=2, metavar=("FILE_A", "FILE_B"), help="per-run values, one per line")
    _json_flag(p)
    p.set_defaults(func=_power)
    p = sub.add_parser("swapoff", help="Linux 6.18 swapoff on this kernel").add_subparsers(
        dest="swapoff_command", required=True).add_parser(
        "predict", help="the fitted model's swapoff time for pages swapped out in address order, swap cache evicted")
    p.add_argument("--backing", required=True, help="zram or disk (a swapfile on this VM's root file system)")
    p.add_argument("--swapped-mib", type=float, required=True, help="swapped memory (MiB)")
    p.add_argument("--sharing", type=float, required=True, help="processes mapping each swapped page")
    p.add_argument("--resident-mib", type=float, default=0.0, help="anonymous memory each process keeps resident (MiB)")
    _json_flag(p)
    p.set_defaults(func=_swapoff_predict)
    p = sub.add_parser("report", help="execute the notebooks (defaults, or one with -p NAME VALUE) and write reports/")
    p.add_argument("--notebook", action="append", help="only this notebook stem (repeatable)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="papermill-style parameter for the one notebook chosen (repeatable)")
    p.add_argument("--out", help="output folder (default reports/)")
    p.add_argument("--executor", help="where heavy sweeps run: serial (default), local (a dask LocalCluster) "
                   "or a dask scheduler address such as tcp://host:8786")
    p.set_defaults(func=_report)

    p = sub.add_parser("answers", help="every question of the registry with its status (answered, disagrees, "
                       "partial, open, out-of-scope), answer and validation, from the executed notebooks")
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # old spelling of --format json
    p.add_argument("--format", choices=["table", "text", "json"], default="table",
                   help="table (default); text: ASCII, 72 columns, numbered links, to paste into a mailing-list "
                        "reply; json: one record per question")
    p.add_argument("--reports", help="folder of built reports (default reports/)")
    p.set_defaults(func=_answers)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    from swapmodel.kernel.state import StateRefused
    from swapmodel.report.runner import NotebookError

    try:
        args.func(args)
    except ParameterError as e:
        print(f"swapmodel: error: {e}", file=sys.stderr)
        return 2
    except StateRefused as e:  # a live run whose state at clock start was wrong: one line, nothing recorded
        print(f"swapmodel: refused: {e}", file=sys.stderr)
        return 1
    except NotebookError as e:
        print(f"swapmodel: notebook failed: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # a full disk, a read-only file system, a vanished folder: one line
        where = f"{e.filename}: " if e.filename else ""
        print(f"swapmodel: error: {where}{e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
