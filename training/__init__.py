"""Training pipeline for the sealed-surface SegFormer (see the model issue; not built yet)."""
