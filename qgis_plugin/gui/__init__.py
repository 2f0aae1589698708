"""Widgets of the plugin: dialogs, docks and the controllers that queue core tasks.

Widgets collect frozen parameter dataclasses and hand them to ``core`` tasks; the task
results come back through callbacks run in the main thread. Nothing here runs in a worker.
"""
