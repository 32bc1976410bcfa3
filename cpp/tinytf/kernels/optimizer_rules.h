// The optimizers' update rules, written once for the CPU and CUDA.
//
// One optimizer step updates every variable w (and its slot variables s[0], s[1], ...) from its
// gradient g, element by element. Each rule below is a small struct:
//
//   - its options (momentum or not, centered or not...) are template arguments, so that the
//     per-element code has no branch and the compiler vectorises it; they also decide which
//     slots exist (kSlots of them, in the order the comment lists);
//   - `make(settings)` runs once per step on the host: it turns Keras's hyper-parameters (doubles,
//     as Python holds them) into the constants of this step in the variable's dtype T, rounding
//     exactly where Keras's ops round, so that float32 results equal Keras's to float32 rounding;
//   - `operator()(w, g, s)` is the per-element rule (host+device), Keras's update_step as arithmetic.
//
// `UpdateStep::apply` applies a rule to element i of one variable: weight decay first (Keras's
// `w -= w * weight_decay * lr`, for the variables not excluded), then the rule. The CPU walker
// (kernels/multi_tensor.h) and its CUDA twin (cuda/multi_tensor.cuh) differ only in how they walk
// the elements of all variables.
#pragma once
#include <cmath>
#include <cstdint>

#include "tinytf/kernels/functors.h"

namespace tinytf::fn {

// Keras's hyper-parameters for one step, as Python holds them. Absent ones are unused.
struct OptimizerSettings {
  double learning_rate = 0;  // the value for this step (the variable's, or the schedule's)
  int64_t step = 1;          // iterations + 1
  bool has_weight_decay = false;
  double weight_decay = 0;
  double momentum = 0, rho = 0.9, epsilon = 1e-7, beta_1 = 0.9, beta_2 = 0.999;
  bool nesterov = false, centered = false, amsgrad = false;
  double u_product = 1;  // Nadam: the product of the momentum schedule up to this step
};

// Keras's `ops.cast(python_float, dtype)` goes through a float32 tensor first, so a float64
// variable sees beta_1 = 0.9 as 0.899999976...; Python floats that Keras hands straight to an
// op (`rho * velocity`) keep their double value. Each rule says which is which. (The float goes
// through a volatile because GCC 12's SLP vectorizer folds two neighbouring double(float(x))
// conversions back to x, silently undoing the rounding.)
template <class T>
T keras_cast(double x) {
  const volatile float rounded = float(x);
  return T(rounded);
}

// ---- the rules -------------------------------------------------------------------------------------

// SGD. Slots: [momentum] (with kMomentum, i.e. momentum != 0).
//   v = momentum v - lr g;  w += v  (nesterov: w += momentum v - lr g);  without momentum: w -= lr g
template <class T, bool kMomentum, bool kNesterov>
struct SgdRule {
  static constexpr int kSlots = kMomentum ? 1 : 0;
  T lr, momentum;

  static SgdRule make(const OptimizerSettings& s) { return {keras_cast<T>(s.learning_rate), keras_cast<T>(s.momentum)}; }
  TINYTF_HD void operator()(T& w, T g, T* slot) const {
    if constexpr (!kMomentum) {
      w = w - g * lr;
    } else {
      const T v = slot[0] * momentum - g * lr;
      slot[0] = v;
      w = kNesterov ? w + (v * momentum - g * lr) : w + v;
    }
  }
};

// RMSprop. Slots: [velocity, momentum (with kMomentum: momentum > 0), average_gradient (kCentered)].
//   s = rho s + (1 - rho) g^2;  centered: a = rho a + (1 - rho) g and s - a^2 below
//   increment = lr g / sqrt(s + epsilon);  w -= increment, or m = momentum m + increment, w -= m
template <class T, bool kMomentum, bool kCentered>
struct RmspropRule {
  static constexpr int kSlots = 1 + kMomentum + kCentered;
  static constexpr int kAverage = 1 + kMomentum;  // where the average gradient sits
  T lr, rho, one_minus_rho, momentum, epsilon;

