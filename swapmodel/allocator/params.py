"""Typed records for the simulator: the swap space's policy and the parameters of each workload.

Each run parameter of `ChurnParams` and `SteadyParams` is declared once, as a dataclass field
with a `Spec` in its metadata: its kind, range, unit, command-line flag and doc. From that one
declaration come the checks every record runs when it is built (types, ranges, whole numbers,
whole 4 KiB pages: a one-line ParameterError naming the field and its allowed range, before
anything large is allocated), the `Parameters` section of the record's docstring, and the options
of `swapmodel simulate churn|steady` (`add_options`, `options_from_args`). Each record also
estimates the memory a run will allocate. The allocator knows nothing of the design catalogue:
`swapmodel.analysis.simulate` maps a design to its `SpacePolicy`.
"""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from dataclasses import MISSING, dataclass, field, fields, replace

import numpy as np

from swapmodel.allocator.core import PMD_ORDER, RULES_VSWAP
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import MIB_BYTES, PAGES_PER_MIB, SWAPFILE_CLUSTER_SLOTS
from swapmodel.base.memory import check_memory

MAX_DEVICE_MIB = float(1 << 24)
"""16 TiB: the largest simulated device. Cluster indices are int32 in the compiled core, and the
memory guard refuses long before this on a 24 GiB machine."""
MAX_SEED = 2**63 - 1
RULES = ("linux-6.18", "linux-6.12")
WRITEBACK = ("in_place", "backing", "none")
VIRTUAL_CLUSTER_CHOICES = ("swapfile", "per_order")
NO_PHYSICAL_SLOT = ("release_order0", "reactivate")
CACHE_ONLY_RECLAIM = ("vm_swap_full", "never")
CLUSTER_METADATA_LIFETIME = ("freed_when_empty", "pinned_while_cached")
ZSWAP_WRITEBACK = ("sync_fifo", "shrinker", "no_writeback")
FORMER = {"virtual_cluster_choice": "swapfile", "no_physical_slot": "release_order0",
          "cache_only_reclaim": "vm_swap_full", "cluster_metadata_lifetime": "freed_when_empty",
          "zswap_writeback": "sync_fifo"}
"""The simulator's assumptions before the designs' code was read (issue 21): each SpacePolicy rule
field's default, the labelled alternative a design's code rules are run beside."""
LIFETIMES = ("exponential", "lognormal", "fixed")
WORKLOADS = ("tools-mm", "kernel-selftest")
BACKINGS = ("zram", "disk")


def _whole(name: str, value, low: int, high: int) -> int:
    """`value` as an int in [low, high]; bools, non-integral numbers and non-numbers are errors."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name}={value!r} must be a whole number in [{low}, {high}]")
    if not math.isfinite(value) or float(value) != int(value):
        raise ParameterError(f"{name}={value!r} must be a whole number in [{low}, {high}]")
    if not low <= int(value) <= high:
        raise ParameterError(f"{name}={value!r} is outside the allowed range [{low}, {high}]")
    return int(value)


def _real(name: str, value, low: float, high: float, low_open: bool = False) -> float:
    """`value` as a finite float in [low, high] (or (low, high] with `low_open`)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name}={value!r} must be a number in {'(' if low_open else '['}{low:g}, {high:g}]")
    v = float(value) + 0.0  # -0.0 becomes 0.0
    if not math.isfinite(v) or v > high or v < low or (low_open and v == low):
        raise ParameterError(f"{name}={value!r} is outside the allowed range {'(' if low_open else '['}{low:g}, {high:g}]")
    return v


def _flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"{name}={value!r} must be True or False")
    return bool(value)


def _pages(name: str, mib: float) -> int:
    """Whole 4 KiB pages in `mib` MiB; an error when `mib` is not a whole number of pages."""
    pages = mib * PAGES_PER_MIB
    if not float(pages).is_integer():
        raise ParameterError(f"{name}={mib!r} MiB is not a whole number of 4 KiB pages")
    return int(pages)


def _order_mix(order_mix) -> dict[int, float]:
    """{order: share}: orders whole numbers in [0, 9], shares finite, >= 0, summing to 1."""
    if not isinstance(order_mix, dict) or not order_mix:
        raise ParameterError(f"order_mix={order_mix!r} must be a non-empty mapping of order (0 to {PMD_ORDER}) to share")
    out = {}
    for o, w in order_mix.items():
        order = _whole("order_mix order", o, 0, PMD_ORDER)
        out[order] = out.get(order, 0.0) + _real(f"order_mix[{order}]", w, 0.0, 1.0)
    if not math.isclose(sum(out.values()), 1.0, abs_tol=1e-9):
        raise ParameterError(f"order_mix: shares must sum to 1 (got {sum(out.values()):g})")
    return out


