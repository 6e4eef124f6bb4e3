"""What the room looks at: one block's network and the indicators over time, as figures.

Pure functions of a model (no Solara here), so the notebook draws the very same pictures as
the dashboard. Figures are made with ``matplotlib.figure.Figure`` directly, never pyplot, so a
long-running server does not accumulate open figures.
"""

import io
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.stakeholders import ALLIED_SECTORS, SECTOR_LABELS, Kind, Sector
from simulation.world import World

#: A forum member whose chance to invest effort, beside a more powerful partner, was below this
#: in the last month is drawn as a "silent spectator" (Singh et al. 2024: "if you want to
#: collaborate, you collaborate as a silent spectator").
SILENT_BELOW = 0.3
#: A tie at least this strong counts as strong in the caption.
STRONG_TIE = 0.5
#: Resolution of the figures on the page (dots per inch).
DPI = 80

SECTOR_COLOURS = {
    Sector.HEALTH: "#d62728",
    Sector.WCD: "#e377c2",
    Sector.RDPR: "#ff7f0e",
    Sector.EDUCATION: "#1f77b4",
    Sector.WASH: "#17becf",
    Sector.ANIMAL_HUSBANDRY: "#8c564b",
    Sector.ADMINISTRATION: "#404040",
    Sector.PANCHAYAT: "#2ca02c",
}
VULNERABLE_COLOUR = "#9467bd"
OTHER_COMMUNITY_COLOUR = "#bdbdbd"

#: The sectors whose silent-spectator share is plotted, with their column names.
SILENT_COLUMNS = {
    sector: f"silent_{sector.name.lower()}" for sector in (Sector.HEALTH, *ALLIED_SECTORS)
}


#: The plots, in order: (title, current-run columns, y-axis range).
PANELS = (
    (
        "Collaboration (every health-to-sector pair)",
        ("collaboration_district", "collaboration_block"),
        (0, 1),
    ),
    (
        "Block pairs: reported vs real collaboration",
        ("collaboration_block", "collaboration_reported_block"),
        (0, 1),
    ),
    ("Sector breadth (allied sectors per block acting jointly)", ("sector_breadth",), (0, 5)),
    ("Gram Panchayat phases 0 to 4 (light to dark)", None, (0, 1)),
    ("Reach of the vulnerable", ("reach_vulnerable", "reach_other"), (0, 1)),
    (
        "Silent spectators in committees (share of each sector's members)",
        tuple(SILENT_COLUMNS.values()),
        (0, 1),
    ),
)
LABELS = {
    "collaboration_district": "district",
    "collaboration_block": "block",
    "collaboration_reported_block": "block, reported",
    "reach_vulnerable": "vulnerable",
    "reach_other": "others",
    **{column: SECTOR_LABELS[sector] for sector, column in SILENT_COLUMNS.items()},
}
#: Lines drawn in their sector's colour.
COLUMN_COLOURS = {column: SECTOR_COLOURS[sector] for sector, column in SILENT_COLUMNS.items()}
PHASE_COLOURS = ("#f0f0f0", "#c7e9c0", "#74c476", "#31a354", "#006d2c")


@dataclass(frozen=True)
class BlockPicture:
    """One block's part of the network: who is in it, where they sit, what ties join them."""

    nodes: np.ndarray  # node ids
    xy: np.ndarray  # (nodes, 2) positions
    ties: np.ndarray  # tie ids with both ends among the nodes
    silent: np.ndarray  # bool per node: a silent spectator last month
    strength: np.ndarray  # per tie

    @property
    def strong_ties(self) -> int:
        return int((self.strength >= STRONG_TIE).sum())


def block_nodes(world: World, block: int) -> np.ndarray:
    """The block's officers, Gram Panchayats and communities, and its district's officers."""
    n = world.nodes
    district = n.block_district[block]
    in_block = n.block == block
    district_level = (n.block < 0) & (n.district == district)
    return np.flatnonzero(in_block | district_level)


