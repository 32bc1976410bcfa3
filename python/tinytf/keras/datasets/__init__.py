"""``keras.datasets``: MNIST and Fashion-MNIST, downloaded once into ``~/.keras/datasets`` or read from local files."""
from tinytf.keras.datasets import fashion_mnist, mnist

__all__ = ["fashion_mnist", "mnist"]
