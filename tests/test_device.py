"""Device names and scopes: with no GPU, a GPU scope runs on the CPU under soft placement."""
import pytest

import tinytf as tf
from tinytf.device import parse


def test_parse_tensorflow_device_names():
    assert parse("/GPU:0") == ("GPU", 0)
    assert parse("/device:gpu:1") == ("GPU", 1)
    assert parse("cpu") == ("CPU", 0)
    assert parse("/job:localhost/replica:0/task:0/device:CPU:0") == ("CPU", 0)
    for bad in ("/XPU:0", "garbage", "/GPU:x"):
        with pytest.raises(ValueError, match="Unknown attribute"):
            parse(bad)


def test_cpu_only_machine_lists_no_gpu_and_places_softly():
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("a GPU is present")
    assert [d.device_type for d in tf.config.list_physical_devices()] == ["CPU"]
    assert tf.config.get_soft_device_placement()
    with tf.device("/GPU:0"):
        t = tf.constant([1.0]) + 1
    assert t.device.endswith("device:CPU:0")


def test_hard_placement_on_a_missing_gpu_raises():
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("a GPU is present")
    tf.config.set_soft_device_placement(False)
    try:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Could not satisfy device specification"):
            with tf.device("/GPU:0"):
                pass
        with tf.device("/CPU:0"):
            assert float(tf.constant(2.0) * 2) == 4.0
    finally:
        tf.config.set_soft_device_placement(True)
