"""The answers of notebook 07 (reclaim paths): 7.1-7.6.

Every number is read from a table the notebook saves (reports/07_reclaim_paths/<name>.csv), built by
swapmodel.analysis.reclaim from data/published/reclaim_paths.toml (allocations, code rules, Nhat
Pham's reclaim counters, this VM's /proc/zoneinfo), data/published/benchmarks.toml (the 52-worker
usemem series), data/published/thp_swapin.toml (each design's large-folio swap-in rule) and this
VM's live latency records. `params` supplies the notebook's assumed inputs where an answer names
them (RAM of the small machine, readahead price, lock takes per page, adjacency of written-back
slots).
"""

from __future__ import annotations

import math

import pandas as pd

from swapmodel.base.errors import ParameterError
from swapmodel.report.answers import Answer, Validation, Value, make_answer

NOTEBOOK = "07_reclaim_paths"
TABLES = {"metadata_per_cluster": None, "machine_7_1": None, "watermarks_this_machine": "zone", "reclaim_pass": None,
          "reserve_exposure": None, "reserve_flip": None, "reserve_by_ram": None, "unaccounted_metadata": None,
          "counter_changes": None, "kswapd_share": None, "counter_explanation": None, "hibernation_free": None,
          "latency_inputs": None, "contention_bound": None, "writeback_extra": None,
          "whole_swapin_by_adjacency": None, "whole_swapin_flip": None}
DESIGNS = ("linux-6.18", "vswap-v3", "vswap-v6", "vswap-ste-v2", "p4-rfc-ghost")


def _kib(b: float) -> str:
    return f"{b / 1024:.1f} KiB"


