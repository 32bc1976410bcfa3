"""tf.data beyond the recorded TensorFlow outcomes (test_data_tf.py): the fast batching path,
seeded shuffling, caching, generators, lazy element specs and the pipeline's laziness."""
import subprocess
import sys

import numpy as np
import pytest

import tinytf as tf
from tinytf.data import node

D = tf.data.Dataset


def numpy_batches(ds):
    return [tuple(np.asarray(part) for part in batch) for batch in ds]


def test_dataset_is_lazy_and_not_imported_by_tinytf():
    code = "import sys, tinytf; assert 'tinytf.data' not in sys.modules; tinytf.data.Dataset; print('ok')"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "ok"


def test_batches_of_slices_are_slices_of_the_arrays(monkeypatch):
    x = np.arange(50 * 3, dtype=np.float32).reshape(50, 3)
    y = np.arange(50)
    # the fast path never makes single elements
    monkeypatch.setattr(node.Rows, "element", lambda self, i: pytest.fail("per-element work while batching"))
    batches = numpy_batches(D.from_tensor_slices((x, y)).batch(16))
    assert [b[0].shape for b in batches] == [(16, 3), (16, 3), (16, 3), (2, 3)]
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    assert [b[1].dtype for b in batches] == [np.int64] * 4


@pytest.mark.parametrize("steps", [
    lambda ds: ds.shuffle(7, seed=3),
    lambda ds: ds.shuffle(100, seed=3).take(23),
    lambda ds: ds.skip(5).repeat(3).shuffle(10, seed=3),
    lambda ds: ds.shuffle(10, seed=3).cache().repeat(2),
    lambda ds: ds.take(20).prefetch(tf.data.AUTOTUNE),
])
@pytest.mark.parametrize("drop_remainder", [False, True])
def test_fast_batching_equals_batching_element_by_element(steps, drop_remainder):
    x = np.random.default_rng(0).standard_normal((41, 2, 3)).astype(np.float32)
    y = np.arange(41, dtype=np.int32)
    fast = steps(D.from_tensor_slices({"x": x, "y": y})).batch(4, drop_remainder=drop_remainder)
    # a map hides the rows: the same steps now shuffle elements, then batch stacks them
    slow = steps(D.from_tensor_slices({"x": x, "y": y}).map(lambda e: e)).batch(4, drop_remainder=drop_remainder)
    assert fast.element_spec == slow.element_spec
    fast_batches, slow_batches = list(fast), list(slow)
    assert len(fast_batches) == len(slow_batches) == (len(fast) if fast.cardinality() >= 0 else len(fast_batches))
    for a, b in zip(fast_batches, slow_batches):
        np.testing.assert_array_equal(a["x"].numpy(), b["x"].numpy())
        np.testing.assert_array_equal(a["y"].numpy(), b["y"].numpy())


def test_batching_tensors_and_variables_keeps_their_values():
    t = tf.reshape(tf.range(12.0), (6, 2))
    (first,) = list(D.from_tensor_slices(t).batch(6))
    np.testing.assert_array_equal(first.numpy(), t.numpy())


def test_shuffle_is_a_permutation_and_seeded_by_tf_random_set_seed():
    tf.random.set_seed(5)
    a = [int(v) for v in D.range(100).shuffle(100)]
    tf.random.set_seed(5)
    b = [int(v) for v in D.range(100).shuffle(100)]
    assert a == b and sorted(a) == list(range(100)) and a != list(range(100))
    tf.random.set_seed(6)
    assert [int(v) for v in D.range(100).shuffle(100)] != a


def test_shuffle_seed_argument_and_reshuffling_each_epoch():
    ds = D.range(20).shuffle(20, seed=11)
    epochs = [list(ds.as_numpy_iterator()) for _ in range(3)]
    assert epochs[0] != epochs[1] != epochs[2]
    again = D.range(20).shuffle(20, seed=11)
    assert list(again.as_numpy_iterator()) == epochs[0]  # a new dataset with the same seed starts over
    frozen = D.range(20).shuffle(20, seed=11, reshuffle_each_iteration=False)
    assert list(frozen.as_numpy_iterator()) == list(frozen.as_numpy_iterator())
    repeated = list(D.range(20).shuffle(20, seed=11).repeat(2).as_numpy_iterator())
    assert repeated[:20] != repeated[20:] and sorted(repeated[:20]) == sorted(repeated[20:]) == list(range(20))


def test_small_shuffle_buffer_only_moves_elements_a_little():
    order = [int(v) for v in D.range(200).shuffle(3, seed=1)]
    assert sorted(order) == list(range(200))
    assert all(order[i] <= i + 2 for i in range(200))  # element i can only come out once it has been read
    assert [int(v) for v in D.range(5).shuffle(1)] == [0, 1, 2, 3, 4]


