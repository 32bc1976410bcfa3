// Two versions of each hot kernel, chosen at run time.
//
// The fast version is what tinytf runs by default; the reference version is
// the plain loop a student reads first, computing the same result the obvious
// way (kernels/gemm_reference.h for matmul). Both are tested against NumPy and
// timed side by side by tinytf-bench, so the distance between "obviously
// right" and "fast" is always on show. tinytf.config.set_kernel_variant()
// switches; the choice is global (all threads) and takes effect at the next
// kernel call.
#pragma once
#include <string>
#include <vector>

namespace tinytf::kernels {

enum class Variant { Fast = 0, Reference = 1 };

// The kernels that have both versions: "matmul".
const std::vector<std::string>& kernels_with_variants();

Variant kernel_variant(const std::string& kernel);           // throws std::invalid_argument for other names
void set_kernel_variant(const std::string& kernel, Variant variant);
const char* variant_name(Variant variant);                     // "fast", "reference"

// The hot path reads the matmul setting without a lookup by name.
bool matmul_uses_reference();

}  // namespace tinytf::kernels
