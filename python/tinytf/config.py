"""``tf.config``: which devices exist, how ops are placed on them, and whether tf.functions run eagerly."""
from collections import namedtuple

from tinytf import _core

PhysicalDevice = namedtuple("PhysicalDevice", ["name", "device_type"])

_soft_device_placement = True
_run_functions_eagerly = False


def list_physical_devices(device_type=None):
    """The devices of a kind ("CPU", "GPU"), or all. GPUs appear only in a CUDA build with a GPU present."""
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    devices += [PhysicalDevice(f"/physical_device:GPU:{i}", "GPU") for i in range(_core.gpu_count())]
    if device_type is None:
        return devices
    return [d for d in devices if d.device_type == str(device_type).upper()]


def set_soft_device_placement(enabled):
    """With soft placement (the default) an op asked to run on an absent GPU runs on the CPU."""
    global _soft_device_placement
    _soft_device_placement = bool(enabled)


def get_soft_device_placement():
    return _soft_device_placement


def build_info():
    return _core.build_info()


def run_functions_eagerly(run_eagerly):
    """With True, ``tf.function``-wrapped functions return their Python results untouched (for debugging).

    tinytf always runs the Python function (see tinytf/tf_function.py); this
    switch only stops the conversion of the results to tensors, as in TensorFlow."""
    global _run_functions_eagerly
    _run_functions_eagerly = bool(run_eagerly)


def functions_run_eagerly():
    """Whether ``run_functions_eagerly(True)`` is in effect."""
    return _run_functions_eagerly


def set_kernel_variant(kernel, variant):
    """Runs ``kernel`` as its ``"reference"`` version (the plain loop to read first) or its ``"fast"``
    one (the default). The kernels (``kernels_with_variants()``):

    - ``"matmul"``: every matmul, and Dense and Conv2D built on it (cpp/tinytf/kernels/gemm_reference.h);
    - ``"reduce"``: reduce_sum, reduce_mean, reduce_prod, reduce_max and reduce_min over any axes, one
      switch because they are one kernel with a different reducer (cpp/tinytf/kernels/reduce_reference.h);
    - ``"softmax"``: softmax and log_softmax (the same file; the fused cross-entropies have one version).

    CPU kernels only: on a GPU the one CUDA version runs either way. The choice is global and takes
    effect at the next call. A tinytf extension: TensorFlow has no such switch. ``tinytf-bench`` times
    both (its ``ref`` rows); the results agree to rounding."""
    _core.set_kernel_variant(str(kernel), str(variant))


def get_kernel_variant(kernel):
    """``"fast"`` or ``"reference"``: the version of ``kernel`` that runs now."""
    return _core.kernel_variant(str(kernel))


def kernels_with_variants():
    """The kernels that have a reference and a fast version: ``["matmul", "reduce", "softmax"]``."""
    return list(_core.kernels_with_variants())
