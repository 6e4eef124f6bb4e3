"""Figures of a run's main indicators over time."""

import pandas as pd
from matplotlib.figure import Figure

from simulation.indicators import SECTOR_COLUMNS
from simulation.stakeholders import SECTOR_LABELS

PHASE_LABELS = ["0 none", "1 oriented", "2 access", "3 planning", "4 resources"]


def indicators_figure(ts: pd.DataFrame, title: str) -> Figure:
    """Six panels: collaboration (real and reported), sectors engaged, Gram Panchayat phases,
    reach of vulnerable and other communities, mindsets and trust, meetings with action."""
    # Fixed margins, not a layout engine: "constrained" measures every text twice and took
    # longer than a short run's months (experiments/benchmark.py --only startup).
    fig = Figure(figsize=(15, 8.5))
    fig.subplots_adjust(left=0.035, right=0.99, bottom=0.06, top=0.925, wspace=0.13, hspace=0.2)
    fig.suptitle(title)
    ax = fig.subplots(2, 3)
    month = ts["month"]

    a = ax[0, 0]
    for level, color in (("district", "tab:blue"), ("block", "tab:orange")):
        a.plot(month, ts[f"collaboration_{level}"], label=f"{level}, real", color=color)
        a.plot(
            month,
            ts[f"collaboration_reported_{level}"],
            label=f"{level}, reported by leaders",
            color=color,
            ls="--",
        )
    a.set(title="Collaboration (every health-to-sector pair)", ylim=(0, 1))
    a.legend(loc="best", fontsize="small")

    a = ax[0, 1]
    for sector, col in SECTOR_COLUMNS.items():
        a.plot(month, ts[col].rolling(6, min_periods=1).mean(), label=SECTOR_LABELS[sector])
    a.set(title="Blocks where a sector acts jointly (6-month mean)", ylim=(0, 1))
    a.legend(loc="best", fontsize="small")

    a = ax[0, 2]
    a.stackplot(month, *[ts[f"gp_phase_{k}"] for k in range(5)], labels=PHASE_LABELS, alpha=0.85)
    a.set(title="Gram Panchayats by engagement phase", ylim=(0, 1))
    a.legend(loc="lower left", fontsize="small")

    a = ax[1, 0]
    a.plot(month, ts["reach_vulnerable"], label="vulnerable communities", color="tab:red")
    a.plot(month, ts["reach_other"], label="other communities", color="tab:gray")
    a.plot(month, ts["coverage"], label="average coverage", color="black", ls=":")
    a.set(title="Reach of services", ylim=(0, 1), xlabel="month")
    a.legend(loc="best")

    a = ax[1, 1]
    a.plot(month, ts["holistic_orientation_health"], label="health leaders' holistic orientation")
    a.plot(month, ts["trust_in_health"], label="allied departments' trust in health")
    a.plot(month, ts["willingness_allied"], label="allied departments' willingness")
    a.set(title="Mindsets and trust", ylim=(0, 1), xlabel="month")
    a.legend(loc="best", fontsize="small")

    a = ax[1, 2]
    a.plot(
        month,
        ts["meetings_with_action_share"],
        label="meetings ending with a joint action",
        color="tab:purple",
    )
    a.plot(
        month,
        ts["allied_engagement"],
        label="allied departments investing effort",
        color="tab:green",
    )
    a.set(title="Committee meetings", ylim=(0, 1), xlabel="month")
    a.legend(loc="best")
    return fig