def layout(world: World, nodes: np.ndarray, block: int) -> np.ndarray:
    """Fixed positions: district officers in a row on top, the block medical officer in the
    centre, block departments around it, Gram Panchayats on a ring, each with its two
    communities just outside it."""
    n = world.nodes
    xy = np.zeros((len(nodes), 2))
    district_level = n.block[nodes] < 0
    d = np.flatnonzero(district_level)
    xy[d, 0] = np.linspace(-2.4, 2.4, len(d)) if len(d) > 1 else 0.0
    xy[d, 1] = 3.6
    pos = {int(v): i for i, v in enumerate(nodes)}
    bmo = int(n.block_medical_officer[block])
    xy[pos[bmo]] = (0.0, 0.0)
    depts = n.block_departments[block]
    angles = np.pi / 2 + 2 * np.pi * np.arange(len(depts)) / len(depts)
    for a, v in zip(angles, depts, strict=True):
        xy[pos[int(v)]] = (0.9 * np.cos(a), 0.9 * np.sin(a))
    gps = nodes[n.kind[nodes] == Kind.GRAM_PANCHAYAT]
    gp_angle = {}
    for i, v in enumerate(gps):
        a = -np.pi / 2 + 2 * np.pi * (i + 0.5) / len(gps)
        gp_angle[int(v) - n.gp_offset] = a
        xy[pos[int(v)]] = (2.0 * np.cos(a), 2.0 * np.sin(a))
    comms = nodes[n.kind[nodes] == Kind.COMMUNITY]
    spread = np.pi / max(len(gps), 1) / 2.5
    for v in comms:
        c = int(v) - n.community_offset
        a = gp_angle[int(n.communities.gp[c])] + (
            spread if n.communities.vulnerable[c] else -spread
        )
        xy[pos[int(v)]] = (2.75 * np.cos(a), 2.75 * np.sin(a))
    return xy


def silent_spectators(world: World) -> np.ndarray:
    """Bool per node: last month, on the forum ties where a more powerful partner sat across,
    its mean chance to invest effort was below ``SILENT_BELOW``."""
    n, t, ev = world.nodes, world.ties, world.events
    out = np.zeros(n.n, bool)
    if ev is None:
        return out
    f = t.forum
    active = world.institutions.in_forum & ev.met
    src, dst = t.src[f][active], t.dst[f][active]
    power = n.power
    weaker_src = power[src] < power[dst]
    weaker_dst = power[dst] < power[src]
    who = np.concatenate([src[weaker_src], dst[weaker_dst]])
    p = np.concatenate([ev.p_src[active][weaker_src], ev.p_dst[active][weaker_dst]])
    total = np.bincount(who, p, n.n)
    count = np.bincount(who, minlength=n.n)
    has = count > 0
    out[has] = total[has] / count[has] < SILENT_BELOW
    return out


def silent_shares(world: World) -> dict[str, float]:
    """Per sector, the share of its stakeholders who sat in a forum last month (a forum pair
    met) and were silent spectators there (:func:`silent_spectators`); NaN before the first
    month or when none of the sector sat. The power story in one number per sector: under a
    doctor-led committee the allied departments go quiet while health does not."""
    n, t, ev = world.nodes, world.ties, world.events
    if ev is None:
        return {column: np.nan for column in SILENT_COLUMNS.values()}
    active = world.institutions.in_forum & ev.met
    f = t.forum
    sat = np.zeros(n.n, bool)
    sat[t.src[f][active]] = True
    sat[t.dst[f][active]] = True
    silent = silent_spectators(world)
    out = {}
    for sector, column in SILENT_COLUMNS.items():
        members = sat & (n.sector == sector)
        out[column] = float(silent[members].mean()) if members.any() else np.nan
    return out


def picture(world: World, block: int, positions: np.ndarray | None = None) -> BlockPicture:
    """The block's part of the network as it stands (positions are reused when given)."""
    n, t = world.nodes, world.ties
    if not 0 <= block < n.n_blocks:
        raise ValueError(f"block = {block} is outside 0..{n.n_blocks - 1}")
    nodes = block_nodes(world, block)
    member = np.zeros(n.n, bool)
    member[nodes] = True
    ties = np.flatnonzero(member[t.src] & member[t.dst])
    xy = layout(world, nodes, block) if positions is None else positions
    return BlockPicture(
        nodes=nodes,
        xy=xy,
        ties=ties,
        silent=silent_spectators(world)[nodes],
        strength=t.strength[ties].copy(),
    )


def node_colours(world: World, nodes: np.ndarray) -> list[str]:
    n = world.nodes
    out = []
    for v in nodes:
        if n.kind[v] == Kind.COMMUNITY:
            vulnerable = n.communities.vulnerable[v - n.community_offset]
            out.append(VULNERABLE_COLOUR if vulnerable else OTHER_COMMUNITY_COLOUR)
        else:
            out.append(SECTOR_COLOURS[Sector(n.sector[v])])
    return out