def parse_order_mix(text: str) -> dict[int, float]:
    """'0=0.5,4=0.5' -> {0: 0.5, 4: 0.5} (the command line's spelling of an order mix)."""
    mix = {}
    for item in str(text).split(","):
        order, _, frac = item.partition("=")
        try:
            mix[int(order)] = float(frac)
        except ValueError:
            raise ParameterError(f"order_mix: expected order=share pairs like 0=0.5,4=0.5, got {item!r}") from None
    return mix


# ------------------------------------------------------------------ one declaration per parameter

KINDS = ("whole", "real", "flag", "choice", "order_mix")


@dataclass(frozen=True)
class Spec:
    """The declaration of one run parameter.

    Parameters
    ----------
    kind : {"whole", "real", "flag", "choice", "order_mix"}
        A whole number, a finite real, True/False, one of `choices`, or an order -> share mapping.
    doc : str
        What the parameter is, one or two sentences (range, unit and default are added).
    unit : str
        Unit of the value ("MiB", "events", ...); empty for a count or a share.
    low, high : float, int, str or None
        Allowed range, inclusive (`low_open`: low excluded); `high` may name an earlier field.
    low_open : bool
        The low end is excluded: (low, high].
    choices : tuple
        Allowed values of a "choice".
    none : str
        When not empty, None is allowed and this says what it means.
    pages : bool
        A size in MiB that must be a whole number of 4 KiB pages.
    flag : str or None
        The command-line option of `swapmodel simulate`; None: not on the command line.
    aliases : tuple of str
        Old spellings of `flag`, accepted hidden with a one-line deprecation notice.
    parse : callable or None
        Turns the command line's string into the value (the record checks the result).
    """

    kind: str
    doc: str
    unit: str = ""
    low: float | int | str | None = None
    high: float | int | str | None = None
    low_open: bool = False
    choices: tuple = ()
    none: str = ""
    pages: bool = False
    flag: str | None = None
    aliases: tuple = ()
    parse: object = None

    def range_text(self) -> str:
        """The allowed values in words: '(0, 16 TiB]', '1 to 64', 'one of ...'."""
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "flag":
            return "True or False"
        if self.kind == "order_mix":
            return f"orders 0 to {PMD_ORDER}, shares >= 0 summing to 1"

        def show(x):
            if isinstance(x, str):
                return f"`{x}`"
            if x == MAX_DEVICE_MIB:
                return "16 TiB"
            if x == MAX_SEED:
                return "2**63 - 1"
            return f"{x:,}" if isinstance(x, int) and x >= 10_000 else f"{x:g}"
        if self.kind == "whole":
            return f"{show(self.low)} to {show(self.high)}"
        return f"{'(' if self.low_open else '['}{show(self.low)}, {show(self.high)}]"


def param(default, kind: str, doc: str, **spec):
    """A dataclass field declaring one run parameter (see `Spec`); a dict default is copied per record."""
    declared = Spec(kind, doc, **spec)
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r}; choose one of {KINDS}")
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata={"spec": declared})
    return field(default=default, metadata={"spec": declared})


def specs(record) -> dict[str, Spec]:
    """The declared parameters of a record class or instance, in declaration order."""
    return {f.name: f.metadata["spec"] for f in fields(record) if "spec" in f.metadata}


def _check(record, name: str, spec: Spec, value):
    if value is None and spec.none:
        return None
    high = getattr(record, spec.high) if isinstance(spec.high, str) else spec.high
    if spec.kind == "whole":
        return _whole(name, value, spec.low, high)
    if spec.kind == "real":
        v = _real(name, value, spec.low, high, low_open=spec.low_open)
        if spec.pages:
            _pages(name, v)
        return v
    if spec.kind == "flag":
        return _flag(name, value)
    if spec.kind == "choice":
        return check_choice(name, value, spec.choices)
    return _order_mix(value)


def check_declared(record) -> None:
    """Check and normalise every declared field of a frozen record, in declaration order (so a
    range may name an earlier field): ints stay ints, reals become floats, bools bools."""
    for name, spec in specs(record).items():
        object.__setattr__(record, name, _check(record, name, spec, getattr(record, name)))