  static RmspropRule make(const OptimizerSettings& s) {
    return {keras_cast<T>(s.learning_rate), T(s.rho), T(1 - s.rho), T(s.momentum), T(s.epsilon)};
  }
  TINYTF_HD void operator()(T& w, T g, T* slot) const {
    const T velocity = rho * slot[0] + one_minus_rho * (g * g);
    slot[0] = velocity;
    T denominator = velocity + epsilon;
    if constexpr (kCentered) {
      const T average = rho * slot[kAverage] + one_minus_rho * g;
      slot[kAverage] = average;
      denominator = velocity - average * average + epsilon;
    }
    const T increment = lr * g / std::sqrt(denominator);
    if constexpr (kMomentum) {
      const T m = momentum * slot[1] + increment;
      slot[1] = m;
      w = w - m;
    } else {
      w = w - increment;
    }
  }
};

// Adam (and AdamW, which is Adam with weight decay). Slots: [momentum, velocity, velocity_hat (kAmsgrad)].
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2);  amsgrad: v_hat = max(v_hat, v), used as v
//   w -= m alpha / (sqrt(v) + epsilon), alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)
template <class T, bool kAmsgrad>
struct AdamRule {
  static constexpr int kSlots = 2 + kAmsgrad;
  T alpha, one_minus_beta_1, one_minus_beta_2, epsilon;

  static AdamRule make(const OptimizerSettings& s) {
    const T t = T(s.step);
    const T beta_1_power = std::pow(keras_cast<T>(s.beta_1), t), beta_2_power = std::pow(keras_cast<T>(s.beta_2), t);
    const T alpha = keras_cast<T>(s.learning_rate) * std::sqrt(T(1) - beta_2_power) / (T(1) - beta_1_power);
    return {alpha, T(1 - s.beta_1), T(1 - s.beta_2), T(s.epsilon)};
  }
  TINYTF_HD void operator()(T& w, T g, T* slot) const {
    const T m = slot[0] + (g - slot[0]) * one_minus_beta_1;
    T v = slot[1] + (g * g - slot[1]) * one_minus_beta_2;
    slot[0] = m;
    slot[1] = v;
    if constexpr (kAmsgrad) {
      v = Maximum{}(slot[2], v);
      slot[2] = v;
    }
    w = w - m * alpha / (std::sqrt(v) + epsilon);
  }
};

// Adagrad. Slots: [accumulator] (starts at initial_accumulator_value).
//   acc += g^2;  w -= lr g / sqrt(acc + epsilon)
template <class T>
struct AdagradRule {
  static constexpr int kSlots = 1;
  T lr, epsilon;

  static AdagradRule make(const OptimizerSettings& s) { return {keras_cast<T>(s.learning_rate), T(s.epsilon)}; }
  TINYTF_HD void operator()(T& w, T g, T* slot) const {
    const T accumulator = slot[0] + g * g;
    slot[0] = accumulator;
    w = w - lr * g / std::sqrt(accumulator + epsilon);
  }
};

// Nadam: Adam with Nesterov momentum and Dozat's momentum schedule u_t = beta_1 (1 - 0.5 0.96^t).
// Slots: [momentum, velocity]. `u_product` is the product of u_1..u_t (Nadam's own variable).
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2)
//   m_hat = u_{t+1} m / (1 - u_product u_{t+1}) + (1 - u_t) g / (1 - u_product)
//   w -= m_hat lr / (sqrt(v / (1 - beta_2^t)) + epsilon)
template <class T>
struct NadamRule {
  static constexpr int kSlots = 2;
  T lr, one_minus_beta_1, one_minus_beta_2, epsilon;
  T u_next, one_minus_u_product_next, one_minus_u, one_minus_u_product, one_minus_beta_2_power;

