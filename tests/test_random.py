"""tf.random: seeded reproducibility, thread-count independence and the distributions' statistics."""
import textwrap

import numpy as np
import pytest

import tinytf as tf
from helpers import FLOAT, run_with_threads


@pytest.fixture(autouse=True)
def _reset_global_seed():
    yield
    tf.random.set_seed(None)


def _draws():
    return [tf.random.normal([3, 4]).numpy(), tf.random.uniform([5]).numpy(),
            tf.random.uniform([6], 0, 100, dtype=tf.int32).numpy(), tf.random.normal([2], seed=7).numpy(),
            tf.random.normal([2], seed=7).numpy(), tf.random.shuffle(tf.range(10)).numpy()]


def test_set_seed_reproduces_the_whole_sequence():
    tf.random.set_seed(1234)
    first = _draws()
    tf.random.set_seed(1234)
    second = _draws()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    # successive ops get different numbers; an op seed used twice continues its stream
    assert not np.array_equal(first[0][0, :2], first[3])
    assert not np.array_equal(first[3], first[4])
    tf.random.set_seed(4321)
    other = _draws()
    assert not np.array_equal(first[0], other[0])


def test_op_seed_alone_is_reproducible_across_set_seed_calls():
    tf.random.set_seed(None)
    a = tf.random.uniform([8], seed=3).numpy()
    tf.random.set_seed(None)
    b = tf.random.uniform([8], seed=3).numpy()
    np.testing.assert_array_equal(a, b)


def test_unseeded_draws_differ():
    tf.random.set_seed(None)
    assert not np.array_equal(tf.random.normal([16]).numpy(), tf.random.normal([16]).numpy())


_THREAD_SCRIPT = textwrap.dedent("""
    import os
    import sys
    import tinytf as tf
    assert tf.build_info()["num_threads"] == int(os.environ["OMP_NUM_THREADS"]), tf.build_info()
    tf.random.set_seed(99)
    parts = [tf.random.normal([1 << 18]), tf.random.uniform([1 << 18], dtype=tf.float64),
             tf.random.uniform([1 << 16], -5, 5, dtype=tf.int64), tf.random.normal([300, 7], seed=4),
             tf.random.shuffle(tf.range(1 << 15))]
    for p in parts:
        sys.stdout.buffer.write(p.numpy().tobytes())
""")


def test_random_numbers_do_not_depend_on_thread_count():
    one, two = run_with_threads(_THREAD_SCRIPT, 1), run_with_threads(_THREAD_SCRIPT, 2)
    assert len(one) == len(two) > 0
    assert one == two, "tf.random gives different numbers with OMP_NUM_THREADS=1 and 2"


def _philox4x32_10(counter, key):
    """Philox4x32-10 in plain Python (Salmon et al. 2011), the reference for the engine's generator."""
    mask = 0xFFFFFFFF
    v0, v1, v2, v3 = counter
    k0, k1 = key
    for _ in range(10):
        p0, p1 = 0xD2511F53 * v0, 0xCD9E8D57 * v2
        v0, v1, v2, v3 = (p1 >> 32) ^ v1 ^ k0, p1 & mask, (p0 >> 32) ^ v3 ^ k1, p0 & mask
        k0, k1 = (k0 + 0x9E3779B9) & mask, (k1 + 0xBB67AE85) & mask
    return v0, v1, v2, v3


@pytest.mark.parametrize("counter,key,expected", [
    # Random123's known-answer vectors for Philox4x32-10.
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
])
def test_reference_philox_matches_random123(counter, key, expected):
    assert _philox4x32_10(counter, key) == expected


