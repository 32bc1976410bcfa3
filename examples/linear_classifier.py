"""The linear classifier of Deep Learning with Python (2nd ed.), chapter 3, on tinytf.

    python examples/linear_classifier.py [--plot points.png]

The program itself is in tinytf/demo.py (also `tinytf-demo linear`).
"""
from tinytf.demo import main

if __name__ == "__main__":
    import sys

    main(["linear", *sys.argv[1:]])
