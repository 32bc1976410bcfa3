"""Deep Learning with Python (2nd ed.), chapters 2 and 7: the first Keras network, trained with fit.

    python examples/mnist.py [--dataset mnist|fashion_mnist|digits] [--epochs 5] [--plot curves.png]

The program itself is in tinytf/demo.py (also `tinytf-demo mnist`).
"""
from tinytf.demo import main

if __name__ == "__main__":
    import sys

    main(["mnist", *sys.argv[1:]])
