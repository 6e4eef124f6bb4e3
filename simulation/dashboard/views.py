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
from matplotlib.ticker import FuncFormatter

from simulation.stakeholders import ALLIED_SECTORS, SECTOR_LABELS, Kind, Sector
from simulation.world import World

#: A forum member whose chance to invest effort, beside a more powerful partner, was below this
#: in the last month is drawn as a "silent spectator" (Singh et al. 2024: "if you want to
#: collaborate, you collaborate as a silent spectator").
SILENT_BELOW = 0.3
#: A tie at least this strong counts as strong in the caption.
STRONG_TIE = 0.5
#: How figures are sized for the page. A figure is drawn for the size it is shown at on a
#: projector's 1280x720, in CSS pixels, with 72 points to that size's inch: there, 1 pt of text
#: is 1 CSS pixel on the screen, and no browser scaling shrinks it. The PNG has ``DENSITY``
#: pixels per CSS pixel, so that on a screen of at least ``LARGE_SCREEN`` the page shows the
#: figures ``DENSITY`` times larger (1 pt is 1.5 CSS pixels there) at their natural size, and
#: sharp.
DENSITY = 1.5
#: Resolution of the figures' PNGs (dots per inch): ``DENSITY`` pixels per point.
DPI = round(72 * DENSITY)
#: (width, height) of a window from which the page shows figures ``DENSITY`` times larger.
LARGE_SCREEN = (1800, 1000)
#: The network of one block and the pair of plots, as (width, height) in CSS pixels at 1280x720.
NETWORK_SIZE = (300, 327)
PLOTS_SIZE = (620, 404)
#: Text in the figures, in points (CSS pixels at 1280x720): the plots' titles, and every other
#: text (tick labels, legends, axis labels, event marks). At least 14 px on a projector.
TITLE_PT = 16
TEXT_PT = 15

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


#: Series the room's model and its twin record beside the indicators, for what the live events
#: touch that no indicator shows alone (:func:`room_series`).
TRUST_IN_DHO = "trust_in_dho"
DHO_CHAIRED = "dho_chaired_met"


@dataclass(frozen=True)
class Panel:
    """One plot: its title, the columns drawn as lines (None: Gram Panchayat phases, stacked),
    the range of its y axis, and legend names and colours of its own for some columns (else
    ``LABELS`` and ``COLUMN_COLOURS``)."""

    title: str
    columns: tuple[str, ...] | None
    ylim: tuple[float, float]
    names: tuple[tuple[str, str], ...] = ()
    colours: tuple[tuple[str, str], ...] = ()


#: The district-wide collaboration line beside the series an event moves: its legend name and
#: colour there (``Panel.names``, ``Panel.colours``).
WHOLE_DISTRICT = "collaboration_district"
WHOLE_DISTRICT_NAME = ((WHOLE_DISTRICT, "whole district"),)
WHOLE_DISTRICT_COLOUR = ((WHOLE_DISTRICT, "#555555"),)

