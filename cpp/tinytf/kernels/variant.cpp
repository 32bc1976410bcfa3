#include "tinytf/kernels/variant.h"

#include <atomic>
#include <stdexcept>

namespace tinytf::kernels {

namespace {
constexpr int kKernels = 3;  // the entries of HotKernel
std::atomic<Variant> settings[kKernels]{{Variant::Fast}, {Variant::Fast}, {Variant::Fast}};

std::atomic<Variant>& setting(const std::string& kernel) {
  const std::vector<std::string>& names = kernels_with_variants();
  for (size_t i = 0; i < names.size(); ++i)
    if (kernel == names[i]) return settings[i];
  throw std::invalid_argument("unknown kernel '" + kernel + "': the kernels with a reference and a fast version are "
                              "'matmul', 'reduce' (every reduce_sum, reduce_mean, reduce_prod, reduce_max, "
                              "reduce_min) and 'softmax' (softmax and log_softmax)");
}
}  // namespace

const std::vector<std::string>& kernels_with_variants() {
  static const std::vector<std::string> names{"matmul", "reduce", "softmax"};  // HotKernel's order
  return names;
}

Variant kernel_variant(const std::string& kernel) { return setting(kernel).load(); }

void set_kernel_variant(const std::string& kernel, Variant variant) { setting(kernel).store(variant); }

const char* variant_name(Variant variant) { return variant == Variant::Reference ? "reference" : "fast"; }

bool uses_reference(HotKernel kernel) {
  return settings[int(kernel)].load(std::memory_order_relaxed) == Variant::Reference;
}

}  // namespace tinytf::kernels