def test_cache_replays_the_first_complete_pass():
    calls = []
    ds = D.range(5).map(lambda x: (calls.append(1), x * 2)[1]).cache()
    assert list(ds.take(2).as_numpy_iterator()) == [0, 2]  # a partial pass is not kept
    assert list(ds.as_numpy_iterator()) == [0, 2, 4, 6, 8]
    count = len(calls)
    assert list(ds.as_numpy_iterator()) == [0, 2, 4, 6, 8]
    assert len(calls) == count  # the second full pass did not run the map
    frozen = D.range(10).shuffle(10, seed=2).cache()
    assert list(frozen.as_numpy_iterator()) == list(frozen.as_numpy_iterator())


def test_cache_to_a_file_is_read_by_a_later_pipeline(tmp_path):
    calls = []

    def rows():
        calls.append(1)
        yield from np.arange(6.0, dtype=np.float32).reshape(3, 2)

    def make():
        source = D.from_generator(rows, output_signature=tf.TensorSpec((2,), tf.float32))
        return source.map(lambda x: {"x": x, "n": tf.reduce_sum(x)}).cache(str(tmp_path / "c"))

    first = list(make().as_numpy_iterator())
    assert (tmp_path / "c.tinytf-cache.npz").exists() and calls == [1]
    second = list(make().as_numpy_iterator())
    assert calls == [1]  # read from the file: the generator did not run again
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a["x"], b["x"])
        assert a["n"] == b["n"] and b["x"].dtype == np.float32
    assert list(D.range(0).cache(str(tmp_path / "empty")).as_numpy_iterator()) == []
    assert list(D.range(0).cache(str(tmp_path / "empty")).as_numpy_iterator()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_generator_is_called_again_for_every_pass_with_numpy_args():
    seen = []

    def gen(n):
        seen.append(type(n))
        yield from range(int(n))

    ds = D.from_generator(gen, output_signature=tf.TensorSpec((), tf.int32), args=(3,))
    assert list(ds.repeat(2).as_numpy_iterator()) == [0, 1, 2, 0, 1, 2]
    assert len(seen) == 2 and all(issubclass(t, np.generic) for t in seen)


def test_generator_errors_keep_their_cause():
    def gen():
        yield 1
        raise KeyError("missing")

    with pytest.raises(tf.errors.UnknownError, match="KeyError") as info:
        list(D.from_generator(gen, output_types=tf.int32))
    assert isinstance(info.value.__cause__, KeyError)


def test_generator_wrong_structure_is_invalid_argument_naming_both():
    ds = D.from_generator(lambda: iter([{"a": 1}]), output_signature={"a": tf.TensorSpec(()), "b": tf.TensorSpec(())})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"expected structure was \{'a': tf.float32, 'b'"):
        list(ds)


def test_map_element_spec_on_an_empty_dataset_and_without_running_the_pipeline():
    calls = []

    def gen():
        calls.append(1)
        yield 1.0

    ds = D.from_generator(gen, output_signature=tf.TensorSpec((None,), tf.float32)).batch(2).map(lambda x: x * 2)
    assert ds.element_spec == tf.TensorSpec((None, None), tf.float32) and calls == []
    assert D.range(0).map(lambda x: tf.cast(x, tf.float32)).element_spec == tf.TensorSpec((), tf.float32)


def test_map_element_spec_falls_back_to_the_first_element():
    table = {7: 1.5}
    ds = D.from_tensor_slices([7, 7]).map(lambda k: table[int(k)])  # fails on made-up zeros
    assert ds.element_spec == tf.TensorSpec((), tf.float32)
    assert list(ds.as_numpy_iterator()) == [1.5, 1.5]
    typeless = D.from_generator(lambda: iter([[1, 2]]), output_types=tf.int32).map(lambda x: x + 1)
    assert typeless.element_spec == tf.TensorSpec((2,), tf.int32)


def test_map_runs_eagerly_so_numpy_works():
    assert list(D.range(3).map(lambda x: x.numpy() * 2).as_numpy_iterator()) == [0, 2, 4]


def test_map_returning_none_is_a_clear_error():
    with pytest.raises(ValueError, match="Dataset.map.*None"):
        list(D.range(2).map(lambda x: (x, None)))


def test_iterator_protocol():
    it = iter(D.range(2))
    assert iter(it) is it and it.element_spec == tf.TensorSpec((), tf.int64)
    assert int(it.get_next()) == 0 and int(next(it)) == 1
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(tf.errors.OutOfRangeError):
        it.get_next()
    assert isinstance(D.range(1), tf.data.Dataset)
    assert D.range(4).apply(lambda ds: ds.batch(2)).cardinality() == 2


def test_unsupported_dtypes_say_what_to_do():
    with pytest.raises(TypeError, match="astype"):
        D.from_tensor_slices(np.zeros(3, np.uint8))


def test_zip_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="at least one dataset"):
        D.zip(())


def test_an_infinite_repeat_of_an_empty_dataset_ends():
    assert list(D.range(0).repeat()) == []
    assert list(D.range(3).filter(lambda x: x > 5).repeat()) == []


def test_take_from_an_infinite_dataset():
    assert list(D.range(2).repeat().take(5).as_numpy_iterator()) == [0, 1, 0, 1, 0]
    assert len(D.range(2).repeat().batch(3).take(4)) == 4
