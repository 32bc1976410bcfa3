// Why did a source get no gradient? Answered from what the tape noted while
// recording (recording.h): its nodes, the cuts (stop_gradient, integer
// dtypes) and the values read into NumPy. Runs only when someone asks.
#include <unordered_map>
#include <unordered_set>

#include "tinytf/autodiff/tape.h"

namespace tinytf::autodiff {
namespace {

// Tensor ids reached from the start, each with the first cut on its path
// (nullptr: reached through nodes only, i.e. with a gradient).
using Reached = std::unordered_map<uint64_t, const Cut*>;

// Spreads `reached` forward along the nodes and (if `through_cuts`) the cuts
// until nothing changes. Nodes and cuts are each stored in the order they ran
// but not interleaved, hence the loop; two passes are typical.
void spread(Reached& reached, const std::vector<Node>& nodes, const std::vector<Cut>& cuts, bool through_cuts) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const Node& node : nodes)
      for (const TensorInfo& in : node.inputs) {
        auto it = reached.find(in.id);
        if (it == reached.end()) continue;
        const Cut* via = it->second;
        for (const Tensor& out : node.outputs) changed = reached.emplace(out.id(), via).second || changed;
      }
    if (!through_cuts) continue;
    for (const Cut& cut : cuts)
      for (uint64_t in : cut.inputs) {
        auto it = reached.find(in);
        if (it == reached.end()) continue;
        const Cut* via = it->second ? it->second : &cut;
        for (uint64_t out : cut.outputs) changed = reached.emplace(out, via).second || changed;
      }
  }
}

}  // namespace

NoGradient Tape::explain_none(const std::vector<Tensor>& targets, const Source& source) const {
  using K = NoGradient;
  // 1. Integer (and bool) tensors never have gradients.
  if (!is_floating(source.value.dtype())) return {K::IntegerSource, "", 0};

  // 2. Was the source watched at all (a variable: read while recording)?
  const std::vector<uint64_t> start = ids_of(source);
  if (start.empty()) return {K::NotWatched, "", 0};

  const auto reaches_target = [&](const Reached& reached) -> const Cut* const* {
    for (const Tensor& t : targets) {
      auto it = reached.find(t.id());
      if (it != reached.end()) return &it->second;
    }
    return nullptr;
  };
  Reached reached;
  for (uint64_t id : start) reached.emplace(id, nullptr);

  // 3. Connected through ops with gradients: one of them has none for this input.
  spread(reached, nodes_, cuts_, false);
  if (reaches_target(reached)) {
    for (const Node& node : nodes_)
      for (const TensorInfo& in : node.inputs)
        for (uint64_t id : start)
          if (in.id == id) return {K::NoGradientOp, node.op, 0};
    return {K::NoGradientOp, "", 0};
  }

  // 4. Connected through a cut: stop_gradient, or an integer dtype on the way.
  spread(reached, nodes_, cuts_, true);
  if (const Cut* const* via = reaches_target(reached); via && *via) {
    const Cut& cut = **via;
    return {cut.reason == CutReason::StopGradient ? K::StopGradient : K::IntegerPath, cut.op, 0};
  }

  // 5. Not connected: did the source, or a value computed from it, go to NumPy?
  //    (Looked for in the order the values were made, so the answer is stable;
  //    `op` names the op that made the value, empty for the source itself.)
  for (uint64_t id : start)
    if (left_for_numpy(id)) return {K::NumPy, "", id};
  for (const Node& node : nodes_)
    for (const Tensor& out : node.outputs)
      if (reached.count(out.id()) && left_for_numpy(out.id())) return {K::NumPy, node.op, out.id()};
  for (const Cut& cut : cuts_)
    for (uint64_t out : cut.outputs)
      if (reached.count(out) && left_for_numpy(out)) return {K::NumPy, cut.op, out};
  return {K::NotConnected, "", 0};
}

}  // namespace tinytf::autodiff
