// multi_tensor_update: one optimizer step over every variable, in one call.
//
// An optimizer step touches a few large variables (a 784x512 kernel) and many small ones (biases).
// One call per variable would pay the call and the thread start-up per variable; here the
// variables are cut into pieces of at most kUpdateChunk elements, each inside one variable, and
// OpenMP threads take consecutive runs of pieces: all variables, one parallel loop. Each element
// is updated by the rule of kernels/optimizer_rules.h (shared with the CUDA twin,
// cuda/multi_tensor.cuh), and no element depends on another, so results never depend on the
// number of threads.
//
// Napkin math: RMSprop reads w, g and the velocity and writes w and the velocity, 20 bytes per
// float32 element; the 407k parameters of the MNIST MLP move 8 MB, about 1 ms at 8 GB/s per core.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "tinytf/kernels/optimizer_rules.h"
#include "tinytf/kernels/parallel.h"

namespace tinytf::kernels {

constexpr int64_t kUpdateChunk = 1 << 13;

template <class T, class Rule>
void multi_tensor_update(const fn::UpdateTensor<T, Rule::kSlots>* tensors, int64_t count,
                         const fn::UpdateStep<T, Rule>& step) {
  struct Piece {
    int64_t tensor, begin, end;
  };
  std::vector<Piece> pieces;
  for (int64_t t = 0; t < count; ++t)
    for (int64_t begin = 0; begin < tensors[t].n; begin += kUpdateChunk)
      pieces.push_back({t, begin, std::min(tensors[t].n, begin + kUpdateChunk)});
  parallel_for(int64_t(pieces.size()), kParallelGrain / kUpdateChunk, [&](int64_t first, int64_t last) {
    const fn::UpdateStep<T, Rule> local = step;  // a private copy: the compiler sees it never changes
    for (int64_t p = first; p < last; ++p) {
      const fn::UpdateTensor<T, Rule::kSlots> tensor = tensors[pieces[p].tensor];
      if (tensor.decay) {
        for (int64_t i = pieces[p].begin; i < pieces[p].end; ++i) local.template apply<true>(tensor, i);
      } else {
        for (int64_t i = pieces[p].begin; i < pieces[p].end; ++i) local.template apply<false>(tensor, i);
      }
    }
  });
}

}  // namespace tinytf::kernels