#: The plots, by name, in the order of the notebook's figure of every plot.
PANELS = {
    "collaboration": Panel(
        "Collaboration on every health-to-sector pair",
        ("collaboration_district", "collaboration_block"),
        (0, 1),
    ),
    "reported": Panel(
        "Block pairs: reported vs real collaboration",
        ("collaboration_block", "collaboration_reported_block"),
        (0, 1),
    ),
    "breadth": Panel(
        "Sector breadth: allied sectors per block acting jointly", ("sector_breadth",), (0, 5)
    ),
    "phases": Panel("Gram Panchayat phases 0 to 4 (light to dark)", None, (0, 1)),
    "reach": Panel("Reach of the vulnerable", ("reach_vulnerable", "reach_other"), (0, 1)),
    "silent": Panel(
        "Silent spectators: share of each sector's members",
        tuple(SILENT_COLUMNS.values()),
        (0, 1),
    ),
    "agenda": Panel(
        "Who sets the agenda: share of district and block meetings",
        ("agenda_set_by_collector", "agenda_set_by_health", "agenda_set_by_allied"),
        (0, 1),
    ),
    "chairs": Panel(
        "District committees that met, by who chaired",
        ("collector_chaired_met", DHO_CHAIRED),
        (0, 1),
    ),
    # each beside the district-wide collaboration line ("whole district"), so that the room
    # sees what an event moves where it acts against what it moves overall
    "health_side": Panel(
        "A transfer and deliverables act on the DHO",
        (
            "health_internal_coordination",
            TRUST_IN_DHO,
            "health_engagement_others_committees",
            WHOLE_DISTRICT,
        ),
        (0, 1),
        names=WHOLE_DISTRICT_NAME,
        colours=WHOLE_DISTRICT_COLOUR,
    ),
    "effort": Panel(
        "PDIA and a pandemic act on officers",
        ("holistic_orientation", "allied_engagement", WHOLE_DISTRICT),
        (0, 1),
        names=WHOLE_DISTRICT_NAME,
        colours=WHOLE_DISTRICT_COLOUR,
    ),
}
#: The pairs of plots the page shows one at a time, by the name on their button; the first is
#: shown as the page opens. Together they hold every panel.
PAIRS = {
    "Collaboration and power": ("collaboration", "silent"),
    "Agenda and chairs": ("agenda", "chairs"),
    "Reports and breadth": ("reported", "breadth"),
    "Villages and the vulnerable": ("phases", "reach"),
    "Where events act": ("health_side", "effort"),
}
#: The pair of plots that shows where each live event (``events.EVENTS``) acts, and the series
#: there it moves most (``tests/test_dashboard.py`` measures the gap to the twin over seeds).
EVENT_PLOTS = {
    "transfer_dho": ("Where events act", "health_internal_coordination"),
    "pdia_cycle": ("Where events act", "holistic_orientation"),
    "deliverables": ("Where events act", "health_engagement_others_committees"),
    "pandemic": ("Where events act", "allied_engagement"),
}
LABELS = {
    "collaboration_district": "district",
    "collaboration_block": "block",
    "collaboration_reported_block": "block, reported",
    "reach_vulnerable": "vulnerable",
    "reach_other": "others",
    "agenda_set_by_collector": "Collector",
    "agenda_set_by_health": "health",
    "agenda_set_by_allied": "other departments",
    "collector_chaired_met": "Collector",
    DHO_CHAIRED: "district health officer",
    "health_internal_coordination": "health's team",
    TRUST_IN_DHO: "trust in DHO",
    "health_engagement_others_committees": "DHO in others' meetings",
    "holistic_orientation": "officers' holistic view",
    "allied_engagement": "departments' effort",
    **{column: SECTOR_LABELS[sector] for sector, column in SILENT_COLUMNS.items()},
}
#: Lines drawn in their sector's colour (the Collector's in the district administration's).
COLUMN_COLOURS = {column: SECTOR_COLOURS[sector] for sector, column in SILENT_COLUMNS.items()}
COLUMN_COLOURS |= {
    "agenda_set_by_collector": SECTOR_COLOURS[Sector.ADMINISTRATION],
    "collector_chaired_met": SECTOR_COLOURS[Sector.ADMINISTRATION],
    "agenda_set_by_health": SECTOR_COLOURS[Sector.HEALTH],
    DHO_CHAIRED: SECTOR_COLOURS[Sector.HEALTH],
    "agenda_set_by_allied": SECTOR_COLOURS[Sector.RDPR],
}
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
    xy[d, 1] = 3.35
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


def room_series(world: World) -> dict[str, float]:
    """What the room records each month besides the indicators: each sector's share of silent
    spectators (:func:`silent_shares`); the district departments' mean trust in the district
    health officer on his committee pairs (``trust_in_dho``: a transfer restarts it); and the
    share of district committees that met with the district health officer in the chair
    (``dho_chaired_met``; the indicator ``collector_chaired_met`` is the Collector's share)."""
    from simulation.indicators import dho_chaired_met, selections

    t = world.ties
    trust = selections(world)["district_committee"].mean(t.trust_dst[t.forum])
    chaired = dho_chaired_met(world)
    return silent_shares(world) | {TRUST_IN_DHO: float(trust), DHO_CHAIRED: float(chaired)}