def _type_text(spec: Spec) -> str:
    text = {"whole": "int", "real": "float", "flag": "bool", "order_mix": "dict of int to float",
            "choice": "{" + ", ".join(repr(c) for c in spec.choices) + "}"}[spec.kind]
    return text + (" or None" if spec.none else "")


def _default(f):
    return f.default_factory() if f.default is MISSING else f.default


def _numpydoc(cls) -> str:
    """The `Parameters` section of `cls` from its declarations."""
    lines = ["Parameters", "----------"]
    for f in fields(cls):
        spec = f.metadata.get("spec")
        if spec is None:
            continue
        unit = f", in {spec.unit}" if spec.unit else ""
        extra = f" None: {spec.none}" if spec.none else ""
        pages = ", whole 4 KiB pages" if spec.pages else ""
        cli = f" Command line: {spec.flag}." if spec.flag else ""
        lines.append(f"{f.name} : {_type_text(spec)}")
        lines.append(textwrap.fill(f"{spec.doc} Allowed: {spec.range_text()}{unit}{pages}; default "
                                   f"{_default(f)!r}.{extra}{cli}", 96, initial_indent="    ",
                                   subsequent_indent="    "))
    return "\n".join(lines)


def declared(cls):
    """Class decorator: append the declared parameters to the docstring of a params record."""
    cls.__doc__ = (cls.__doc__ or "").rstrip() + "\n\n" + _numpydoc(cls) + "\n"
    return cls


# ------------------------------------------------------------------ the command line from the declarations


def _cli_value(text: str):
    """A number typed on the command line as int or float; anything else stays a string, so that
    the record's check names the parameter and its range in one line."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


class _DeprecatedAlias(argparse.Action):
    """An old spelling of an option: stores like the new one and prints one deprecation line."""

    def __init__(self, option_strings, dest, new: str = "", **kwargs):
        super().__init__(option_strings, dest, **kwargs)
        self.new = new

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"swapmodel: {option_string} is deprecated and will be removed; use {self.new}", file=sys.stderr)
        setattr(namespace, self.dest, self.const if self.nargs == 0 else values)


def add_options(parser: argparse.ArgumentParser, record, skip: tuple = ()) -> None:
    """Add one option per declared parameter of `record` that has a flag (not in `skip`), with its
    help (doc, range, unit, default) and hidden deprecated aliases. An option not given is absent
    from the parsed namespace, so the record's own default applies."""
    for f in fields(record):
        spec = f.metadata.get("spec")
        if spec is None or spec.flag is None or f.name in skip:
            continue
        default = _default(f)
        unit = f" {spec.unit}" if spec.unit else ""
        allowed = "" if spec.kind == "flag" else f" Allowed: {spec.range_text()}{unit};"
        shown = spec.none.rstrip(".") if default is None else repr(default)
        help_text = f"{spec.doc}{allowed} default {shown}".replace("%", "%%")
        kwargs = {"dest": f.name, "default": argparse.SUPPRESS}
        if spec.kind == "flag":
            if spec.none or default:
                parser.add_argument(spec.flag, action=argparse.BooleanOptionalAction, help=help_text, **kwargs)
            else:
                parser.add_argument(spec.flag, action="store_true", help=help_text, **kwargs)
            alias = {**kwargs, "nargs": 0, "const": True}
        else:
            if spec.kind == "choice":
                kwargs["choices"] = list(spec.choices)
            elif spec.kind in ("whole", "real"):
                kwargs["type"] = _cli_value
            parser.add_argument(spec.flag, help=help_text, metavar=spec.unit.upper() or None, **kwargs)
            alias = kwargs
        for old in spec.aliases:
            parser.add_argument(old, action=_DeprecatedAlias, new=spec.flag, help=argparse.SUPPRESS, **alias)


def options_from_args(record, args: argparse.Namespace) -> dict:
    """The declared parameters of `record` given on the command line, parsed, as keyword arguments."""
    out = {}
    for name, spec in specs(record).items():
        if hasattr(args, name):
            value = getattr(args, name)
            out[name] = spec.parse(value) if spec.parse is not None and isinstance(value, str) else value
    return out


# ------------------------------------------------------------------ the records


