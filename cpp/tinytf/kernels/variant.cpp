#include "tinytf/kernels/variant.h"

#include <atomic>
#include <stdexcept>

namespace tinytf::kernels {

namespace {
std::atomic<Variant> matmul_variant{Variant::Fast};

std::atomic<Variant>& setting(const std::string& kernel) {
  if (kernel == "matmul") return matmul_variant;
  throw std::invalid_argument("unknown kernel '" + kernel + "': the kernels with a reference and a fast version are "
                              "'matmul'");
}
}  // namespace

const std::vector<std::string>& kernels_with_variants() {
  static const std::vector<std::string> names{"matmul"};
  return names;
}

Variant kernel_variant(const std::string& kernel) { return setting(kernel).load(); }

void set_kernel_variant(const std::string& kernel, Variant variant) { setting(kernel).store(variant); }

const char* variant_name(Variant variant) { return variant == Variant::Reference ? "reference" : "fast"; }

bool matmul_uses_reference() { return matmul_variant.load(std::memory_order_relaxed) == Variant::Reference; }

}  // namespace tinytf::kernels