#: The room's own series (:func:`room_series`), in the order the model records them.
ROOM_COLUMNS = (*SILENT_COLUMNS.values(), TRUST_IN_DHO, DHO_CHAIRED)


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


def tie_widths(strength: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Line width per tie (points): thicker the stronger the tie."""
    return scale * (0.4 + 3.0 * strength)


def network_legend() -> list[tuple[str, str, bool]]:
    """What the network's colours and rings mean, as (label, colour, ringed) per entry: the
    sectors, the two kinds of community, and the ring of a silent spectator."""
    sectors = (Sector.HEALTH, *ALLIED_SECTORS, Sector.ADMINISTRATION, Sector.PANCHAYAT)
    entries = [(SECTOR_LABELS[sector], SECTOR_COLOURS[sector], False) for sector in sectors]
    entries += [
        ("Vulnerable community", VULNERABLE_COLOUR, False),
        ("Other community", OTHER_COMMUNITY_COLOUR, False),
        ("Silent spectator", "none", True),
    ]
    return entries


#: The network's extent in layout units (x, y): the district's row on top, the communities'
#: ring below; the notebook's figure, with its legend drawn in, has room for it at the bottom.
NETWORK_XLIM, NETWORK_YLIM = (-3.05, 3.05), (-2.95, 3.7)
NOTEBOOK_XLIM, NOTEBOOK_YLIM = (-3.3, 3.3), (-4.6, 4.1)
#: Points per layout unit at which the node sizes and tie widths below were chosen.
NODE_SCALE_PT = 7.2 * 72 / 6.6


class NetworkCanvas:
    """One block's network figure, drawn once, then updated in place month by month.

    Nodes are coloured by sector and sized by formal power (neither changes during a run); ties
    are shaded by strength; silent spectators are ringed. Updating only the ties and the rings
    is several times faster than drawing a new figure, which keeps the page responsive. The
    page's figure is ``NETWORK_SIZE`` and has no text: its legend is the page's
    (:func:`network_legend`). With ``legend=True`` (the notebook), the legend and the title are
    drawn in.
    """

    def __init__(self, world: World, pic: BlockPicture, title: str = "", legend: bool = False):
        if legend:
            self.fig = Figure(figsize=(7.2, 6.4))
            ax = self.fig.add_axes((0, 0, 1, 0.95))
            xlim, ylim = NOTEBOOK_XLIM, NOTEBOOK_YLIM
        else:
            self.fig = Figure(figsize=(NETWORK_SIZE[0] / 72, NETWORK_SIZE[1] / 72))
            ax = self.fig.add_axes((0, 0, 1, 1))
            xlim, ylim = NETWORK_XLIM, NETWORK_YLIM
        width_pt = self.fig.get_figwidth() * 72 * ax.get_position().width
        height_pt = self.fig.get_figheight() * 72 * ax.get_position().height
        pt_per_unit = min(width_pt / (xlim[1] - xlim[0]), height_pt / (ylim[1] - ylim[0]))
        self.scale = pt_per_unit / NODE_SCALE_PT
        pos = {int(v): i for i, v in enumerate(pic.nodes)}
        t = world.ties
        a = np.array([pos[int(v)] for v in t.src[pic.ties]], int)
        b = np.array([pos[int(v)] for v in t.dst[pic.ties]], int)
        segments = np.stack([pic.xy[a], pic.xy[b]], axis=1) if len(a) else np.zeros((0, 2, 2))
        self.ties = LineCollection(segments, zorder=1)
        ax.add_collection(self.ties)
        self.sizes = (36 + 330 * world.nodes.power[pic.nodes]) * self.scale**2
        colours = node_colours(world, pic.nodes)
        ax.scatter(*pic.xy.T, s=self.sizes, c=colours, edgecolors="white", zorder=2)
        self.rings = ax.scatter(
            [], [], s=[], facecolors="none", edgecolors="black", linewidths=1.6, zorder=3
        )
        if legend:
            ax.legend(handles=_legend_handles(), loc="lower left", frameon=False, ncols=2)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal")
        ax.axis("off")
        self.title = ax.set_title("", fontsize=12) if legend else None
        self.update(pic, title)

    def update(self, pic: BlockPicture, title: str = "") -> "NetworkCanvas":
        """Show the ties' strengths and the silent spectators of ``pic`` (the same block)."""
        self.ties.set_color(tie_shades(pic.strength))
        self.ties.set_linewidths(tie_widths(pic.strength, max(self.scale, 0.6)))
        self.rings.set_offsets(pic.xy[pic.silent] if pic.silent.any() else np.zeros((0, 2)))
        self.rings.set_sizes(self.sizes[pic.silent] * 2.2 + 60 * self.scale**2)
        if self.title is not None:
            self.title.set_text(title)
        return self


def _legend_handles() -> list[Line2D]:
    """The network's legend as matplotlib handles (the notebook's figure)."""
    return [
        Line2D([], [], ls="", marker="o", mfc="none", mec="black", mew=1.6, label=label)
        if ringed
        else Line2D([], [], ls="", marker="o", color=colour, label=label)
        for label, colour, ringed in network_legend()
    ]


def network_figure(world: World, pic: BlockPicture, title: str = "") -> Figure:
    """One block's network as a new figure, with its legend and title (the notebook's; see
    :class:`NetworkCanvas`)."""
    return NetworkCanvas(world, pic, title, legend=True).fig


#: Line heights, in font sizes: a title's line, and a legend's row (with its spacing).
TITLE_LINE, LEGEND_ROW = 1.35, 1.3
#: A legend has at most this many columns, above its plot.
LEGEND_COLUMNS = 3


def legend_rows(panel: Panel) -> int:
    """How many rows the panel's legend takes above it (0: one line, named by the title)."""
    n = len(panel.columns) if panel.columns is not None else 0
    return 0 if n < 2 else -(-n // LEGEND_COLUMNS)


class IndicatorCanvas:
    """Plots of the indicators month by month, drawn once, then updated in place.

    ``panels`` names the plots (keys of ``PANELS``; the page shows a pair, the notebook all
    six), in ``columns`` columns, on a figure of ``size`` points (the page's: ``PLOTS_SIZE``,
    CSS pixels at 1280x720). Each plot has its title and legend above it, in ``TITLE_PT`` and
    ``TEXT_PT``. Each has a line per indicator for the current run and the same line, faint,
    for the comparison run (the previous run after a reset, or the run without the latest
    event); Gram Panchayat phases are stacked shares, with the comparison's boundaries dashed.
    Dotted vertical lines mark live events, named in the top plots. With ``says_faint_lines``
    (the notebook), the figure names the comparison run on top; the page says it under the
    figure.
    """

    def __init__(
        self,
        panels: tuple[str, ...] = next(iter(PAIRS.values())),
        columns: int = 1,
        size: tuple[float, float] = PLOTS_SIZE,
        months: int = 120,
        says_faint_lines: bool = False,
    ):
        self.fig = Figure(figsize=(size[0] / 72, size[1] / 72))
        self.names = tuple(panels)
        self.panels = tuple(PANELS[name] for name in panels)
        self.columns = columns
        self.axes = self._place(size, says_faint_lines)
        self.lines: dict[tuple[int, str], tuple[Line2D, Line2D]] = {}  # (panel, column) -> lines
        self.phase_axes = None
        for i, (ax, panel) in enumerate(zip(self.axes, self.panels, strict=True)):
            self._draw_panel(i, ax, panel)
        self.phase_bounds = []  # the comparison's boundaries between phases 0|1, 1|2, 2|3, 3|4
        if self.phase_axes is not None:
            self.phase_bounds = [
                self.phase_axes.plot([], [], color="black", alpha=0.35, lw=1, ls="--")[0]
                for _ in range(4)
            ]
        self.stack = []
        self.marks = []
        self.faint_label = None
        if says_faint_lines:
            self.faint_label = self.fig.text(
                0.01, 0.995, "", fontsize=TEXT_PT, color="#555555", va="top"
            )
        self.axes[0].set_xlim(0, months)

    def _place(self, size: tuple[float, float], says_faint_lines: bool) -> list:
        """The plots' axes, placed in points from the top: per row, the title's line, the
        legends' rows, the plot; under the last row, the months' tick labels and "month"."""
        width, height = size
        rows = [self.panels[i : i + self.columns] for i in range(0, len(self.panels), self.columns)]
        left, right, gap, between = 3.2 * TEXT_PT, 1.6 * TEXT_PT, 4 * TEXT_PT, 0.6 * TEXT_PT
        above = [
            TITLE_PT * TITLE_LINE + max(legend_rows(p) for p in row) * TEXT_PT * LEGEND_ROW
            for row in rows
        ]
        below = 2 * TEXT_PT * TITLE_LINE + 4
        top = 2 * TEXT_PT * TITLE_LINE if says_faint_lines else 4
        plot = (height - top - sum(above) - between * (len(rows) - 1) - below) / len(rows)
        cell = (width - left - right - gap * (self.columns - 1)) / self.columns
        axes = []
        y = height - top
        for r, row in enumerate(rows):
            y -= above[r] + plot
            for c in range(len(row)):
                x = left + c * (cell + gap)
                box = (x / width, y / height, cell / width, plot / height)
                ax = self.fig.add_axes(box, sharex=axes[0] if axes else None)
                ax.tick_params(labelsize=TEXT_PT, labelbottom=r == len(rows) - 1)
                if r == len(rows) - 1:
                    ax.set_xlabel("month", fontsize=TEXT_PT)
                axes.append(ax)
            y -= between
        return axes

    def _draw_panel(self, i: int, ax, panel: Panel) -> None:
        """One plot's axes, title, legend and (empty) lines."""
        ax.set_ylim(*panel.ylim)
        ax.set_yticks(np.linspace(*panel.ylim, 3))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.grid(axis="y", color="#dddddd", lw=0.8)
        rows = legend_rows(panel)
        ax.set_title(
            panel.title,
            loc="left",
            fontsize=TITLE_PT,
            pad=4 + rows * TEXT_PT * LEGEND_ROW,
        )
        if panel.columns is None:
            self.phase_axes = ax
            return
        for k, col in enumerate(panel.columns):
            colour = dict(panel.colours).get(col, COLUMN_COLOURS.get(col, f"C{k}"))
            style = {"color": colour, "lw": 2}
            (faint,) = ax.plot([], [], alpha=0.3, **style)
            (run,) = ax.plot([], [], label=dict(panel.names).get(col, LABELS.get(col)), **style)
            self.lines[i, col] = (run, faint)
        if rows:
            ax.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1),
                borderaxespad=0,
                borderpad=0.1,
                labelspacing=LEGEND_ROW - 1,
                ncols=min(LEGEND_COLUMNS, len(panel.columns)),
                fontsize=TEXT_PT,
                frameon=False,
                handlelength=1.2,
                handletextpad=0.4,
                columnspacing=1.0,
            )

    def update(
        self,
        series: pd.DataFrame,
        comparison: pd.DataFrame | None = None,
        comparison_label: str = "",
        events=(),
        months: int = 120,
        lessons=(),
    ) -> "IndicatorCanvas":
        """Show ``series`` (one row per month) against ``comparison``, with ``events`` marked
        as (month, label) pairs, on an axis of ``months`` months; and ``lessons`` as (panel,
        month, value, text): a dot and the text on the plot ``panel`` (a key of ``PANELS``,
        if shown) where a teaching scene's lesson shows (``scenes.Lesson``)."""
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
        if self.phase_axes is not None and len(series):
            self.stack = self.phase_axes.stackplot(
                series["month"], series[cols].to_numpy().T, colors=PHASE_COLOURS
            )
        bounds = comparison[cols].to_numpy().cumsum(axis=1)[:, :-1] if has_comparison else None
        for k, line in enumerate(self.phase_bounds):
            if has_comparison:
                line.set_data(comparison["month"], bounds[:, k])
            else:
                line.set_data([], [])
        self._mark(events, months)
        self._teach(lessons, months)
        self.axes[0].set_xlim(0, months)
        if self.faint_label is not None:
            # wrapped to the figure's width: a long label (a previous run's settings) would be
            # clipped on both sides
            chars = int(self.fig.get_figwidth() * 72 / (0.6 * TEXT_PT))
            text = f"Faint lines: {comparison_label}" if has_comparison else ""
            self.faint_label.set_text(textwrap.fill(text, chars))
        return self

    def _teach(self, lessons, months: int) -> None:
        """A dot at each lesson's month and value, with its text beside it, inside the plot
        (below the dot in the top half, above it in the bottom half; left of it late on)."""
        for name, month, value, text in lessons:
            if name not in self.names:
                continue
            ax = self.axes[self.names.index(name)]
            low, high = ax.get_ylim()
            top = value > (low + high) / 2
            late = month > months * 2 / 3
            (dot,) = ax.plot([month], [value], "o", ms=8, mfc="white", mec="black", mew=1.6)
            note = ax.annotate(
                text,
                (month, value),
                xytext=(-6 if late else 6, -8 if top else 8),
                textcoords="offset points",
                ha="right" if late else "left",
                va="top" if top else "bottom",
                fontsize=TEXT_PT,
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 1},
            )
            self.marks += [dot, note]

    def _mark(self, events, months: int) -> None:
        """A dotted line in every plot at each event's month, and the event's name at the top
        of the top plots (left of the line in the last third of the axis, so it stays inside)."""
        for n, (month, label) in enumerate(events):
            for ax in self.axes:
                self.marks.append(ax.axvline(month, color="black", ls=":", lw=1.2))
            late = month > months * 2 / 3
            for ax in self.axes[: self.columns]:
                self.marks.append(
                    ax.annotate(
                        label,
                        (month, 1),
                        xycoords=("data", "axes fraction"),
                        xytext=(-3 if late else 3, -2 - n * TEXT_PT * LEGEND_ROW),
                        textcoords="offset points",
                        ha="right" if late else "left",
                        va="top",
                        fontsize=TEXT_PT,
                        bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 1},
                    )
                )


