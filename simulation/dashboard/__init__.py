"""The trainer's dashboard: the model live in a browser, for a room of officers.

``scenes`` (controls and presets), ``session`` (the per-session model with live events),
``views`` (the network and indicator figures) and ``app`` (the Solara page).
"""
