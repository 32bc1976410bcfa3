"""The fused optimizer update: one C++ call updates every variable of a step.

TensorFlow's optimizers end in training ops (``tf.raw_ops.ResourceApplyRMSProp``...), one per
variable. tinytf's take all the variables at once: ``apply_optimizer_step`` checks every variable,
gradient and slot, then runs the rule of cpp/tinytf/kernels/optimizer_rules.h over all of them in
one kernel call (cpp/tinytf/autodiff/optimizer_step.h). The Keras optimizers
(python/tinytf/keras/optimizers/) are its users.

    settings = OptimizerSettings()         # Keras's hyper-parameters for this step
    settings.learning_rate, settings.step, settings.rho = 0.001, 1, 0.9
    apply_optimizer_step("RMSprop", "rmsprop", settings, variables, grads,
                         slots=[velocities, [], []], decay=[False] * len(variables))

``slots[k]`` lists slot k of every variable (empty when the rule does not use it): for
"sgd" [momentum]; "rmsprop" [velocity, momentum, average_gradient]; "adam" [momentum, velocity,
velocity_hat]; "adagrad" [accumulator]; "nadam" [momentum, velocity]; "weight_decay" none (weight
decay alone). Bad input raises InvalidArgumentError before any variable changes.
"""
from tinytf import _core

OptimizerSettings = _core.OptimizerSettings


def apply_optimizer_step(optimizer, rule, settings, variables, grads, slots, decay):
    """One update of ``variables`` (tf.Variables) from ``grads`` (tensors of the same shapes)."""
    _core.apply_optimizer_step(optimizer, rule, settings, variables, grads, slots, decay)
