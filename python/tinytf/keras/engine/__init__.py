"""The functional-graph machinery: symbolic tensors (KerasTensor), nodes and graphs."""
