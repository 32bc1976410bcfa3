// Which SIMD instruction set the CPU kernels use, chosen at run time.
//
// One build serves every x86-64 machine: the hot kernels are compiled once per
// level (see CMakeLists.txt) and the best level this CPU and OS support is
// picked on first use. TINYTF_SIMD=portable|avx2|avx512 in the environment,
// or set_simd_level(), forces a lower level (tests use it to cover every path).
#pragma once

namespace tinytf::kernels {

enum class SimdLevel { Portable = 0, AVX2 = 1, AVX512 = 2 };

SimdLevel best_supported_simd_level();    // what this CPU + OS can run
SimdLevel active_simd_level();            // what the kernels use now
void set_simd_level(SimdLevel level);     // throws std::invalid_argument if unsupported
const char* simd_level_name(SimdLevel level);  // "portable", "avx2", "avx512"

}  // namespace tinytf::kernels
