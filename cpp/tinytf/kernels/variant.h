// Two versions of each hot kernel, chosen at run time.
//
// The fast version is what tinytf runs by default; the reference version is
// the plain loop a student reads first, computing the same result the obvious
// way: kernels/gemm_reference.h for matmul, kernels/reduce_reference.h for the
// reductions and softmax. Both are tested against NumPy and timed side by side
// by tinytf-bench, so the distance between "obviously right" and "fast" is
// always on show. tinytf.config.set_kernel_variant() switches; the choice is
// global (all threads) and takes effect at the next kernel call. CPU kernels
// only: the CUDA kernels have one version each.
#pragma once
#include <string>
#include <vector>

namespace tinytf::kernels {

enum class Variant { Fast = 0, Reference = 1 };

// The kernels that have both versions, in the order of kernels_with_variants():
//   matmul   every matmul, and what is built on it (Dense, Conv2D's im2col product)
//   reduce   reduce_sum, reduce_mean, reduce_prod, reduce_max, reduce_min over any axes
//            (one kernel with a different reducer functor: one reference loop, one switch)
//   softmax  softmax and log_softmax (the fused cross-entropies keep their one version)
enum class HotKernel { Matmul = 0, Reduce = 1, Softmax = 2 };

// "matmul", "reduce", "softmax".
const std::vector<std::string>& kernels_with_variants();

Variant kernel_variant(const std::string& kernel);           // throws std::invalid_argument for other names
void set_kernel_variant(const std::string& kernel, Variant variant);
const char* variant_name(Variant variant);                     // "fast", "reference"

// The hot path asks once per kernel call, by enum: no lookup by name.
bool uses_reference(HotKernel kernel);

}  // namespace tinytf::kernels
