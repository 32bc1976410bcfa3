"""tf.nest against what TensorFlow 2.21 returns for the same calls (recorded by hand from tensorflow-cpu)."""
import collections

import pytest

import tinytf as tf

P = collections.namedtuple("P", "x y")


def test_dict_values_come_in_sorted_key_order():
    assert tf.nest.flatten({"b": 1, "a": 2}) == [2, 1]
    assert tf.nest.flatten(collections.OrderedDict([("b", 1), ("a", 2)])) == [2, 1]
    assert tf.nest.flatten({1: "a", 0: "b"}) == ["b", "a"]
    assert tf.nest.flatten([None, (1, {"z": 3, "y": [4]})]) == [None, 1, 4, 3]


def test_leaves_and_empty_containers():
    assert tf.nest.flatten("abc") == ["abc"]
    assert tf.nest.flatten(None) == [None]
    assert tf.nest.flatten([]) == [] and tf.nest.flatten({}) == []
    assert tf.nest.is_nested(P(1, 2)) and tf.nest.is_nested({}) and not tf.nest.is_nested(1)
    x = tf.constant([1.0, 2.0])
    assert tf.nest.flatten(x)[0] is x


def test_rebuilt_dicts_keep_their_key_order():
    out = tf.nest.map_structure(lambda v: v * 10, {"b": 1, "a": 2})
    assert list(out.items()) == [("b", 10), ("a", 20)]
    od = tf.nest.map_structure(lambda v: v * 10, collections.OrderedDict([("b", 1), ("a", 2)]))
    assert isinstance(od, collections.OrderedDict) and list(od.items()) == [("b", 10), ("a", 20)]
    assert tf.nest.pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3]) == {"b": 3, "a": [1, 2]}


def test_map_structure_over_several_structures():
    assert tf.nest.map_structure(lambda a, b: a + b, P(1, 2), P(3, 4)) == P(4, 6)
    assert tf.nest.map_structure(lambda *a: sum(a), {"a": (1, 2)}, {"a": (3, 4)}, {"a": (5, 6)}) == {"a": (9, 12)}
    assert tf.nest.map_structure(lambda v: v, [1, (2,)]) == [1, (2,)]
    assert tf.nest.map_structure(lambda v: v, ()) == ()


@pytest.mark.parametrize("call, error, start", [
    (lambda: tf.nest.pack_sequence_as([0, 0], [1]), ValueError,
     "Could not pack sequence. Structure had 2 atoms, but flat_sequence had 1 items."),
    (lambda: tf.nest.pack_sequence_as(1, [1, 2]), ValueError, "The target structure is of type `<class 'int'>`"),
    (lambda: tf.nest.assert_same_structure([1, 2], [1]), ValueError,
     "The two structures don't have the same nested structure."),
    (lambda: tf.nest.assert_same_structure([1, 2], (1, 2)), TypeError,
     "The two structures don't have the same nested structure."),
    (lambda: tf.nest.assert_same_structure({"a": 1}, {"b": 1}), ValueError,
     "The two structures don't have the same nested structure."),
    (lambda: tf.nest.assert_same_structure([1, [2]], [1, 2]), ValueError,
     "The two structures don't have the same nested structure."),
    (lambda: tf.nest.map_structure(lambda a, b: a, [1], [1, 2]), ValueError,
     "The two structures don't have the same nested structure."),
])
def test_errors_have_tensorflows_types_and_first_lines(call, error, start):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(start)


def test_assert_same_structure_without_type_check():
    tf.nest.assert_same_structure([1, 2], (1, 3), check_types=False)


def test_the_tape_uses_the_same_order():
    x, y = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        loss = 3.0 * x + 5.0 * y
    grads = tape.gradient(loss, {"y": y, "x": x})
    assert list(grads) == ["y", "x"] and float(grads["x"]) == 3.0 and float(grads["y"]) == 5.0