@dataclass(frozen=True)
class SpacePolicy:
    """What the simulated swap space is, as far as the allocator is concerned.

    Parameters
    ----------
    dynamic : bool
        True when clusters are mapped on demand and unmapped when free (virtual swap, the dynamic
        ghost swapfile); False for a static device of fixed size with a header slot.
    writeback : {"in_place", "backing", "none"}
        What happens to the oldest zswap entry when the pool is full: written to the slot it
        already holds (a static device), to a newly allocated order-0 slot of a backing device
        (virtual designs), or never (Chris Li's ghost swapfile, whose store is then rejected).
    zswap : bool
        The design can keep entries in zswap.
    disk : bool
        The design can keep entries on a slot of its own swap space without zswap.
    virtual_over_physical : bool
        A swap-out without zswap takes a virtual slot at unmap (a dynamic space) and a physical
        slot of the folio's order at writeout on the physical device; a large folio that finds
        none is reactivated, not split (vswap). False: the churn runs on the physical device.
    shared_cluster_cache : bool
        The virtual and the physical device share one per-CPU cluster cache per order, as two
        swapfile.c devices share 6.18's percpu_swap_cluster (si[order], offset[order]).

    The rule fields below say what a design's posted code does (data/designs/rules.toml, read by
    `swapmodel.analysis.simulate.policy_for`); each default is the simulator's former assumption
    (`FORMER`), kept runnable as the labelled alternative.

    virtual_cluster_choice : {"swapfile", "per_order"}
        How a dynamic space chooses a cluster: "swapfile" linux-6.18's (or 6.12's) rules on a
        dynamic space (frag lists, order-0 stealing, an emptied cluster's order reset); "per_order"
        vswap-v3's vswap_alloc() (one order per cluster for life; per-CPU cached cluster, partial
        list, a new cluster at the lowest free id; first free aligned run; core.RULES_VSWAP).
    no_physical_slot : {"release_order0", "reactivate"}
        Two layers, no physical slot of the folio's order at writeout: "release_order0" a large
        folio is reactivated but an order-0 page gives its virtual slot back; "reactivate" every
        order is reactivated and keeps its virtual slots (swap_writeout's AOP_WRITEPAGE_ACTIVATE).
    cache_only_reclaim : {"vm_swap_full", "never"}
        Whether the dynamic space's allocator reclaims cache-only slots when vm_swap_full().
    cluster_metadata_lifetime : {"freed_when_empty", "pinned_while_cached"}
        "per_order" spaces: an empty cluster is unmapped at once, or stays mapped while a CPU
        caches it (vswap-v3's refcount counts the per-CPU pin).
    zswap_writeback : {"sync_fifo", "shrinker", "no_writeback"}
        Steady state with a backing device: "sync_fifo" the oldest entry is written back
        synchronously when a store finds the pool full; "shrinker" mm/zswap.c's rules (a store is
        rejected from max_pool_percent until the pool falls to accept_thr_percent, the rejected
        folio goes to a physical slot of its order at once, shrink_worker writes back oldest first
        to the accept threshold); "no_writeback" the same store limits with writeback disabled
        (vswap-ste-v2 RFC v2 2/7: zswap_writeback_entry() returns -EINVAL for vswap entries).
    """

    dynamic: bool = False
    writeback: str = "in_place"
    zswap: bool = True
    disk: bool = True
    virtual_over_physical: bool = False
    shared_cluster_cache: bool = False
    virtual_cluster_choice: str = FORMER["virtual_cluster_choice"]
    no_physical_slot: str = FORMER["no_physical_slot"]
    cache_only_reclaim: str = FORMER["cache_only_reclaim"]
    cluster_metadata_lifetime: str = FORMER["cluster_metadata_lifetime"]
    zswap_writeback: str = FORMER["zswap_writeback"]

    def __post_init__(self):
        for name in ("dynamic", "zswap", "disk", "virtual_over_physical", "shared_cluster_cache"):
            _flag(name, getattr(self, name))
        check_choice("writeback", self.writeback, WRITEBACK)
        check_choice("virtual_cluster_choice", self.virtual_cluster_choice, VIRTUAL_CLUSTER_CHOICES)
        check_choice("no_physical_slot", self.no_physical_slot, NO_PHYSICAL_SLOT)
        check_choice("cache_only_reclaim", self.cache_only_reclaim, CACHE_ONLY_RECLAIM)
        check_choice("cluster_metadata_lifetime", self.cluster_metadata_lifetime, CLUSTER_METADATA_LIFETIME)
        check_choice("zswap_writeback", self.zswap_writeback, ZSWAP_WRITEBACK)
        if self.virtual_cluster_choice == "per_order" and self.cache_only_reclaim == "vm_swap_full":
            raise ParameterError("virtual_cluster_choice='per_order' takes only free slots (vswap_alloc_from_cluster); "
                                 "cache_only_reclaim must be 'never' with it; allowed: never")
        if self.virtual_cluster_choice == "swapfile" and self.cluster_metadata_lifetime != "freed_when_empty":
            raise ParameterError("cluster_metadata_lifetime='pinned_while_cached' needs virtual_cluster_choice="
                                 "'per_order' (swapfile.c's per-CPU cache holds no reference); allowed: freed_when_empty")

    @property
    def rules(self) -> dict:
        """The rule fields, by name."""
        return {k: getattr(self, k) for k in FORMER}

    def former(self) -> "SpacePolicy":
        """The same space under the simulator's former assumptions (FORMER)."""
        return replace(self, **FORMER)

    def virtual_device_rules(self, rules: int) -> dict:
        """core.new_device() keywords of the dynamic space under these rules (`rules`: the rule set of
        mm/swapfile.c the run takes, used when the space follows swapfile.c)."""
        per_order = self.dynamic_per_order
        return {"rules": RULES_VSWAP if per_order else rules, "cache_reclaim": self.cache_only_reclaim == "vm_swap_full",
                "pin_cached": per_order and self.cluster_metadata_lifetime == "pinned_while_cached"}

    @property
    def dynamic_per_order(self) -> bool:
        return self.virtual_cluster_choice == "per_order"