def answer_7_1(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """Metadata allocated inside reclaim, its flags and failure paths, and the min-watermark risk on
    the stated machine as a function of the CPUs reclaiming at once and of the RAM."""
    pc = tables["metadata_per_cluster"].set_index("design")
    m = tables["machine_7_1"].set_index("quantity").value.astype(float)
    ex = tables["reserve_exposure"].set_index(["design", "cpus"])
    fl = tables["reserve_flip"].set_index(["design", "cpus"])
    marks = tables["watermarks_this_machine"]
    clusters = int(tables["reclaim_pass"].clusters.iloc[0])
    n_max = int(m["cpus_max"])
    ram = params["small_ram_mib"]
    thp = "THP off (assumed: not posted)" if m["thp_zones"] == 0 else f"THP on over {int(m['thp_zones'])} zones (assumed)"
    src = tables["machine_7_1"].set_index("quantity").source
    flip_cpus = {d: int(fl.loc[(d, n_max), "cpus_at_which"]) for d in DESIGNS}

    def below(column):
        mib = float(fl.loc[(worst, n_max), column])
        return "at no RAM size" if mib == 0 else "at every RAM size" if math.isinf(mib) else f"only below {mib:.0f} MiB"

    worst = max(DESIGNS, key=lambda d: pc.loc[d, "bytes_per_cluster"])
    frees = float(fl.xs(n_max, level="cpus").cluster_frees_times_metadata.min())
    text = (
        "Opening one cluster (512 pages, 2 MiB swapped out) allocates inside reclaim "
        + ", ".join(f"{d} {_kib(pc.loc[d, 'bytes_per_cluster'])} in {pc.loc[d, 'allocations_per_cluster']:.2f} "
                    "allocations" for d in DESIGNS)
        + f" (a pass of {params['reclaim_mib']:g} MiB: {clusters} clusters). vswap-v3's cluster object is one order-2 "
        "page (kvzalloc GFP_KERNEL, vmalloc if that fails), vswap-v6 splits it into a slab header and a 12 KiB vzalloc "
        "(GFP_KERNEL); p4-rfc-ghost allocates with GFP_ATOMIC (read in its RFC 15/15) and vswap-ste-v2 is assumed to "
        "(read in its first posting of 28 May 2026, not in RFC v2); linux-6.18's swap table uses "
        "__GFP_HIGH | __GFP_NOMEMALLOC and retries sleeping, and the physical swap tables of vswap-v3, vswap-v6 and "
        "vswap-ste-v2 are assumed to keep that rule (not read line by line). On failure every design skips the swap-out: linux-6.18 "
        "returns the cluster to the free list, vswap-v3 and vswap-v6 count vswap_alloc_reject and return -ENOMEM, "
        "vswap-ste-v2 and p4-rfc-ghost return no entry. Only linux-6.18's allocations all carry __GFP_NOMEMALLOC (the "
        "virtual layers' do not), so only it stops at half the min reserve from inside reclaim and the others may take "
        "all of it: true by construction "
        "of the flags as read (data/published/reclaim_paths.toml) and the PF_MEMALLOC rule (mm/page_alloc.c "
        "__gfp_pfmemalloc_flags: 'if (current->flags & PF_MEMALLOC) return ALLOC_NO_WATERMARKS' after the "
        "__GFP_NOMEMALLOC check, read as quoted from v6.19, the same body since v4.15). The machine is a composite "
        "point, not a posted machine: "
        + (f"{ram:g} MiB of RAM and a {m['swap_device_mib']:g} MiB swap device ({src['ram_mib']})"
           if src["ram_mib"] == src["swap_device_mib"] else
           f"{ram:g} MiB of RAM ({src['ram_mib']}) and a {m['swap_device_mib']:g} MiB swap device ({src['swap_device_mib']})")
        + f", {thp}, so its min reserve is "
        f"{m['min_free_kib']:.0f} KiB by calculate_min_free_kbytes (this VM's /proc/zoneinfo min watermarks, read only, "
        "match the kernel's formulas: rows below); its CPU count was not posted, so the CPUs reclaiming at once are the "
        "input. Each opens at most one new cluster per open order before any page it reclaims is freed (the per-CPU "
        "cluster caches), so the metadata held reaches the whole min reserve at "
        + ", ".join(f"{flip_cpus[d]} CPUs for {d}" for d in DESIGNS if d != "linux-6.18")
        + f", and linux-6.18's allocations start failing (swap-out skipped, the reserve kept) at "
        f"{flip_cpus['linux-6.18']} CPUs. At {n_max} CPUs ({src['cpus_max']}) {worst} holds "
        f"{ex.loc[(worst, n_max), 'held_kib']:.0f} KiB, {ex.loc[(worst, n_max), 'share_of_min']:.1%} of the reserve, against "
        f"{ex.loc[('linux-6.18', n_max), 'held_kib']:.0f} KiB for linux-6.18. As a function of RAM at {n_max} CPUs, "
        f"{worst}'s metadata reaches the whole min reserve {below('ram_mib_below_which_thp_off')} with THP off "
        f"({below('ram_mib_below_which_thp_on')} with THP on over 2 zones; tables reserve_flip and reserve_by_ram). The "
        f"{m['swap_device_mib']:g} MiB device has {m['swap_device_clusters']:.0f} clusters, so it does not cap the "
        f"{m['clusters_open_at_cpus_max']:.0f} clusters opened. That each CPU holds one cluster's metadata is the "
        f"modelled rule, not a measurement; each cluster then frees 2 MiB, {frees:.0f} times its metadata or more. "
        "Not priced, so the risk shown is a floor: zswap's own entry and zsmalloc allocations in the same reclaim "
        "context, which every design with zswap makes.")
    values = ([Value(float(pc.loc[d, "bytes_per_cluster"]), "B per cluster", d) for d in DESIGNS]
              + [Value(float(m["min_free_kib"]), "KiB", f"min_free_kbytes, {ram:g} MiB machine"),
                 Value(float(ex.loc[(worst, n_max), "share_of_min"]), "share of the min reserve", f"{worst}, {n_max} CPUs"),
                 Value(float(ex.loc[("linux-6.18", n_max), "share_of_min"]), "share of the min reserve",
                       f"linux-6.18, {n_max} CPUs")]
              + [Value(float(flip_cpus[d]), "CPUs", f"{d}: CPUs at which the metadata held reaches the part of the "
                       f"min reserve it may take, {ram:g} MiB machine") for d in DESIGNS]
              + [Value(float(fl.loc[(worst, n_max), "ram_mib_below_which_thp_off"]), "MiB",
                       f"{worst}, {n_max} CPUs: RAM below which the metadata held reaches the min reserve, THP off"),
                 Value(float(fl.loc[(worst, n_max), "ram_mib_below_which_thp_on"]), "MiB",
                       f"{worst}, {n_max} CPUs: the same, THP on over 2 zones")])
    return make_answer(
        NOTEBOOK, "7.1", text, values,
        "Allocations as read in each design's posted code (data/published/reclaim_paths.toml); vswap-ste-v2 assumed to "
        "allocate as its first posting of 28 May 2026; the PF_MEMALLOC rule (no watermarks without __GFP_NOMEMALLOC) "
        "read in mm/page_alloc.c __gfp_pfmemalloc_flags (as quoted from v6.19) and shown beside the flags-only floor "
        "(table reserve_exposure); zswap's own allocations in reclaim not priced; one new cluster "
        "per CPU and open order before any reclaimed page is freed; free memory at the min watermark when the clusters "
        "open (the point where kswapd and direct reclaim run); the machine's RAM, swap device and THP setting, and the "
        "CPU counts, are inputs (table machine_7_1; curves in reserve_flip and reserve_by_ram).",
        "This kernel's /proc/zoneinfo against the kernel's watermark formulas (rows below).",
        validation=[Validation(f"this VM's min_free_kbytes ({tables['machine_7_1'].set_index('quantity').loc['this_vm_min_free_kib_measured', 'source']})",
                               float(m["this_vm_min_free_kib_measured"]), float(m["this_vm_min_free_kib_formula"]), "KiB")]
        + [Validation(f"this VM's {z} min watermark (/proc/zoneinfo, data/published/reclaim_paths.toml [zoneinfo])",
                      float(marks.loc[z, "min_measured"]), float(marks.loc[z, "min"]), "pages") for z in marks.index],
        evidence=["table metadata_per_cluster", "table allocations_in_reclaim", "table machine_7_1",
                  "table watermarks_this_machine", "table reserve_exposure", "table reserve_flip",
                  "figure metadata_in_reclaim"])


def answer_7_2(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """Which memory cgroup pays for the dynamic metadata."""
    ch = tables["unaccounted_metadata"]
    dense = ch[ch.fill == ch.fill.max()].set_index("design")
    sparse = ch[ch.fill == ch.fill.min()].set_index("design")
    text = (
        "A user-visible change first: in vswap-v6 as read in one branch commit (intel-lab-lkp 03fb548d "
        "vswap_alloc_swap_slot, which calls mem_cgroup_try_charge_swap only when it takes a physical slot; the v6 "
        "cover's own statement on memcg accounting was not read), memory.swap.max no longer bounds zswap or zero "
        "entries, and vswap-ste-v2 (assumed from its first posting, mem_cgroup_get_nr_swap_pages returning "
        "PAGE_COUNTER_MAX once zswap is on) reports unlimited swap to every "
        "cgroup. "
        "None of the dynamic metadata is charged to a memory cgroup in any design read: vswap-v3's kvzalloc, "
        "vswap-v6's KMEM_CACHE(vswap_cluster, 0) and vzalloc, vswap-ste-v2's and p4-rfc-ghost's GFP_ATOMIC kzalloc and "
        "kcalloc, and linux-6.18's swap table carry no __GFP_ACCOUNT, so the memory is the kernel's, outside every "
        "memory.max. That is a reading, not a model result: every allocation in data/published/reclaim_paths.toml is "
        "read (or, for vswap-ste-v2, assumed) without the flag. What is charged is memory.swap, to the cgroup recorded "
        "at swap-out: in linux-6.18 per slot at folio_alloc_swap, in vswap-v3 per virtual slot, in vswap-v6 only for "
        "entries on a physical swapfile slot (above). Per GiB a cgroup "
        "swaps out, the uncharged metadata is "
        + ", ".join(f"{d} {dense.loc[d, 'mib_per_gib_swapped']:.1f} MiB" for d in DESIGNS)
        + f" when clusters are full; with one live entry per cluster it is {sparse.loc['vswap-v3', 'share_of_swapped']:.1f}x "
        f"the swapped memory for vswap-v3 and {sparse.loc['linux-6.18', 'share_of_swapped']:.1f}x for linux-6.18 "
        "(bytes per cluster over the entries in it: a closed-form worst case, not tied to a measured cluster "
        "occupancy).")
    values = ([Value(float(dense.loc[d, "mib_per_gib_swapped"]), "MiB per GiB swapped", f"{d}, dense") for d in DESIGNS]
              + [Value(float(sparse.loc[d, "share_of_swapped"]), "x swapped memory", f"{d}, one entry per cluster")
                 for d in ("linux-6.18", "vswap-v3", "vswap-v6", "vswap-ste-v2")])
    return make_answer(
        NOTEBOOK, "7.2", text, values,
        "Accounting read from the GFP flags and cache flags of each allocation; memory.swap rules as read (vswap-v3 "
        "09/20, intel-lab-lkp 03fb548d for vswap-v6 (one branch commit, not the posted v6 patch), the first "
        "vswap-ste-v2 posting (28 May 2026) assumed for its v2); "
        "zswap's own charge of compressed bytes is not read here.",
        "No published or measured number of this kind is in data/: no posting measures which cgroup pays for the "
        "metadata.",
        evidence=["table unaccounted_metadata", "table allocations_in_reclaim", "table code_rules"])


def answer_7_3(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """What in the design explains the reclaim counters of Nhat Pham's v5 runs."""
    ch = tables["counter_changes"].set_index(["workload", "counter", "arm"])
    ex = tables["counter_explanation"].set_index("workload")
    runs = tables["counter_changes"].groupby("workload").runs.first()
    u = ex.loc["usemem"]
    ra, pg = ch.loc[("usemem", "swap_ra", "vss_v5")], ch.loc[("usemem", "pgmigrate", "vss_v5")]
    text = (
        "Checked at the source, the counters belong to the single-process usemem 56G run (and memhog 48G), not to the "
        f"52-worker series: swap_ra rose from {ra.baseline:.1f} to {ra.value:.1f} and pgmigrate from "
        f"{pg.baseline / 1e6:.2f} M to {pg.value / 1e6:.2f} M under vswap v5 (a posting not in the catalogue; run "
        f"counts not posted; {runs['usemem']} runs per arm assumed, the count Nhat Pham says he normally uses for "
        f"usemem in his 20 Apr 2026 reply, as in data/published/benchmarks.toml usemem-single-sys-*: both rises are "
        f"resolved from {int(ra.runs_to_resolve)} and {int(pg.runs_to_resolve)} runs per arm up, so the verdict flips "
        "only below that). The readahead follows from the design (rule "
        "'vswap-readahead' of data/published/reclaim_paths.toml, read in vswap-v6's tryget_swap_entry, intel-lab-lkp 03fb548d): an entry with no physical "
        "slot (zero-filled or in zswap) reports no swap device, so the fault cannot take zram's SWP_SYNCHRONOUS_IO "
        "path that skips the swap cache and readahead. It applies to this zram run only through zero-filled pages "
        "(no zswap there); whether usemem -O -y -x writes them was not read, and the poster's own reading is that it "
        "does (\"zero swap pages are no longer backed by zram swapfile, which skipped readahead\"). The posting's optimised arms (new_opt_v2, cc_v2) did not change "
        "that rule and kept the rise (table counter_changes): a check of the rule against the posted runs, not true by "
        f"construction. At {params['readahead_us_per_page']:g} us a page it costs at most "
        f"{u.readahead_cpu_bound_s:.2f} s of the +{u.sys_change_s:.1f} s system time. pgmigrate: vswap v5 is assumed "
        f"to open clusters with vswap-v3's 12.4 KB order-2 object (vswap-v6 replaced it); "
        f"{u.clusters_opened / 1e3:.1f} k clusters for the pages reclaimed, so the rise needs "
        f"{u.migrations_per_cluster:.0f} migrations per cluster opened, less than one compaction batch "
        f"(COMPACT_CLUSTER_MAX, 32): a plausibility check, not a test (no compact_stall or order-2 failure count "
        f"was posted). And not through direct compaction: the allocation runs inside reclaim with PF_MEMALLOC set, "
        "for which __alloc_pages_slowpath() (mm/page_alloc.c v6.18) skips direct compaction (its first attempt needs "
        "!gfp_pfmemalloc_allowed(), and 'if (current->flags & PF_MEMALLOC) goto nopage' comes before the later "
        "one), so the order-2 object dips into the reserves (7.1) or kvzalloc() falls back to vmalloc; migrations "
        "would come from kcompactd, woken by wakeup_kswapd() at order 2 (compact_daemon_migrate_scanned and "
        "compact_stall would tell). The kswapd share of reclaim fell only {u.kswapd_share_fall_points:.1f} points in "
        f"usemem ({ex.loc['memhog', 'kswapd_share_fall_points']:.1f} in memhog), so Nhat Pham's reading (slower "
        "kswapd, more direct reclaim and compaction) fits memhog better than usemem; the optimised arms' pgmigrate "
        "changes are not resolved, so the runs cannot separate the two.")
    return make_answer(
        NOTEBOOK, "7.3", text,
        [Value(float(ra.change), "pages", "swap_ra rise, usemem, vss_v5"),
         Value(float(pg.change), "pages", "pgmigrate rise, usemem, vss_v5"),
         Value(float(u.readahead_cpu_bound_s), "s", "readahead CPU, upper bound"),
         Value(float(u.migrations_per_cluster), "migrations per cluster", "needed by the order-2 hypothesis")],
        f"Run counts assumed ({', '.join(f'{w} {n}' for w, n in runs.items())}; the posting gives none; the fewest "
        "runs at which each change is resolved is column runs_to_resolve of table counter_changes); spreads read "
        "as standard deviations; readahead priced at an upper bound per page; the order-2 cluster object of vswap-v3 "
        "09/20 assumed for vswap v5; reclaimed pages from pgsteal (file pages included).",
        "Nhat Pham's reclaim table (14 Apr 2026), read against the posted code's rules. No validation rows: nothing "
        "here computes a counter's value (comparing a later arm's change with v5's would check one measurement against "
        "another), and the order-2 hypothesis predicts no count that was posted (compact_stall, pgmigrate_success by "
        "source would test it).",
        status="partial",
        evidence=["table counter_changes", "table counter_explanation", "table code_rules", "figure reclaim_counters"])


def answer_7_4(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """Hibernation, shmem and several devices under each design."""
    hib = tables["hibernation_free"].set_index("zswap_share")
    z_hi = float(hib.index.max())
    text = (
        "Hibernation writes its image to physical slots in every design. With "
        f"{params['swapped_gib']:g} GiB swapped on a {params['device_gib']:g} GiB device and {z_hi:.0%} of it in zswap, "
        f"linux-6.18 leaves {hib.loc[z_hi, 'linux-6.18_free_gib']:.1f} GiB for the image and a virtual layer "
        f"(vswap-v3, vswap-v6, vswap-ste-v2, p4-rfc-ghost) {hib.loc[z_hi, 'virtual_layer_free_gib']:.1f} GiB. That gap "
        "is true by construction of two rules: linux-6.18 gives every swapped entry a slot before zswap stores it "
        "(folio_alloc_swap in shrink_folio_list, mm/vmscan.c, v6.18), and a virtual layer holds a physical slot only "
        "for disk entries (rule hibernation-slot); free = device - swapped x (1 - zswap share). vswap-v6 takes "
        "hibernation slots with swap_slot_alloc_of_type on the physical device and refuses to free swap cache while "
        "storage is suspended. shmem entries become virtual entries in vswap-v6 (swap_shmem_alloc duplicates the "
        "virtual slot; large shmem entries split by virtual offset), so a swapped shmem page costs the same descriptor "
        "as a swapped anon page (no extra relative to anon; vswap-ste-v2 and p4-rfc-ghost assumed to do the same, "
        "their shmem code not read). Several devices "
        "with priorities stay physical devices under the virtual layer, chosen at writeout; the swap tier series was "
        "not read.")
    zs = list(hib.index)
    return make_answer(
        NOTEBOOK, "7.4", text,
        [Value(float(hib.loc[z, "linux-6.18_free_gib"]), "GiB", f"free for the image, linux-6.18, zswap {z:.0%}") for z in zs]
        + [Value(float(hib.loc[z, "virtual_layer_free_gib"]), "GiB", f"free for the image, virtual layer, zswap {z:.0%}")
           for z in zs],
        "Hibernation on a disk swap device with zswap in front; vswap-ste-v2 and p4-rfc-ghost assumed to hibernate to "
        "their physical device and to keep shmem entries virtual as vswap-v6 does (their code for either not read); swap tiers (Youngjun Park) not read.",
        "No published or measured number of this kind is in data/.", status="partial",
        evidence=["table hibernation_free", "table code_rules"])


def answer_7_5(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """The lock-contention bound of the published 52-worker runs."""
    steps = tables["contention_bound"].set_index("id")
    ns = tables["latency_inputs"].set_index("quantity").ns
    v6, v5 = steps.loc["v6-usemem-conc-sys"], steps.loc["series-usemem-conc-sys-v5"]
    newopt = steps.loc["series-usemem-conc-sys-newopt"]
    k, x = params["locks_per_page"], params["cross_socket_factor"]
    text = (
        f"The published 52-worker runs bound it: vswap-v6's system time changed {v6.change:+.1f} s of "
        f"{v6.baseline_s:.0f} s (95 % interval {v6.ci95_low:+.1f} to {v6.ci95_high:+.1f} s, {v6.runs:.0f} runs), so lock "
        f"contention and everything else vswap-v6 adds cost at most {v6.ci95_high:.1f} s, "
        f"{v6.upper_ns_per_page:.0f} ns per page of the 52 x 300 MB workload, {v6.upper_transfers_per_page:.0f} of this "
        f"VM's {ns['line_transfer']:.0f} ns line transfers per page. The contention model ({k:g} cluster-lock takes per "
        f"page, an assumed input; 51 of 52 from another CPU) gives {v6.model_s:.1f} s, {v6.model_s_cross_socket:.1f} s "
        f"with transfers {x:g}x dearer across sockets: inside the bound, which it reaches only at "
        f"{v6.locks_per_page_at_bound:.0f} takes per page ({v6.locks_per_page_at_bound_cross_socket:.0f} across "
        f"sockets): a model result at an assumed take count, not true by construction. It does not explain vswap v5's "
        f"+{v5.change:.1f} s. Nhat Pham's perf of kswapd and of usemem's free stage, taken on his single-process runs "
        "(14 Apr 2026), puts \"most of the vswap-specific overhead\" in XArray lookups; no profile of the 52-worker "
        "runs was posted (4.20). Above 52 CPUs the share of takes from another CPU cannot exceed 1, so the model grows "
        "with the transfer cost (socket distance) and with waiting on a held lock, which it does not price: it prices "
        "line transfers, not contention as queueing, and it gives "
        f"{v5.model_s:.3f} s for vswap v5 and {v6.model_s:.3f} s for vswap-v6 alike, so it cannot tell the designs "
        "apart. The 52-worker run is compared here in seconds, as a total, and resolved by its own 20 runs.")
    return make_answer(
        NOTEBOOK, "7.5", text,
        [Value(float(v6.ci95_high), "s", "vswap-v6 extra sys time, upper 95 % bound"),
         Value(float(v6.upper_ns_per_page), "ns per page", "upper bound"),
         Value(float(v6.model_s), "s", "contention model, this VM's transfer"),
         Value(float(v6.model_s_cross_socket), "s", f"contention model, transfers x{x:g}"),
         Value(float(v6.locks_per_page_at_bound), "lock takes per page", "where the model reaches vswap-v6's bound")],
        f"Every page of 52 x 300 MB counted once (a floor on the operations); {k:g} lock takes per page assumed (the "
        f"take count at which the verdict flips is shown); this VM's atomic ({ns['atomic_rmw']:.2f} ns) and line "
        f"transfer ({ns['line_transfer']:.0f} ns, 2 vCPUs of one package; table latency_inputs); lock hold time and "
        "queueing not priced; spreads read as standard deviations.",
        "Nhat Pham's usemem concurrency series and v6 cover (52 workers, 20 runs), each step with its Welch interval.",
        validation=[Validation(f"{r.Index} system-time change (Nhat Pham; model: cluster-lock contention only)",
                               float(r.change), float(r.model_s), "s", resolves=bool(r.resolved))
                    for r in steps.itertuples()],
        gap=f"vswap v5's +{v5.change:.1f} s (resolved) is "
            + (f"{v5.change / v5.model_s:.0f}x what contended cluster locks give" if v5.model_s > 0
               else "unexplained by contended cluster locks, which cost nothing at 0 takes per page")
            + ": the regression is not lock contention as modelled. Leading hypothesis, from Nhat Pham's perf of his "
            "single-process runs (not of these): XArray lookups on every PTE (swap_pte_batch's cgroup check) and in the "
            "physical allocator's swap-cache-only scan, which the posting's new_opt_v2 arm removed (its step from "
            f"vswap v5 is {newopt.change_from_first:+.1f} s, "
            f"{'resolved' if newopt.resolved_from_first else 'not resolved'}; new_opt_v2 and vswap-v6 against 6.19 are "
            "within noise). The bound on vswap-v6 is on its net change: a saving elsewhere could hide more contention "
            "than it allows.",
        evidence=["table contention_bound", "table latency_inputs"])


def answer_7_6(tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """zswap writeback's extra CPU per design, and large-folio swap-in after writeback as a function of
    the adjacency of the slots writeback gives."""
    wb = tables["writeback_extra"].set_index("metadata").extra_ns_per_page
    sw = tables["whole_swapin_by_adjacency"]
    flip = tables["whole_swapin_flip"]
    p = params["next_adjacent"]
    never = [d for d in DESIGNS if (sw[sw.design == d].rule == "zswap_never_enabled").all()]
    uniform = [d for d in DESIGNS if d not in never]
    at_p = sw[(sw.next_adjacent == p)].set_index(["design", "order"]).whole_swapin_share
    fl = flip.set_index(["design", "order"]).next_adjacent_at_half
    orders = sorted(sw.order.unique())
    ks = ", ".join(str(k) for k in orders)
    uniform_text = "; ".join(
        f"{d}: most order-{ks} ranges come back whole above p = "
        + ", ".join(f"{fl.loc[(d, k)]:.4g}" for k in orders) + f" respectively, and at p = {p:g} "
        + ", ".join(f"{at_p.loc[(d, k)]:.1%}" for k in orders) + " of them do" for d in uniform)
    text = (
        "linux-6.18 writes a zswap entry back to the slot it took at swap-out; vswap-v3, vswap-v6 and vswap-ste-v2 "
        "take a physical slot, charge memory.swap and write the reverse map and the descriptor first (rule "
        f"writeback-slot): {wb['L2']:.0f} ns more per page with that metadata hot, {wb['DRAM']:.0f} ns cold, on this "
        "machine (modelled). The write count is the same 4 KiB per page in every design; its locality is not: "
        "linux-6.18 writes to slots chosen at swap-out, a virtual layer allocates physical slots at writeback time, "
        "and that choice sets the adjacency p below. Large-folio swap-in after writeback, which every rule here "
        "applies only on the SWP_SYNCHRONOUS_IO swap-in path (data/published/thp_swapin.toml): "
        + ", ".join(never) + " bring no large folio in whole once zswap has ever been enabled, whatever the adjacency p "
        "of the slots writeback gave: no p flips that verdict, which is true by construction of the rule they keep, "
        "alloc_swap_folio's `if (!zswap_never_enabled()) goto fallback` (linux-6.18 mm/memory.c alloc_swap_folio, added "
        "by https://lore.kernel.org/r/20240906001047.1245-4-21cnbao@gmail.com; kept by vswap-v3 and vswap-v6 as read "
        "in their postings, and by p4-rfc-ghost as read in Nhat Pham's vswap-ste-v2 patch built on it, not in Kairui "
        "Song's swap-table-p4 code: assumed for p4-rfc-ghost). Only "
        + ", ".join(uniform) + " (vswap_can_swapin_thp: every page on consecutive swapfile slots) brings a "
        "written-back order-k range in whole (a rule read in its first posting, assumed unchanged in v2), and only "
        "when the writeback device is SWP_SYNCHRONOUS_IO (zram, brd, pmem): on an SSD or NVMe swapfile, the usual "
        "writeback target, do_swap_page takes swapin_readahead at order 0 (linux-6.18 mm/memory.c do_swap_page: "
        "alloc_swap_folio only under SWP_SYNCHRONOUS_IO) and no design brings a range in whole. On a synchronous device the share "
        "is p^(2^k - 1) where p is the chance each next page landed on the "
        "next slot (each page independent: the formula is true by construction of that assumption): "
        + uniform_text + f" (p = {p:g} is an assumed point, not a measurement; table whole_swapin_by_adjacency). "
        "Against linux-6.18 the verdict flips on the device flag, not on p: on a synchronous writeback device, for "
        "every p > 0 vswap-ste-v2 brings more written-back ranges in whole than linux-6.18's none; on a "
        "non-synchronous one both bring none.")
    values = ([Value(float(wb["L2"]), "ns per page", "writeback extra over linux-6.18, vswap-v3, vswap-v6 and vswap-ste-v2, metadata hot"),
               Value(float(wb["DRAM"]), "ns per page", "writeback extra over linux-6.18, vswap-v3, vswap-v6 and vswap-ste-v2, metadata cold")]
              + [Value(float(fl.loc[(d, k)]), "adjacency", f"{d}: p above which most order-{k} ranges come back whole")
                 for d in uniform for k in orders]
              + [Value(float(at_p.loc[(d, k)]), "share", f"{d}: order-{k} ranges swapped in whole, adjacency {p:g}")
                 for d in uniform for k in orders])
    return make_answer(
        NOTEBOOK, "7.6", text, values,
        f"{params['writeback_atomics']} atomics and {params['writeback_cold_loads']} metadata loads per written-back "
        "page (rule writeback-slot, read in vswap-v6; vswap-ste-v2 assumed to do the same; p4-rfc-ghost's writeback "
        "path not read); decompression and the write "
        "itself common to all designs and not priced; the adjacency p of written-back slots an assumed input, each "
        "page independent (tables whole_swapin_by_adjacency and whole_swapin_flip); each design's swap-in rule from "
        "data/published/thp_swapin.toml (vswap-ste-v2's assumed unchanged from its first posting; p4-rfc-ghost's "
        "read in the vswap-ste-v2 patch); the writeback device's SWP_SYNCHRONOUS_IO flag decides whether any rule "
        "applies.",
        "No published or measured number of this kind is in data/: no posting times zswap writeback per design or "
        "counts large-folio swap-ins after writeback.",
        status="partial",
        evidence=["table writeback_extra", "table whole_swapin_by_adjacency", "table whole_swapin_flip",
                  "table code_rules"])


ANSWERS = {"7.1": answer_7_1, "7.2": answer_7_2, "7.3": answer_7_3, "7.4": answer_7_4, "7.5": answer_7_5,
           "7.6": answer_7_6}


def answer(qid: str, tables: dict[str, pd.DataFrame], params: dict) -> Answer:
    """One answer, from the tables it reads (the notebook shows each beside its evidence)."""
    if qid not in ANSWERS:
        raise ParameterError(f"qid={qid!r}; notebook 07 answers {', '.join(ANSWERS)}")
    return ANSWERS[qid](tables, params)


def answers(tables: dict[str, pd.DataFrame], params: dict) -> list[Answer]:
    """Answers 7.1-7.6 from the notebook's tables and parameters."""
    return [f(tables, params) for f in ANSWERS.values()]
