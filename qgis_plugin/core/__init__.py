"""Plugin logic without widgets (pure Python on top of ``verite_core``)."""
