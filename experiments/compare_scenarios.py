"""Compare block convergence models and reforms in a state, and write a report to hand on.

    python experiments/compare_scenarios.py                       # Bihar, 8 scenarios, 30 seeds
    python experiments/compare_scenarios.py state=kerala seeds=50
    python experiments/compare_scenarios.py compare=[status_quo,rdpr_led,my/own_scenario.yaml]
    python experiments/compare_scenarios.py costs.pdia_days=12 collapse_below=0.15

The same command as ``python -m simulation.planning`` (which an installed package runs from any
folder); the comparison itself, and :func:`partial`, the rule of when a comparison is partial,
are in ``simulation/planning/command.py``. Settings are in ``configs/compare.yaml``.
"""

from simulation.planning.command import comparison_command, partial

__all__ = ["main", "partial"]

main = comparison_command("python experiments/compare_scenarios.py")

if __name__ == "__main__":
    main()
