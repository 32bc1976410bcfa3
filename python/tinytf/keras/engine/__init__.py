"""The functional-graph machinery, below the layers.

    keras_tensor.py   KerasTensor: a symbolic tensor (shape, dtype, where it came from)
    node.py           Node: one layer call on symbolic tensors
    operation.py      Operation: the symbolic half of a layer (record a node, infer output shapes)
    call_context.py   the layer calls in progress (their `training` value) and what each call() accepts
"""
