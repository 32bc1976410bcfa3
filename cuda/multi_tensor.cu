// Instantiations of multi_tensor_update (cuda/multi_tensor.cuh): every rule
// that fn::visit_rule (kernels/optimizer_rules.h) can choose, for float and double.
#include "multi_tensor.cuh"

namespace tinytf::cuda {

#define TINYTF_UPDATE(T, ...)                                                                        \
  template void multi_tensor_update<T, __VA_ARGS__>(const fn::UpdateTensor<T, __VA_ARGS__::kSlots>*, \
                                                    int64_t, const fn::UpdateStep<T, __VA_ARGS__>&, void*);
#define TINYTF_UPDATES(T)                                \
  TINYTF_UPDATE(T, fn::SgdRule<T, false, false>)         \
  TINYTF_UPDATE(T, fn::SgdRule<T, true, false>)          \
  TINYTF_UPDATE(T, fn::SgdRule<T, true, true>)           \
  TINYTF_UPDATE(T, fn::RmspropRule<T, false, false>)     \
  TINYTF_UPDATE(T, fn::RmspropRule<T, false, true>)      \
  TINYTF_UPDATE(T, fn::RmspropRule<T, true, false>)      \
  TINYTF_UPDATE(T, fn::RmspropRule<T, true, true>)       \
  TINYTF_UPDATE(T, fn::AdamRule<T, false>)               \
  TINYTF_UPDATE(T, fn::AdamRule<T, true>)                \
  TINYTF_UPDATE(T, fn::AdagradRule<T>)                   \
  TINYTF_UPDATE(T, fn::NadamRule<T>)                     \
  TINYTF_UPDATE(T, fn::WeightDecayOnly<T>)
TINYTF_UPDATES(float)
TINYTF_UPDATES(double)

}  // namespace tinytf::cuda
