"""model.summary() against the text real tf.keras prints (tests/fixtures/keras_summaries.json,
recorded by tools/make_keras_fixtures.py), and keras.utils.plot_model."""
import json
import os
import shutil

import numpy as np
import pytest

from tinytf import keras
from tinytf.keras import layers

EXPECTED = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_summaries.json")))["summaries"]


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def summary_lines(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def check(name, lines):
    expected = EXPECTED[name]
    assert "\n".join(lines) == "\n".join(expected), f"summary '{name}' differs from tf.keras:\n" + "\n".join(lines)


def sequential_906():
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.build(input_shape=(None, 3))
    return model


def test_sequential_906():
    model = sequential_906()
    check("sequential_906", summary_lines(model))
    check("sequential_906_line_length_80", summary_lines(model, line_length=80))
    check("sequential_906_positions", summary_lines(model, positions=[0.5, 0.8, 1.0]))


def test_summary_prints_by_default(capsys):
    sequential_906().summary()
    out = capsys.readouterr().out
    assert out.splitlines() == EXPECTED["sequential_906"]
    assert "Total params: 906 (3.54 KB)" in out


def test_sequential_with_input_and_wrapped_name():
    model = keras.Sequential(name="my_example_model")
    model.add(keras.Input(shape=(3,)))
    model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
    model.add(layers.Dense(10, activation="softmax", name="my_last_layer_with_a_rather_long_name"))
    check("sequential_named_input", summary_lines(model))


def test_functional_chain_lists_its_input_layer():
    inputs = keras.Input(shape=(3,), name="my_input")
    features = layers.Dense(64, activation="relu")(inputs)
    outputs = layers.Dense(10, activation="softmax")(features)
    check("functional_chain", summary_lines(keras.Model(inputs=inputs, outputs=outputs)))


def ticket_model():
    title = keras.Input(shape=(10000,), name="title")
    text_body = keras.Input(shape=(10000,), name="text_body")
    tags = keras.Input(shape=(100,), name="tags")
    features = layers.Concatenate()([title, text_body, tags])
    features = layers.Dense(64, activation="relu")(features)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(4, activation="softmax", name="department")(features)
    return keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])


def test_multi_input_model_has_connected_to_column():
    model = ticket_model()
    check("customer_ticket", summary_lines(model))
    difficulty = layers.Dense(3, activation="softmax", name="difficulty")(model.layers[4].output)
    new_model = keras.Model(inputs=model.inputs, outputs=[*model.outputs, difficulty])
    check("customer_ticket_difficulty", summary_lines(new_model))


class CustomerTicketModel(keras.Model):
    def __init__(self, num_departments):
        super().__init__()
        self.concat_layer = layers.Concatenate()
        self.mixing_layer = layers.Dense(64, activation="relu")
        self.priority_scorer = layers.Dense(1, activation="sigmoid")
        self.department_classifier = layers.Dense(num_departments, activation="softmax")

    def call(self, inputs):
        features = self.concat_layer([inputs["title"], inputs["text_body"], inputs["tags"]])
        features = self.mixing_layer(features)
        return self.priority_scorer(features), self.department_classifier(features)


def data():
    return {"title": np.zeros((2, 10), "float32"), "text_body": np.zeros((2, 10), "float32"),
            "tags": np.zeros((2, 5), "float32")}


def test_subclassed_model_prints_what_it_can():
    model = CustomerTicketModel(num_departments=4)
    with pytest.raises(ValueError, match="not yet been built"):
        model.summary()
    model(data())
    check("subclassed_ticket", summary_lines(model))
    keras.backend.clear_session()
    layers.Concatenate()
    model = CustomerTicketModel(num_departments=4)
    model(data())
    check("subclassed_ticket_wrapped", summary_lines(model))


def test_non_trainable_params_and_embedding():
    inputs = keras.Input(shape=(5,), dtype="int32")
    x = layers.Embedding(50, 8)(inputs)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    frozen = layers.Dense(4)
    outputs = frozen(x)
    frozen.trainable = False
    check("embedding_frozen", summary_lines(keras.Model(inputs, outputs)))


def test_show_trainable_and_expand_nested_run():
    inner = keras.Sequential([layers.Dense(4)], name="inner")
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, inner(inputs))
    lines = summary_lines(model, show_trainable=True, expand_nested=True)
    assert any(line.rstrip().endswith("Y") for line in lines)
    assert any("dense (Dense)" in line for line in lines)


# ---------------------------------------------------------------- plot_model
def test_model_to_dot_describes_the_graph():
    source = keras.utils.model_to_dot(ticket_model(), show_shapes=True)
    assert source.startswith('digraph "model"')
    assert "title: InputLayer" in source and "priority: Dense" in source
    assert source.count("->") == 6
    assert "[(None, 10000)]" in source


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt-get install graphviz)")
@pytest.mark.parametrize("extension,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_model_writes_images(tmp_path, extension, magic):
    path = tmp_path / f"ticket{extension}"
    keras.utils.plot_model(ticket_model(), str(path), show_shapes=True)
    assert path.read_bytes().startswith(magic)
    seq = tmp_path / f"seq{extension}"
    keras.utils.plot_model(sequential_906(), str(seq))
    assert seq.stat().st_size > 0


def test_plot_model_without_graphviz_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ImportError, match="apt-get install graphviz"):
        keras.utils.plot_model(sequential_906(), str(tmp_path / "m.png"))
    keras.utils.plot_model(sequential_906(), str(tmp_path / "m.dot"))  # DOT text needs no Graphviz
    assert (tmp_path / "m.dot").read_text().startswith("digraph")