SIZE = {"kind": "real", "unit": "MiB", "low": 0, "high": MAX_DEVICE_MIB, "pages": True}
"""A size in MiB: [0, 16 TiB], whole 4 KiB pages (add low_open=True for a size that must be > 0)."""


@declared
@dataclass(frozen=True)
class ChurnParams:
    """The churn workload (Barry Song's thp_swap_allocator_test, generalised to order k).

    The per-iteration sizes are 16, 16 and 1 MiB in tools/mm and 0, 16 and 0.75 MiB in the posted
    selftest. Page counts (`device_pages`, `region_pages`, `small_pages`) are derived once, when
    the record is built. `swapmodel.kernel.experiments.churn_zram` takes the same record for the
    live run on zram.
    """

    workload: str = param("tools-mm", "choice", choices=WORKLOADS, flag="--workload", doc=(
        "tools-mm: the program mainline carries as tools/mm/thp_swap_allocator_test.c (since v6.11): "
        "warm-up, then per iteration swap-in, MADV_DONTNEED and refault, pageout. kernel-selftest: the "
        "version posted to selftests/mm on 2024-06-20: the region starts untouched, no swap-in; per "
        "iteration random chunks are DONTNEED'd and rewritten, then paged out."))
    device_mib: float = param(64, **SIZE, low_open=True, flag="--device-mib", doc=(
        "Size of the swap device (for a two-layer design such as vswap, the physical device under the "
        "virtual space)."))
    region_mib: float = param(60, **SIZE, low_open=True, flag="--region-mib", doc=(
        "Working set of order-`order` folios; whole folios."))
    order: int = param(4, "whole", low=0, high=PMD_ORDER, flag="--order", doc=(
        "mTHP order of the large folios (4 is 64 KiB)."))
    iterations: int = param(100, "whole", low=1, high=100_000, flag="--iterations", doc=(
        "Churn iterations after the warm-up."))
    seed: int = param(1, "whole", low=0, high=MAX_SEED, flag="--seed", doc=(
        "Seed of the run's numpy.random.SeedSequence."))
    aligned: bool = param(False, "flag", flag="--aligned", doc=(
        "Swap in whole aligned 2**order-page chunks instead of single pages (the test's -a)."))
    small_mib: float = param(0, **SIZE, flag="--small-mib", doc=(
        "Size of the small-folio (order 0) region; 0 for none (the test's -s sets 4 MiB, 1 MiB in the "
        "selftest)."))
    rules: str = param("linux-6.18", "choice", choices=RULES, flag="--rules", doc=(
        "Allocator rule set of mm/swapfile.c."))
    mthp_swapin: bool = param(False, "flag", flag="--large-swapin", aliases=("--mthp-swapin",), doc=(
        "A chunk whose slots form one aligned run swaps in as one large folio (zram only; what 6.18 "
        "does until zswap is first enabled)."))
    swapin_mib: float = param(16, **SIZE, flag="--swapin-mib", doc=(
        "Memory swapped in per iteration (tools-mm)."))
    dontneed_mib: float = param(16, **SIZE, flag="--dontneed-mib", doc=(
        "Memory freed with MADV_DONTNEED and refaulted per iteration."))
    small_swapin_mib: float = param(1, **SIZE, flag="--small-swapin-mib", doc=(
        "Memory of the small region swapped in (tools-mm) or DONTNEED'd and rewritten (kernel-selftest) "
        "per iteration; both free the slot of a small page and leave it resident, which is all the "
        "allocator sees."))
    dynamic_cap_mib: float | None = param(None, **{**SIZE, "pages": False}, low_open=True, none=(
        "8 times the working set."), flag="--dynamic-cap-mib", doc=(
        "Largest virtual space a two-layer design may map."))
    snapshot_every: int = param(0, "whole", low=0, high="iterations", doc=(
        "Keep the per-cluster occupancy every this many iterations (0: never)."))
    n_cpus: int = param(1, "whole", low=1, high=64, flag="--cpus", aliases=("--n-cpus",), doc=(
        "CPUs that reclaim: 512-page reclaim batches run on CPU 0, 1, ..., each with its own per-CPU "
        "cluster cache (and, under 6.12 rules, swap slots cache)."))
    backing: str = param("zram", "choice", choices=BACKINGS, flag="--backing", doc=(
        "The physical device. zram is SWP_SYNCHRONOUS_IO: only it swaps in whole large folios; for the "
        "allocator the two are otherwise alike in this workload (each swap-in is a write fault that "
        "frees the slot)."))
    shared_cluster_cache: bool | None = param(None, "flag", none="as the design does (SpacePolicy).",
                                              flag="--shared-cluster-cache", doc=(
        "Two-layer designs: the virtual and the physical device share one per-CPU cluster cache per "
        "order (an allocation on one layer then evicts the other layer's cached cluster)."))
    swap_slots_cache: bool = param(True, "flag", flag="--swap-slots-cache", doc=(
        "6.12 rules: order-0 slots come through the per-CPU swap slots cache (mm/swap_slots.c, in the "
        "kernel until 6.14); False leaves it out (for comparison only)."))

    def __post_init__(self):
        check_declared(self)
        if self.mthp_swapin and self.backing != "zram":
            raise ParameterError(f"mthp_swapin=True needs backing='zram' (large folios swap in only from "
                                 f"SWP_SYNCHRONOUS_IO devices), not backing={self.backing!r}")
        set_ = object.__setattr__
        set_(self, "_derived", {"device": _pages("device_mib", self.device_mib),
                              "region": _pages("region_mib", self.region_mib),
                              "small": _pages("small_mib", self.small_mib)})
        if self.region_pages % (1 << self.order):
            raise ParameterError(f"region_mib={self.region_mib!r} is not a whole number of order-{self.order} folios")

    @property
    def device_pages(self) -> int:
        return self._derived["device"]

    @property
    def region_pages(self) -> int:
        return self._derived["region"]

    @property
    def small_pages(self) -> int:
        return self._derived["small"]

    def capacity_pages(self, policy: SpacePolicy) -> int:
        """Slots of the physical device. A one-layer device must hold the working set (it cannot
        grow); under a virtual layer a smaller device only means more reactivations."""
        working = self.region_pages + self.small_pages
        if not policy.virtual_over_physical and working > self.device_pages:
            raise ParameterError(
                f"region_mib + small_mib = {self.region_mib + self.small_mib:g} MiB is larger than "
                f"device_mib={self.device_mib:g} and a static device cannot grow; allowed: at most device_mib")
        return self.device_pages

    def virtual_pages(self, policy: SpacePolicy) -> int:
        """Slots the virtual space may map (two-layer designs), 0 otherwise."""
        if not policy.virtual_over_physical:
            return 0
        working = self.region_pages + self.small_pages
        cap = self.dynamic_cap_mib if self.dynamic_cap_mib is not None else 8 * (self.region_mib + self.small_mib)
        return max(_pages("dynamic_cap_mib", min(cap, MAX_DEVICE_MIB)), working + SWAPFILE_CLUSTER_SLOTS)

    def picks_per_iteration(self) -> tuple[int, int, int]:
        """Random picks drawn per iteration: pages (or aligned chunks) swapped in, chunks freed,
        small-region pages swapped in."""
        nr = 1 << self.order
        if self.workload == "kernel-selftest":
            swapin = 0
        else:
            swapin = _pages("swapin_mib", self.swapin_mib) // (nr if self.aligned else 1)
        return (swapin,
                _pages("dontneed_mib", self.dontneed_mib) // nr,
                _pages("small_swapin_mib", self.small_swapin_mib) if self.small_pages else 0)

    def memory_bytes(self, policy: SpacePolicy) -> int:
        """Estimated peak bytes the run allocates (core.new_device's layout): per slot of the device
        and of the virtual space two bits (free, cache-only: 0.25 B, one 16-byte word pair per 64
        slots); per cluster its record (count, order, list, prev, next, flags: 24 B), its heap entry
        (4 B) and the counts kept per snapshot (8 B each); the virtual to physical map (8 B per
        virtual slot); per page of the region the slot map (8 B) and per chunk the held virtual slot
        (8 B) and large-folio flag (1 B); the pre-drawn picks of every iteration (8 B each)."""
        virtual = self.virtual_pages(policy)
        slots = self.capacity_pages(policy) + virtual
        picks_per_iteration = sum(self.picks_per_iteration())
        snapshots = (self.iterations // self.snapshot_every if self.snapshot_every else 0) + 1
        clusters = -(-slots // SWAPFILE_CLUSTER_SLOTS)
        chunks = self.region_pages >> self.order
        return int(slots * 0.25 + 8 * virtual + clusters * (24 + 4 + 8 * snapshots)
                   + 8 * (self.region_pages + self.small_pages) + 9 * chunks
                   + 8 * self.iterations * picks_per_iteration)


@declared
@dataclass(frozen=True)
class SteadyParams:
    """The steady-state workload: one folio swap-out per event, freed when its lifetime ends.

    Page counts (`device_pages`, `pool_pages`) are derived once, when the record is built.
    """

    device_mib: float = param(1024, **SIZE, low_open=True, flag="--device-mib", doc=(
        "Swap device. Lifetimes are scaled so that live pages settle near `target_fill` of it."))
    rules: str = param("linux-6.18", "choice", choices=RULES, flag="--rules", doc="Allocator rule set.")
    n_cpus: int = param(2, "whole", low=1, high=1024, flag="--cpus", aliases=("--n-cpus",), doc=(
        "CPUs; events go to CPUs in turn, each with its per-CPU cluster cache."))
    order_mix: dict = param({0: 0.5, 4: 0.5}, "order_mix", flag="--order-mix", parse=parse_order_mix, doc=(
        "Folio order -> share of swapped-out folios (command line: order=share pairs, 0=0.5,4=0.5)."))
    target_fill: float = param(0.8, "real", low=0.0, high=1.0, flag="--target-fill", aliases=("--fill",), doc=(
        "Share of the device that live pages settle at."))
    lifetime: str = param("exponential", "choice", choices=LIFETIMES, flag="--lifetime", doc=(
        "Distribution of folio lifetimes, in events."))
    lifetime_sigma: float = param(1.0, "real", low=0.0, high=10.0, low_open=True, flag="--lifetime-sigma", doc=(
        "Shape of the lognormal lifetime."))
    page_free_fraction: float = param(0.5, "real", low=0.0, high=1.0, flag="--page-free-fraction",
                                      aliases=("--page-free",), doc=(
        "Share of folios freed page by page over their lifetime (order-0 swap-in)."))
    cache_only_fraction: float = param(0.0, "real", low=0.0, high=1.0, flag="--cache-only-fraction", doc=(
        "Share of page-by-page frees that leave the slot in the swap cache only."))
    cache_lifetime_events: int = param(1000, "whole", low=1, high=10**9, unit="events",
                                       flag="--cache-lifetime-events", doc="How long a cache-only slot stays pinned.")
    events: int = param(200_000, "whole", low=1, high=10**9, flag="--events", doc=(
        "Folio swap-outs (the memory guard bounds it further)."))
    window: int = param(20_000, "whole", low=1, high="events", unit="events", flag="--window", doc=(
        "Events per statistics window and occupancy snapshot."))
    seed: int = param(1, "whole", low=0, high=MAX_SEED, flag="--seed", doc="Seed of the run's SeedSequence.")
    zswap_pool_mib: float = param(0, **SIZE, flag="--zswap-pool-mib", doc=(
        "zswap pool limit; 0 means no zswap (pages go to the device)."))
    backing_mib: float | None = param(None, **SIZE, low_open=True, none="`device_mib`.", flag="--backing-mib", doc=(
        "Backing device for virtual designs' writeback."))
    dynamic_cap_mib: float | None = param(None, **SIZE, low_open=True, none="8 times `device_mib`.",
                                          flag="--dynamic-cap-mib", doc="Largest space a dynamic design may map.")
    writeback_batch_order: int = param(0, "whole", low=0, high=PMD_ORDER, flag="--writeback-batch-order", doc=(
        "Batched contiguous writeback to the backing device: 0 writes zswap entries back one page at a "
        "time (zswap's shrinker); k > 0 writes an aligned run of 2**k virtual entries still in zswap back "
        "into one order-k backing allocation (a proposal, not kernel code)."))

    def __post_init__(self):
        check_declared(self)
        object.__setattr__(self, "_derived", {"device": _pages("device_mib", self.device_mib),
                                            "pool": _pages("zswap_pool_mib", self.zswap_pool_mib)})

    @property
    def device_pages(self) -> int:
        return self._derived["device"]

    @property
    def pool_pages(self) -> int:
        return self._derived["pool"]

    def capacity_pages(self, policy: SpacePolicy) -> int:
        if not policy.dynamic:
            return self.device_pages
        cap = self.dynamic_cap_mib if self.dynamic_cap_mib is not None else min(8 * self.device_mib, MAX_DEVICE_MIB)
        return _pages("dynamic_cap_mib", cap)

    def backing_pages(self, policy: SpacePolicy) -> int:
        if self.pool_pages and policy.writeback == "backing":
            return _pages("backing_mib", self.backing_mib if self.backing_mib is not None else self.device_mib)
        return SWAPFILE_CLUSTER_SLOTS

    def memory_bytes(self, policy: SpacePolicy) -> int:
        """Estimated peak bytes (core.new_device's layout, steady.new_calendar): per event the drawn
        trace (order 8 B, CPU 8 B, lifetime 8 B, flag 1 B, float draws 16 B); per slot of the space
        and the backing device two bits (0.25 B); per cluster its record, heap entry and snapshot
        counts (24 + 4 B, and 16 B per window on the space, 4 B on the backing device); the free
        calendar, one 64-byte line per bucket (a power of two near slots / 4, at most one per event,
        so at most 32 B per slot) and its overflow nodes (two 16-byte records per slot, reserved;
        touched only when a bucket overflows); with zswap the slot metadata (4 B) and backing map
        (8 B) per slot and the LRU (12 B per page swapped out); with cache-only slots their release
        times (8 B per slot)."""
        slots = self.capacity_pages(policy)
        back = self.backing_pages(policy)
        n_windows = -(-self.events // self.window)
        space_clusters = -(-slots // SWAPFILE_CLUSTER_SLOTS)
        back_clusters = -(-back // SWAPFILE_CLUSTER_SLOTS)
        mean_pages = sum(w * (1 << o) for o, w in self.order_mix.items())
        lru = 12 * self.events * mean_pages if self.pool_pages else 0
        buckets = min(max(1024, 2 * slots // 4), max(1024, 2 * self.events))
        calendar = 64 * buckets + 32 * slots
        per_slot = (12 if self.pool_pages else 0) + (8 if self.cache_only_fraction > 0 else 0)
        return int(self.events * 41 + (slots + back) * 0.25 + (space_clusters + back_clusters) * 28
                   + n_windows * (16 * space_clusters + 4 * back_clusters) + calendar + slots * per_slot + lru)


def from_kwargs(record, kwargs: dict):
    """Build `record` (a params class) from keyword arguments; unknown names are a ParameterError."""
    names = {f.name for f in fields(record)}
    unknown = sorted(set(kwargs) - names)
    if unknown:
        raise ParameterError(f"{unknown} are not parameters of {record.__name__}; it takes: {', '.join(sorted(names))}")
    return record(**kwargs)


GUARD_FACTOR = 1.3
GUARD_FIXED_BYTES = 64 * MIB_BYTES
"""Margin of the memory guard over `memory_bytes()`: measured peaks (ru_maxrss) of three runs were
67, 389 and 710 MiB against raw estimates of 10, 292 and 631 MiB (temporaries of numpy's drawing
and ~50 MiB of loaded compiled code), all inside 1.3 x estimate + 64 MiB."""


def guard(params, policy: SpacePolicy) -> int:
    """Refuse a run whose estimated memory, with the measured margin, exceeds what is available
    (see base.memory); return the guarded estimate in bytes."""
    return check_memory(type(params).__name__, int(GUARD_FACTOR * params.memory_bytes(policy) + GUARD_FIXED_BYTES))
