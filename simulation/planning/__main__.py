"""``python -m simulation.planning [key=value ...]``: the planner's comparison of scenarios in a
state (see :mod:`simulation.planning.command`; settings in ``configs/compare.yaml``).

    python -m simulation.planning state=kerala seeds=50
"""

from simulation.planning.command import comparison_command

main = comparison_command("python -m simulation.planning")

if __name__ == "__main__":
    main()
