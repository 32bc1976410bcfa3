"""``keras.utils``: plot_model, model_to_dot, and the summary helpers."""
from tinytf.keras.utils import summary_utils
from tinytf.keras.utils.model_visualization import model_to_dot, plot_model

__all__ = ["model_to_dot", "plot_model", "summary_utils"]