@pytest.mark.parametrize("n", [4, 1001, 70_003])
def test_engine_philox_bits_match_the_reference(n):
    """The CPU kernel draws Philox calls many at a time (kernels/random.h) on several threads: every call must
    still give Philox4x32-10's bits for counter (call index, stream) under key seed, including the ragged last
    batch of a thread's share. An int64 in [0, 2**63 - 1) is two words: ((w0 << 32) | w1) % (2**63 - 1)."""
    from tinytf import _core
    seed, stream = 0x299F31D0A4093822, 0x0370734413198A2E
    got = _core.random_uniform([n], 0, 2**63 - 1, tf.int64._core, seed, stream).numpy()
    want = []
    for call in range((n + 1) // 2):
        w = _philox4x32_10((call & 0xFFFFFFFF, call >> 32, stream & 0xFFFFFFFF, stream >> 32),
                           (seed & 0xFFFFFFFF, seed >> 32))
        want += [((w[0] << 32) | w[1]) % (2**63 - 1), ((w[2] << 32) | w[3]) % (2**63 - 1)]
    assert got.tolist() == want[:n]


@pytest.mark.parametrize("dtype", FLOAT)
def test_normal_statistics(dtype):
    tf.random.set_seed(7)
    n = 400_000
    x = tf.random.normal([n], mean=3.0, stddev=2.0, dtype=dtype)
    assert x.dtype == dtype and x.shape.as_list() == [n]
    v = x.numpy().astype(np.float64)
    # 6 standard errors: the test is deterministic (seeded) and still meaningful.
    assert abs(v.mean() - 3.0) < 6 * 2.0 / np.sqrt(n)
    assert abs(v.std() - 2.0) < 6 * 2.0 / np.sqrt(2 * n)
    # shape of the distribution: about 68.3% / 95.4% within 1 / 2 standard deviations
    z = np.abs(v - 3.0) / 2.0
    assert abs(np.mean(z < 1) - 0.6827) < 0.005
    assert abs(np.mean(z < 2) - 0.9545) < 0.003
    assert abs(np.mean(v > 3.0) - 0.5) < 0.005


@pytest.mark.parametrize("dtype", FLOAT)
def test_uniform_statistics_and_range(dtype):
    tf.random.set_seed(8)
    n = 400_000
    x = tf.random.uniform([n], minval=-2.0, maxval=3.0, dtype=dtype)
    assert x.dtype == dtype
    v = x.numpy()
    assert v.min() >= -2.0 and v.max() < 3.0, "uniform must lie in [minval, maxval)"
    assert abs(v.astype(np.float64).mean() - 0.5) < 6 * 5 / np.sqrt(12 * n)
    hist, _ = np.histogram(v, bins=10, range=(-2.0, 3.0))
    assert np.all(np.abs(hist / n - 0.1) < 0.003), hist
    default = tf.random.uniform([1000]).numpy()
    assert default.dtype == np.float32 and default.min() >= 0.0 and default.max() < 1.0


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_uniform_integers(dtype):
    tf.random.set_seed(9)
    x = tf.random.uniform([60_000], minval=-3, maxval=7, dtype=dtype)
    assert x.dtype == dtype
    v = x.numpy()
    assert v.min() == -3 and v.max() == 6, "integer uniform must cover [minval, maxval) and exclude maxval"
    counts = np.bincount(v + 3, minlength=10)
    assert np.all(np.abs(counts / v.size - 0.1) < 0.01), counts
    np.testing.assert_array_equal(tf.random.uniform([5], 3, 4, dtype=dtype).numpy(), [3] * 5)
    with pytest.raises(ValueError, match="maxval"):
        tf.random.uniform([3], dtype=dtype)


def test_shuffle_is_a_permutation_of_the_first_axis():
    tf.random.set_seed(10)
    x = np.arange(40).reshape(20, 2)
    got = tf.random.shuffle(tf.constant(x)).numpy()
    assert got.shape == x.shape
    assert not np.array_equal(got, x)
    np.testing.assert_array_equal(np.sort(got[:, 0]), x[:, 0])
    np.testing.assert_array_equal(got[:, 1], got[:, 0] + 1)  # rows move whole
    assert tf.random.shuffle(tf.zeros([0, 3])).shape.as_list() == [0, 3]


def test_random_shapes_and_empty():
    assert tf.random.normal([]).shape.as_list() == []
    assert tf.random.normal([2, 0, 3]).shape.as_list() == [2, 0, 3]
    assert tf.random.uniform((4,)).shape.as_list() == [4]
    assert tf.random.normal(tf.constant([2, 3])).shape.as_list() == [2, 3]
    z = tf.random.normal([3], mean=5.0, stddev=0.0, dtype=tf.float64)
    np.testing.assert_array_equal(z.numpy(), [5.0, 5.0, 5.0])
