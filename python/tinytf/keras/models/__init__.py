"""``keras.models``: Model, Sequential, and the Functional class behind ``keras.Model(inputs, outputs)``."""
from tinytf.keras.models.functional import Functional
from tinytf.keras.models.model import Model
from tinytf.keras.models.sequential import Sequential

__all__ = ["Functional", "Model", "Sequential"]