def indicator_figure(
    series: pd.DataFrame,
    comparison: pd.DataFrame | None = None,
    comparison_label: str = "",
    events=(),
    months: int = 120,
) -> Figure:
    """Every plot in two columns, the comparison run named on top, as a new figure (the
    notebook's; see :class:`IndicatorCanvas`)."""
    width, height = PLOTS_SIZE
    rows = -(-len(PANELS) // 2)
    size = (2 * width, 1.6 * height * rows / 3)  # as tall per row as the six plots' figure was
    canvas = IndicatorCanvas(tuple(PANELS), 2, size, months, True)
    return canvas.update(series, comparison, comparison_label, events, months).fig


def event_gap(series: pd.DataFrame, twin: pd.DataFrame, event: str, since: int) -> dict:
    """What the room reads under the plots after ``event`` (a key of ``EVENT_PLOTS``), fired in
    month ``since``: on the series where it acts, the latest value with and without it (the
    twin), and the largest gap between the two since then."""
    _, column = EVENT_PLOTS[event]
    after = series["month"] > since
    run = series[column].to_numpy()[after.to_numpy()]
    without = twin[column].to_numpy()[(twin["month"] > since).to_numpy()]
    n = min(len(run), len(without))
    return {
        "months": n,
        "series": LABELS[column],
        "now": float(run[n - 1]) if n else float("nan"),
        "without": float(without[n - 1]) if n else float("nan"),
        "largest": float(np.abs(run[:n] - without[:n]).max()) if n else 0.0,
    }


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
