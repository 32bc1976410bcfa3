"""Fixtures shared by the test files."""
import sys

import pytest

import tinytf as tf

_ORDER = ["portable", "avx2", "avx512"]
_SUPPORTED = tf.build_info()["simd_supported"]
LEVELS = _ORDER[: _ORDER.index(_SUPPORTED) + 1] if _SUPPORTED in _ORDER else ["portable"]


@pytest.fixture(params=LEVELS)
def simd_level(request):
    """Runs the test with each SIMD level this CPU supports, restoring the default afterwards."""
    before = tf.build_info()["simd"]
    tf._core.set_simd_level(request.param)
    assert tf.build_info()["simd"] == request.param
    yield request.param
    tf._core.set_simd_level(before)


def _kernel_variant_fixture(kernel):
    @pytest.fixture(params=["fast", "reference"], name=f"{kernel}_variant")
    def fixture(request):
        before = tf.config.get_kernel_variant(kernel)
        tf.config.set_kernel_variant(kernel, request.param)
        yield request.param
        tf.config.set_kernel_variant(kernel, before)
    fixture.__doc__ = (f"Runs the test with the fast {kernel} kernel and again with its plain reference loop "
                       f"(tf.config.set_kernel_variant('{kernel}', ...)), restoring the variant it found.")
    return fixture


# reduce_variant: every reduce_sum/mean/prod/max/min; softmax_variant: softmax and log_softmax.
reduce_variant = _kernel_variant_fixture("reduce")
softmax_variant = _kernel_variant_fixture("softmax")


@pytest.fixture(autouse=True)
def fresh_keras_names():
    """Every test starts with fresh Keras layer names (dense, dense_1, ...), as after clear_session()."""
    if "tinytf.keras" in sys.modules:
        sys.modules["tinytf.keras"].backend.clear_session()
