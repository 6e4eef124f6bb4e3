"""The planner's comparison of scenarios: scenario files, costs, the ensemble, the report.

``scenarios`` (configs/scenarios/*.yaml, checked), ``costs`` (illustrative unit costs),
``ensemble`` (every scenario on the same seeds, through the sweep machinery), ``comparison``
(the report's numbers) and ``report`` (Markdown and self-contained HTML).
"""