def png(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes (what the page shows; ``IPython.display.Image(png(fig))`` shows
    it in a notebook)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def tie_shades(strength: np.ndarray) -> np.ndarray:
    """RGBA per tie: near-black, more opaque the stronger the tie."""
    return np.column_stack([np.full((len(strength), 3), 0.1), 0.08 + 0.85 * strength])


def tie_widths(strength: np.ndarray) -> np.ndarray:
    return 0.4 + 3.0 * strength


class NetworkCanvas:
    """One block's network figure, drawn once, then updated in place month by month.

    Nodes are coloured by sector and sized by formal power (neither changes during a run); ties
    are shaded by strength; silent spectators are ringed. Updating only the ties and the rings
    is several times faster than drawing a new figure, which keeps the page responsive.
    """

    def __init__(self, world: World, pic: BlockPicture, title: str = ""):
        self.fig = Figure(figsize=(7.2, 6.4))
        ax = self.fig.add_axes((0, 0, 1, 0.95))
        pos = {int(v): i for i, v in enumerate(pic.nodes)}
        t = world.ties
        a = np.array([pos[int(v)] for v in t.src[pic.ties]], int)
        b = np.array([pos[int(v)] for v in t.dst[pic.ties]], int)
        segments = np.stack([pic.xy[a], pic.xy[b]], axis=1) if len(a) else np.zeros((0, 2, 2))
        self.ties = LineCollection(segments, zorder=1)
        ax.add_collection(self.ties)
        self.sizes = 25 + 330 * world.nodes.power[pic.nodes]
        colours = node_colours(world, pic.nodes)
        ax.scatter(*pic.xy.T, s=self.sizes, c=colours, edgecolors="white", zorder=2)
        self.rings = ax.scatter(
            [], [], s=[], facecolors="none", edgecolors="black", linewidths=1.6, zorder=3
        )
        handles = [
            Line2D([], [], ls="", marker="o", color=SECTOR_COLOURS[sec], label=SECTOR_LABELS[sec])
            for sec in (Sector.HEALTH, *ALLIED_SECTORS, Sector.ADMINISTRATION, Sector.PANCHAYAT)
        ]
        handles += [
            Line2D(
                [], [], ls="", marker="o", color=VULNERABLE_COLOUR, label="Vulnerable community"
            ),
            Line2D(
                [], [], ls="", marker="o", color=OTHER_COMMUNITY_COLOUR, label="Other community"
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                mfc="none",
                mec="black",
                mew=1.6,
                label="Silent spectator",
            ),
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=10, frameon=False, ncols=2)
        ax.set_xlim(-3.3, 3.3)
        ax.set_ylim(-4.6, 4.1)
        ax.set_aspect("equal")
        ax.axis("off")
        self.title = ax.set_title("", fontsize=12)
        self.update(pic, title)

    def update(self, pic: BlockPicture, title: str = "") -> "NetworkCanvas":
        """Show the ties' strengths and the silent spectators of ``pic`` (the same block)."""
        self.ties.set_color(tie_shades(pic.strength))
        self.ties.set_linewidths(tie_widths(pic.strength))
        self.rings.set_offsets(pic.xy[pic.silent] if pic.silent.any() else np.zeros((0, 2)))
        self.rings.set_sizes(self.sizes[pic.silent] * 2.2 + 60)
        self.title.set_text(title)
        return self


def network_figure(world: World, pic: BlockPicture, title: str = "") -> Figure:
    """One block's network as a new figure (see :class:`NetworkCanvas`)."""
    return NetworkCanvas(world, pic, title).fig


class IndicatorCanvas:
    """The six indicator panels, drawn once, then updated in place month by month.

    Each panel has a line per indicator for the current run and the same line, faint, for the
    comparison run (the previous run after a reset, or the run without the latest event); Gram
    Panchayat phases are stacked shares, with the comparison's boundaries dashed. Dotted
    vertical lines mark live events.
    """

    def __init__(self, months: int = 120):
        self.fig = Figure(figsize=(8.4, 9.0))
        self.fig.subplots_adjust(
            left=0.07, right=0.98, bottom=0.06, top=0.91, wspace=0.22, hspace=0.42
        )
        self.axes = self.fig.subplots(3, 2, sharex=True).ravel()
        self.lines: dict[tuple[int, str], tuple[Line2D, Line2D]] = {}  # (panel, column) -> lines
        for panel, (ax, (title, columns, ylim)) in enumerate(zip(self.axes, PANELS, strict=True)):
            ax.set_title(textwrap.fill(title, 34), fontsize=12)
            ax.set_ylim(*ylim)
            ax.tick_params(labelsize=11)
            if columns is None:
                self.phase_axes = ax
                continue
            for i, col in enumerate(columns):
                style = {"color": COLUMN_COLOURS.get(col, f"C{i}"), "lw": 2}
                (faint,) = ax.plot([], [], alpha=0.3, **style)
                (run,) = ax.plot([], [], label=LABELS.get(col), **style)
                self.lines[panel, col] = (run, faint)
            if len(columns) > 2:  # one line per sector: a compact legend
                ax.legend(fontsize=9, loc="upper left", frameon=False, ncols=3, handlelength=1)
            elif len(columns) > 1:
                ax.legend(fontsize=11, loc="upper left", frameon=False, ncols=2)
        ax = self.phase_axes
        self.phase_bounds = [  # the comparison's boundaries between phases 0|1, 1|2, 2|3, 3|4
            ax.plot([], [], color="black", alpha=0.35, lw=1, ls="--")[0] for _ in range(4)
        ]
        self.stack = []
        self.marks = []
        for ax in self.axes[4:]:
            ax.set_xlabel("month", fontsize=11)
        self.suptitle = self.fig.suptitle("", fontsize=11, color="#555555")
        self.axes[0].set_xlim(0, months)

    def update(
        self,
        series: pd.DataFrame,
        comparison: pd.DataFrame | None = None,
        comparison_label: str = "",
        events=(),
        months: int = 120,
    ) -> "IndicatorCanvas":
        """Show ``series`` (one row per month) against ``comparison``, with ``events`` marked
        as (month, label) pairs, on an axis of ``months`` months."""
        has_comparison = comparison is not None and len(comparison) > 0
        for (_, col), (run, faint) in self.lines.items():
            run.set_data(series["month"], series[col]) if len(series) else run.set_data([], [])
            if has_comparison:
                faint.set_data(comparison["month"], comparison[col])
            else:
                faint.set_data([], [])
        for artist in self.stack + self.marks:
            artist.remove()
        self.stack, self.marks = [], []
        cols = [f"gp_phase_{k}" for k in range(5)]
        if len(series):
            self.stack = self.phase_axes.stackplot(
                series["month"], series[cols].to_numpy().T, colors=PHASE_COLOURS
            )
        bounds = comparison[cols].to_numpy().cumsum(axis=1)[:, :-1] if has_comparison else None
        for k, line in enumerate(self.phase_bounds):
            if has_comparison:
                line.set_data(comparison["month"], bounds[:, k])
            else:
                line.set_data([], [])
        for month, label in events:
            for ax in self.axes:
                self.marks.append(ax.axvline(month, color="black", ls=":", lw=1.2))
            top = PANELS[0][2][1]
            self.marks.append(
                self.axes[0].annotate(
                    label, (month, top), fontsize=10, rotation=90, va="top", ha="right"
                )
            )
        self.axes[0].set_xlim(0, months)
        # wrapped to the figure's width: a long label (a previous run's settings) would be
        # clipped on both sides
        self.suptitle.set_text(
            textwrap.fill(f"Faint lines: {comparison_label}", 100) if has_comparison else ""
        )
        return self


def indicator_figure(
    series: pd.DataFrame,
    comparison: pd.DataFrame | None = None,
    comparison_label: str = "",
    events=(),
    months: int = 120,
) -> Figure:
    """The six panels of the dashboard as a new figure (see :class:`IndicatorCanvas`)."""
    return IndicatorCanvas(months).update(series, comparison, comparison_label, events, months).fig


def readout(series: pd.DataFrame) -> dict[str, float]:
    """The latest value of each plotted indicator (empty before the first month)."""
    if not len(series):
        return {}
    last = series.iloc[-1]
    cols = ("collaboration_district", "collaboration_block", "collaboration_reported_block")
    cols += ("sector_breadth",)
    cols += ("gp_phase_mean", "reach_vulnerable", "allied_engagement")
    cols += ("forums_reformed", "forums_dropped", "vhsnc_met", "frontline_joint_work")
    return {"month": int(last["month"]), **{c: float(last[c]) for c in cols}}
