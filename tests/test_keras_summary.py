"""model.summary() against the text real tf.keras prints (tests/fixtures/keras_summaries.json,
recorded by tools/make_keras_fixtures.py from the models of tests/keras_models.py, which this test
builds too), and keras.utils.plot_model."""
import json
import os
import shutil

import pytest

from tinytf import keras
from tinytf.keras import layers

import keras_models

EXPECTED = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "keras_summaries.json")))["summaries"]


@pytest.mark.parametrize("name", sorted(keras_models.SUMMARIES))
def test_summary_matches_tf_keras(name):
    build, kwargs = keras_models.SUMMARIES[name]
    lines = keras_models.summary_lines(build(keras), **kwargs)
    assert "\n".join(lines) == "\n".join(EXPECTED[name]), f"summary '{name}' differs from tf.keras:\n" + "\n".join(lines)


def test_every_recorded_summary_is_checked():
    assert set(EXPECTED) == set(keras_models.SUMMARIES)


def test_summary_prints_by_default(capsys):
    keras_models.sequential_906(keras).summary()
    out = capsys.readouterr().out
    assert out.splitlines() == EXPECTED["sequential_906"]
    assert "Total params: 906 (3.54 KB)" in out


def test_subclassed_model_has_no_summary_before_its_first_call():
    model = keras_models.customer_ticket_model_class(keras)(num_departments=4)
    with pytest.raises(ValueError, match="not yet been built"):
        model.summary()


def test_show_trainable_and_expand_nested_run():
    inner = keras.Sequential([layers.Dense(4)], name="inner")
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, inner(inputs))
    lines = keras_models.summary_lines(model, show_trainable=True, expand_nested=True)
    assert any(line.rstrip().endswith("Y") for line in lines)
    assert any("dense (Dense)" in line for line in lines)


# ---------------------------------------------------------------- plot_model
def test_model_to_dot_describes_the_graph():
    source = keras.utils.model_to_dot(keras_models.ticket_model(keras), show_shapes=True)
    assert source.startswith('digraph "model"')
    assert "title: InputLayer" in source and "priority: Dense" in source
    assert source.count("->") == 6
    assert "[(None, 10000)]" in source


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt-get install graphviz)")
@pytest.mark.parametrize("extension,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_model_writes_images(tmp_path, extension, magic):
    path = tmp_path / f"ticket{extension}"
    keras.utils.plot_model(keras_models.ticket_model(keras), str(path), show_shapes=True)
    assert path.read_bytes().startswith(magic)
    seq = tmp_path / f"seq{extension}"
    keras.utils.plot_model(keras_models.sequential_906(keras), str(seq))
    assert seq.stat().st_size > 0


def test_plot_model_without_graphviz_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ImportError, match="apt-get install graphviz"):
        keras.utils.plot_model(keras_models.sequential_906(keras), str(tmp_path / "m.png"))
    keras.utils.plot_model(keras_models.sequential_906(keras), str(tmp_path / "m.dot"))  # DOT text needs no Graphviz
    assert (tmp_path / "m.dot").read_text().startswith("digraph")
