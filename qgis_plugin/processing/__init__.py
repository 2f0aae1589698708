"""The "Vérité Terrain" Processing provider and its algorithms (toolbox, batch mode,
models, ``processing.run``): segment sealed surfaces with a model, sealed share by
polygon, sealed change between two rasters."""