  static NadamRule make(const OptimizerSettings& s) {
    const T beta_1 = keras_cast<T>(s.beta_1), beta_2 = keras_cast<T>(s.beta_2), decay = keras_cast<T>(0.96);
    const T u = beta_1 * (T(1) - T(0.5) * std::pow(decay, T(s.step)));
    const T u_next = beta_1 * (T(1) - T(0.5) * std::pow(decay, T(s.step + 1)));
    const T u_product = T(s.u_product), u_product_next = u_product * u_next;
    return {keras_cast<T>(s.learning_rate), T(1) - beta_1, T(1) - beta_2, T(s.epsilon), u_next,
            T(1) - u_product_next, T(1) - u, T(1) - u_product, T(1) - std::pow(beta_2, T(s.step))};
  }
  TINYTF_HD void operator()(T& w, T g, T* slot) const {
    const T m = slot[0] + (g - slot[0]) * one_minus_beta_1;
    const T v = slot[1] + (g * g - slot[1]) * one_minus_beta_2;
    slot[0] = m;
    slot[1] = v;
    const T m_hat = u_next * m / one_minus_u_product_next + one_minus_u * g / one_minus_u_product;
    const T v_hat = v / one_minus_beta_2_power;
    w = w - m_hat * lr / (std::sqrt(v_hat) + epsilon);
  }
};

// No rule: weight decay alone (for a user's optimizer, whose update_step runs afterwards in Python).
template <class T>
struct WeightDecayOnly {
  static constexpr int kSlots = 0;
  static WeightDecayOnly make(const OptimizerSettings&) { return {}; }
  TINYTF_HD void operator()(T&, T, T*) const {}
};

// ---- choosing a rule ---------------------------------------------------------------------------------

enum class UpdateRule { Sgd, Rmsprop, Adam, Adagrad, Nadam, WeightDecay };

// Calls f(Rule{}) with the rule type that `rule` and the settings' options select (a tag: only
// its type matters). Every combination listed here is compiled, for the CPU and CUDA.
template <class T, class F>
void visit_rule(UpdateRule rule, const OptimizerSettings& s, F&& f) {
  switch (rule) {
    case UpdateRule::Sgd:
      if (s.momentum == 0) return f(SgdRule<T, false, false>{});
      if (s.nesterov) return f(SgdRule<T, true, true>{});
      return f(SgdRule<T, true, false>{});
    case UpdateRule::Rmsprop:
      if (s.momentum > 0) return s.centered ? f(RmspropRule<T, true, true>{}) : f(RmspropRule<T, true, false>{});
      return s.centered ? f(RmspropRule<T, false, true>{}) : f(RmspropRule<T, false, false>{});
    case UpdateRule::Adam: return s.amsgrad ? f(AdamRule<T, true>{}) : f(AdamRule<T, false>{});
    case UpdateRule::Adagrad: return f(AdagradRule<T>{});
    case UpdateRule::Nadam: return f(NadamRule<T>{});
    case UpdateRule::WeightDecay: return f(WeightDecayOnly<T>{});
  }
}

// ---- applying a rule to one element ---------------------------------------------------------------

// One variable's part of an update: its value, gradient and the rule's slots, all contiguous
// with n elements, and whether weight decay applies to it.
template <class T, int kSlots>
struct UpdateTensor {
  T* value;
  const T* grad;
  T* slots[kSlots > 0 ? kSlots : 1];
  int64_t n;
  bool decay;
};

// The rule plus the step's weight decay.
template <class T, class Rule>
struct UpdateStep {
  static constexpr int kSlots = Rule::kSlots;
  Rule rule;
  T weight_decay, decay_lr;  // Keras: w -= w * weight_decay * lr

  static UpdateStep make(const OptimizerSettings& s) {
    return {Rule::make(s), keras_cast<T>(s.weight_decay), keras_cast<T>(s.learning_rate)};
  }

  // Updates element i of `t` (kDecay: weight decay first; the walkers choose it per variable).
  template <bool kDecay>
  TINYTF_HD void apply(const UpdateTensor<T, kSlots>& t, int64_t i) const {
    T w = t.value[i];
    if constexpr (kDecay) w = w - w * weight_decay * decay_lr;
    T s[kSlots > 0 ? kSlots : 1];
    for (int k = 0; k < kSlots; ++k) s[k] = t.slots[k][i];
    rule(w, t.grad[i], s);
    for (int k = 0; k < kSlots; ++k) t.slots[k][i] = s[k];
    t.value[i] = w;
  }
};

}  // namespace tinytf::fn
