// Test driver: runs the CUDA kernels of cuda/ under the emulation
// (cuda_emu.h), through the same launcher API (cuda/launch.h) that
// cpp/tinytf/ops calls on a GPU. tests/test_cuda_emulation.py writes the
// inputs with NumPy, runs this, and compares the outputs with NumPy.
//
// Usage: cuda_emu_driver CASEFILE
// Each line of CASEFILE is one case, `key=value` words separated by spaces:
//   kind=unary|binary|cast|where|fill|gemm|reduce|argreduce|softmax|xent|sparse_xent|gather|scatter|one_hot|
//        im2col|col2im|max_pool|max_pool_grad|max_pool_gather|random|update|sort|scan|check
//   dtype=f32|f64|i32|i64|b8 (and out_dtype / index_dtype where they apply)
//   shape=2,3,4  s0=..,s1=.. (strides per operand, output first)  o1=.. (element offsets)
//   in1=PATH in2=PATH ... (raw little-endian arrays)  out=PATH (read as the initial
//   output buffer, then overwritten with the result)
// It prints "ok <id>" per case; a checking failure in the emulation exits 86
// with a message on stderr (see cuda_emu.h).
//
// Built with -DTINYTF_GPU_DRIVER (tests/test_cuda_gpu.py) it runs the same
// cases on a real GPU instead: buffers are CUDA managed memory, so the same
// pointers work on both sides, and the kernels come from nvcc.
#if defined(TINYTF_GPU_DRIVER)
#include <cuda_runtime.h>
#else
#include "cuda_emu.h"
// (the line above must come first: it defines what the kernel headers need)
#endif
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "launch.h"
#include "tinytf/kernels/im2col.h"
#include "tinytf/kernels/max_pool.h"
#include "tinytf/kernels/multi_tensor.h"
#include "tinytf/kernels/random.h"
#include "tinytf/kernels/sort.h"

namespace fn = tinytf::fn;
namespace cu = tinytf::cuda;

#if defined(TINYTF_GPU_DRIVER)
void run_emu_check(const std::string& name) { throw std::runtime_error("emulation check " + name + " needs the emulation"); }
// Managed memory: one pointer valid on the host and the device.
template <class T>
struct Alloc {
  using value_type = T;
  Alloc() = default;
  template <class U> Alloc(const Alloc<U>&) {}
  T* allocate(size_t n) {
    void* p = nullptr;
    if (cudaMallocManaged(&p, (n ? n : 1) * sizeof(T)) != cudaSuccess) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { cudaFree(p); }
  template <class U> bool operator==(const Alloc<U>&) const { return true; }
  template <class U> bool operator!=(const Alloc<U>&) const { return false; }
};
void sync() {
  const cudaError_t e = cudaDeviceSynchronize();
  if (e != cudaSuccess) throw std::runtime_error(std::string("kernel failed: ") + cudaGetErrorString(e));
}
#else
void run_emu_check(const std::string& name);  // emu_checks.cpp
template <class T> using Alloc = std::allocator<T>;
void sync() {}
#endif
template <class T> using vec = std::vector<T, Alloc<T>>;

namespace {

using Args = std::map<std::string, std::string>;

std::string get(const Args& a, const std::string& k) {
  auto it = a.find(k);
  if (it == a.end()) throw std::runtime_error("case is missing '" + k + "'");
  return it->second;
}
std::string get_or(const Args& a, const std::string& k, const std::string& d) {
  auto it = a.find(k);
  return it == a.end() ? d : it->second;
}
int64_t geti(const Args& a, const std::string& k, int64_t d = 0) {
  auto it = a.find(k);
  return it == a.end() ? d : std::stoll(it->second);
}
double getd(const Args& a, const std::string& k) { return std::stod(get(a, k)); }
std::vector<int64_t> list(const Args& a, const std::string& k) {
  std::vector<int64_t> v;
  std::stringstream ss(get_or(a, k, ""));
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) v.push_back(std::stoll(item));
  return v;
}

template <class T>
vec<T> load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  vec<T> v(bytes.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
  return v;
}
template <class T, class A>
void save(const std::string& path, const std::vector<T, A>& v) {
  sync();
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(T)));
}
// Buffers come as vectors; vector<bool> is no array, so bools travel as uint8_t
// and are viewed as bool (same size and representation on every ABI we use).
template <class T> struct Storage { using type = T; };
template <> struct Storage<bool> { using type = uint8_t; };
template <class T> using buf = vec<typename Storage<T>::type>;
template <class T> T* ptr(buf<T>& b) { return reinterpret_cast<T*>(b.data()); }

// Calls fn(T{}) for the dtype name, limited to the dtypes a category allows.
enum Cat { kFloating = 1, kNumeric = 2, kAll = 3, kBoolOnly = 4 };
template <int kCat, class Fn>
void visit(const std::string& d, Fn&& fn) {
  if constexpr (kCat != kBoolOnly) {
    if (d == "f32") return fn(float{});
    if (d == "f64") return fn(double{});
  }
  if constexpr (kCat == kNumeric || kCat == kAll) {
    if (d == "i32") return fn(int32_t{});
    if (d == "i64") return fn(int64_t{});
  }
  if constexpr (kCat == kAll || kCat == kBoolOnly) {
    if (d == "b8") return fn(bool{});
  }
  throw std::runtime_error("dtype " + d + " is not allowed here");
}
template <class Fn>
void visit_index(const std::string& d, Fn&& fn) {
  if (d == "i32") return fn(int32_t{});
  if (d == "i64") return fn(int64_t{});
  throw std::runtime_error("index dtype " + d);
}

template <int N>
cu::Layout<N> layout_of(const Args& a) {
  std::array<std::vector<int64_t>, N> strides;
  for (int k = 0; k < N; ++k) strides[k] = list(a, "s" + std::to_string(k));
  return cu::make_layout<N>(list(a, "shape"), strides);
}

// ---- elementwise ----------------------------------------------------------------------------------
template <int kCat, class F>
void unary_case(const Args& a, F f) {
  visit<kCat>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto in = load<typename Storage<T>::type>(get(a, "in1"));
    auto out = load<typename Storage<T>::type>(get(a, "out"));
    cu::map_unary(layout_of<2>(a), ptr<T>(out) + geti(a, "o0"), ptr<T>(in) + geti(a, "o1"), f);
    save(get(a, "out"), out);
  });
}

// Floats in, bools out (is_nan, is_inf, is_finite).
template <class F>
void predicate_case(const Args& a, F f) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto in = load<T>(get(a, "in1"));
    auto out = load<uint8_t>(get(a, "out"));
    cu::map_unary(layout_of<2>(a), ptr<bool>(out) + geti(a, "o0"), in.data() + geti(a, "o1"), f);
    save(get(a, "out"), out);
  });
}

void unary(const Args& a) {
  const std::string op = get(a, "op");
  if (op == "identity") {
    if (get(a, "dtype") == "b8") return unary_case<kBoolOnly>(a, fn::Identity{});
    return unary_case<kNumeric>(a, fn::Identity{});
  }
  if (op == "negative") return unary_case<kNumeric>(a, fn::Negative{});
  if (op == "abs") return unary_case<kNumeric>(a, fn::Abs{});
  if (op == "sign") return unary_case<kNumeric>(a, fn::Sign{});
  if (op == "square") return unary_case<kNumeric>(a, fn::Square{});
  if (op == "relu") return unary_case<kNumeric>(a, fn::Relu{});
  if (op == "sqrt") return unary_case<kFloating>(a, fn::Sqrt{});
  if (op == "rsqrt") return unary_case<kFloating>(a, fn::Rsqrt{});
  if (op == "exp") return unary_case<kFloating>(a, fn::Exp{});
  if (op == "log") return unary_case<kFloating>(a, fn::Log{});
  if (op == "log1p") return unary_case<kFloating>(a, fn::Log1p{});
  if (op == "expm1") return unary_case<kFloating>(a, fn::Expm1{});
  if (op == "is_nan") return predicate_case(a, fn::IsNan{});
  if (op == "is_inf") return predicate_case(a, fn::IsInf{});
  if (op == "is_finite") return predicate_case(a, fn::IsFinite{});
  if (op == "erf") return unary_case<kFloating>(a, fn::Erf{});
  if (op == "tanh") return unary_case<kFloating>(a, fn::Tanh{});
  if (op == "reciprocal") return unary_case<kFloating>(a, fn::Reciprocal{});
  if (op == "sigmoid") return unary_case<kFloating>(a, fn::Sigmoid{});
  if (op == "softplus") return unary_case<kFloating>(a, fn::Softplus{});
  if (op == "elu") return unary_case<kFloating>(a, fn::Elu{});
  if (op == "selu") return unary_case<kFloating>(a, fn::Selu{});
  if (op == "gelu") return unary_case<kFloating>(a, fn::Gelu{});
  if (op == "gelu_tanh") return unary_case<kFloating>(a, fn::GeluTanh{});
  if (op == "leaky_relu") return unary_case<kFloating>(a, fn::LeakyRelu{0.2});
  if (op == "logical_not") return unary_case<kBoolOnly>(a, fn::LogicalNot{});
  throw std::runtime_error("unknown unary op " + op);
}

template <int kCat, bool kBoolOut, class F>
void binary_case(const Args& a, F f) {
  visit<kCat>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    using Out = std::conditional_t<kBoolOut, bool, T>;
    auto x = load<typename Storage<T>::type>(get(a, "in1"));
    auto y = load<typename Storage<T>::type>(get(a, "in2"));
    auto out = load<typename Storage<Out>::type>(get(a, "out"));
    cu::map_binary(layout_of<3>(a), ptr<Out>(out) + geti(a, "o0"), ptr<T>(x) + geti(a, "o1"),
                   ptr<T>(y) + geti(a, "o2"), f);
    save(get(a, "out"), out);
  });
}

void binary(const Args& a) {
  const std::string op = get(a, "op");
  if (op == "add") return binary_case<kNumeric, false>(a, fn::Add{});
  if (op == "subtract") return binary_case<kNumeric, false>(a, fn::Sub{});
  if (op == "multiply") return binary_case<kNumeric, false>(a, fn::Mul{});
  if (op == "maximum") return binary_case<kNumeric, false>(a, fn::Maximum{});
  if (op == "minimum") return binary_case<kNumeric, false>(a, fn::Minimum{});
  if (op == "floordiv") return binary_case<kNumeric, false>(a, fn::FloorDiv{});
  if (op == "floormod") return binary_case<kNumeric, false>(a, fn::FloorMod{});
  if (op == "pow") return binary_case<kNumeric, false>(a, fn::Pow{});
  if (op == "divide") return binary_case<kFloating, false>(a, fn::Div{});
  if (op == "div_no_nan") return binary_case<kFloating, false>(a, fn::DivNoNan{});
  if (op == "equal") return binary_case<kAll, true>(a, fn::Equal{});
  if (op == "not_equal") return binary_case<kAll, true>(a, fn::NotEqual{});
  if (op == "less") return binary_case<kNumeric, true>(a, fn::Less{});
  if (op == "less_equal") return binary_case<kNumeric, true>(a, fn::LessEqual{});
  if (op == "greater") return binary_case<kNumeric, true>(a, fn::Greater{});
  if (op == "greater_equal") return binary_case<kNumeric, true>(a, fn::GreaterEqual{});
  if (op == "logical_and") return binary_case<kBoolOnly, true>(a, fn::LogicalAnd{});
  if (op == "logical_or") return binary_case<kBoolOnly, true>(a, fn::LogicalOr{});
  throw std::runtime_error("unknown binary op " + op);
}

void cast(const Args& a) {
  visit<kAll>(get(a, "dtype"), [&](auto from_zero) {
    using From = decltype(from_zero);
    visit<kAll>(get(a, "out_dtype"), [&](auto to_zero) {
      using To = decltype(to_zero);
      auto in = load<typename Storage<From>::type>(get(a, "in1"));
      auto out = load<typename Storage<To>::type>(get(a, "out"));
      cu::map_unary(layout_of<2>(a), ptr<To>(out) + geti(a, "o0"), ptr<From>(in) + geti(a, "o1"), fn::Cast<To>{});
      save(get(a, "out"), out);
    });
  });
}

void where(const Args& a) {
  visit<kAll>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto c = load<uint8_t>(get(a, "in1"));
    auto x = load<typename Storage<T>::type>(get(a, "in2"));
    auto y = load<typename Storage<T>::type>(get(a, "in3"));
    auto out = load<typename Storage<T>::type>(get(a, "out"));
    cu::where(layout_of<4>(a), ptr<T>(out) + geti(a, "o0"), ptr<bool>(c) + geti(a, "o1"), ptr<T>(x) + geti(a, "o2"),
              ptr<T>(y) + geti(a, "o3"));
    save(get(a, "out"), out);
  });
}

void fill(const Args& a) {
  visit<kAll>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto out = load<typename Storage<T>::type>(get(a, "out"));
    cu::fill(ptr<T>(out) + geti(a, "o0"), geti(a, "n"), T(getd(a, "value")));
    save(get(a, "out"), out);
  });
}

// ---- matmul, rows, indexing, random --------------------------------------------------------------------------
void gemm(const Args& a) {
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto x = load<T>(get(a, "in1"));
    auto y = load<T>(get(a, "in2"));
    auto out = load<T>(get(a, "out"));
    cu::gemm(geti(a, "m"), geti(a, "n"), geti(a, "k"), x.data() + geti(a, "o1"), geti(a, "a_rs"), geti(a, "a_cs"),
             y.data() + geti(a, "o2"), geti(a, "b_rs"), geti(a, "b_cs"), out.data() + geti(a, "o0"), geti(a, "c_rs"),
             nullptr, int(geti(a, "version")));
    save(get(a, "out"), out);
  });
}

void reduce(const Args& a) {
  const std::string op = get(a, "op");
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto x = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    const int64_t rows = geti(a, "rows"), cols = geti(a, "cols");
    // axis=1 (the default): reduce each row; axis=0: reduce each column (reduce_columns).
    const bool columns = get_or(a, "axis", "1") == "0";
    auto run = [&](auto r, bool mean) {
      if (columns) cu::reduce_columns(x.data(), rows, cols, out.data(), r, mean);
      else cu::reduce_rows(x.data(), rows, cols, out.data(), r, mean);
    };
    if (op == "sum") run(fn::SumReducer{}, false);
    else if (op == "mean") run(fn::SumReducer{}, true);
    else if (op == "prod") run(fn::ProdReducer{}, false);
    else if (op == "max") run(fn::MaxReducer{}, false);
    else if (op == "min") run(fn::MinReducer{}, false);
    else throw std::runtime_error("unknown reduction " + op);
    save(get(a, "out"), out);
  });
}

void argreduce(const Args& a) {
  const bool kmax = get(a, "op") == "argmax";
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      auto x = load<T>(get(a, "in1"));
      auto out = load<I>(get(a, "out"));
      if (kmax) cu::arg_reduce_rows<true>(x.data(), geti(a, "rows"), geti(a, "cols"), out.data());
      else cu::arg_reduce_rows<false>(x.data(), geti(a, "rows"), geti(a, "cols"), out.data());
      save(get(a, "out"), out);
    });
  });
}

void softmax(const Args& a) {
  const bool log = get(a, "op") == "log_softmax";
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto x = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    if (log) cu::softmax_rows<true>(x.data(), geti(a, "rows"), geti(a, "cols"), out.data());
    else cu::softmax_rows<false>(x.data(), geti(a, "rows"), geti(a, "cols"), out.data());
    save(get(a, "out"), out);
  });
}

// The fused cross-entropies: `out` receives the losses, `out2` softmax - labels.
void xent(const Args& a) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto x = load<T>(get(a, "in1"));
    auto y = load<T>(get(a, "in2"));
    auto loss = load<T>(get(a, "out"));
    auto backprop = load<T>(get(a, "out2"));
    cu::softmax_xent_rows(x.data(), y.data(), geti(a, "rows"), geti(a, "cols"), loss.data(), backprop.data());
    save(get(a, "out"), loss);
    save(get(a, "out2"), backprop);
  });
}

void sparse_xent(const Args& a) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      auto x = load<T>(get(a, "in1"));
      auto labels = load<I>(get(a, "in2"));
      auto loss = load<T>(get(a, "out"));
      auto backprop = load<T>(get(a, "out2"));
      cu::sparse_softmax_xent_rows(x.data(), labels.data(), geti(a, "rows"), geti(a, "cols"), loss.data(),
                                   backprop.data());
      save(get(a, "out"), loss);
      save(get(a, "out2"), backprop);
    });
  });
}

void gather(const Args& a) {
  visit<kAll>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      auto p = load<typename Storage<T>::type>(get(a, "in1"));
      auto idx = load<I>(get(a, "in2"));
      auto out = load<typename Storage<T>::type>(get(a, "out"));
      cu::gather(ptr<T>(p), geti(a, "outer"), geti(a, "axis_size"), geti(a, "inner"), idx.data(),
                 int64_t(idx.size()), ptr<T>(out));
      save(get(a, "out"), out);
    });
  });
}

void scatter(const Args& a) {
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      auto u = load<T>(get(a, "in1"));
      auto idx = load<I>(get(a, "in2"));
      auto out = load<T>(get(a, "out"));
      cu::scatter_add(u.data(), geti(a, "outer"), int64_t(idx.size()), geti(a, "inner"), idx.data(),
                      geti(a, "axis_size"), out.data());
      save(get(a, "out"), out);
    });
  });
}

void one_hot(const Args& a) {
  visit<kAll>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      auto idx = load<I>(get(a, "in1"));
      auto out = load<typename Storage<T>::type>(get(a, "out"));
      cu::one_hot(idx.data(), int64_t(idx.size()), geti(a, "depth"), T(getd(a, "on")), T(getd(a, "off")), ptr<T>(out));
      save(get(a, "out"), out);
    });
  });
}

// im2col / col2im: the emulated CUDA result goes to `out`, the CPU kernel's
// (same arguments) to `out_cpu`, so the test can check they agree bit for bit.
tinytf::kernels::ConvGeometry geometry_of(const Args& a) {
  return {geti(a, "n"),  geti(a, "h"),  geti(a, "w"),  geti(a, "c"),  geti(a, "kh"), geti(a, "kw"), geti(a, "sh"),
          geti(a, "sw"), geti(a, "dh"), geti(a, "dw"), geti(a, "pt"), geti(a, "pl"), geti(a, "oh"), geti(a, "ow")};
}

void im2col(const Args& a) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    const auto g = geometry_of(a);
    auto x = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    std::vector<T> cpu(out.begin(), out.end());
    cu::im2col(x.data(), g, T(getd(a, "pad")), out.data());
    tinytf::kernels::im2col(x.data(), g, T(getd(a, "pad")), cpu.data());
    save(get(a, "out"), out);
    save(get(a, "out_cpu"), cpu);
  });
}

void col2im(const Args& a) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    const auto g = geometry_of(a);
    auto cols = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    std::vector<T> cpu(out.begin(), out.end());
    cu::col2im(cols.data(), g, out.data());
    tinytf::kernels::col2im(cols.data(), g, cpu.data());
    save(get(a, "out"), out);
    save(get(a, "out_cpu"), cpu);
  });
}

// Max pooling: as im2col, the emulated CUDA results go to `out` (and `out_where`), the CPU kernel's to
// `out_cpu` (and `out_where_cpu`).
void max_pool(const Args& a) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    const auto g = geometry_of(a);
    auto x = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    auto where = load<int32_t>(get(a, "out_where"));
    std::vector<T> cpu(out.begin(), out.end());
    std::vector<int32_t> where_cpu(where.begin(), where.end());
    cu::max_pool(x.data(), g, out.data(), where.data());
    tinytf::kernels::max_pool(x.data(), g, cpu.data(), where_cpu.data());
    save(get(a, "out"), out);
    save(get(a, "out_where"), where);
    save(get(a, "out_cpu"), cpu);
    save(get(a, "out_where_cpu"), where_cpu);
  });
}

// max_pool_grad and max_pool_gather: each reads a tensor (`in1`) and max_pool's positions (`in2`) and
// fills `out`; they differ only in the kernels, passed as generic lambdas.
template <class CudaKernel, class CpuKernel>
void by_max_positions(const Args& a, CudaKernel cuda_kernel, CpuKernel cpu_kernel) {
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    const auto g = geometry_of(a);
    auto in = load<T>(get(a, "in1"));
    auto where = load<int32_t>(get(a, "in2"));
    auto out = load<T>(get(a, "out"));
    std::vector<T> cpu(out.begin(), out.end());
    cuda_kernel(in.data(), where.data(), g, out.data());
    cpu_kernel(in.data(), where.data(), g, cpu.data());
    save(get(a, "out"), out);
    save(get(a, "out_cpu"), cpu);
  });
}

void max_pool_grad(const Args& a) {
  by_max_positions(a, [](auto... args) { cu::max_pool_grad(args...); },
                   [](auto... args) { tinytf::kernels::max_pool_grad(args...); });
}

void max_pool_gather(const Args& a) {
  by_max_positions(a, [](auto... args) { cu::max_pool_gather(args...); },
                   [](auto... args) { tinytf::kernels::max_pool_gather(args...); });
}

// Writes the emulated CUDA numbers to `out` and the CPU kernel's to `out_cpu`.
void random(const Args& a) {
  const std::string op = get(a, "op");
  const auto dist = op == "normal"      ? tinytf::kernels::Distribution::Normal
                    : op == "keep_mask" ? tinytf::kernels::Distribution::KeepMask
                                        : tinytf::kernels::Distribution::Uniform;
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    const int64_t n = geti(a, "n");
    const uint64_t seed = std::stoull(get(a, "seed")), stream = std::stoull(get(a, "stream"));
    vec<T> gpu(static_cast<size_t>(n));
    std::vector<T> cpu(static_cast<size_t>(n));
    cu::random_fill(gpu.data(), n, dist, T(getd(a, "a")), T(getd(a, "b")), seed, stream);
    tinytf::kernels::random_fill(cpu.data(), n, dist, T(getd(a, "a")), T(getd(a, "b")), seed, stream);
    save(get(a, "out"), gpu);
    save(get(a, "out_cpu"), cpu);
  });
}

// One optimizer step over several variables: `sizes` elements each, `decay` (0/1) each, the
// step's settings as words (they choose the rule's slots, as in the ops). The inputs are the
// concatenated values, gradients and slots (slot after slot); writes the emulated CUDA result
// (values, then slots) to `out` and the CPU kernel's to `out_cpu`.
template <class T, class Rule>
void update_case(const Args& a, const fn::OptimizerSettings& s) {
  constexpr int K = Rule::kSlots;
  const std::vector<int64_t> sizes = list(a, "sizes"), decay = list(a, "decay");
  int64_t total = 0;
  for (int64_t n : sizes) total += n;
  const vec<T> values = load<T>(get(a, "in1")), grads = load<T>(get(a, "in2")), slots = load<T>(get(a, "in3"));
  if (slots.size() != size_t(K * total)) throw std::runtime_error("in3 must hold the rule's slots");
  // Two copies of the state: one for the emulated GPU, one for the CPU kernel.
  std::vector<vec<T>> state(2);
  for (auto& st : state) {
    st.assign(values.begin(), values.end());
    st.insert(st.end(), slots.begin(), slots.end());
  }
  const auto step = fn::UpdateStep<T, Rule>::make(s);
  for (int device = 0; device < 2; ++device) {
    std::vector<fn::UpdateTensor<T, K>> tensors;
    int64_t offset = 0;
    for (size_t t = 0; t < sizes.size(); ++t) {
      fn::UpdateTensor<T, K> d{};
      d.value = state[device].data() + offset;
      d.grad = grads.data() + offset;
      for (int k = 0; k < K; ++k) d.slots[k] = state[device].data() + (k + 1) * total + offset;
      d.n = sizes[t];
      d.decay = decay[t] != 0;
      tensors.push_back(d);
      offset += sizes[t];
    }
    if (device == 0) {
      cu::multi_tensor_update(tensors.data(), int64_t(tensors.size()), step);
      sync();  // the CPU kernel reads the same gradients next
    } else {
      tinytf::kernels::multi_tensor_update(tensors.data(), int64_t(tensors.size()), step);
    }
  }
  save(get(a, "out"), state[0]);
  save(get(a, "out_cpu"), state[1]);
}

void update(const Args& a) {
  fn::OptimizerSettings s;
  s.learning_rate = getd(a, "lr");
  s.step = geti(a, "step", 1);
  s.has_weight_decay = geti(a, "has_wd") != 0;
  s.weight_decay = std::stod(get_or(a, "wd", "0"));
  s.momentum = std::stod(get_or(a, "momentum", "0"));
  s.rho = std::stod(get_or(a, "rho", "0.9"));
  s.epsilon = std::stod(get_or(a, "eps", "1e-7"));
  s.beta_1 = std::stod(get_or(a, "beta1", "0.9"));
  s.beta_2 = std::stod(get_or(a, "beta2", "0.999"));
  s.nesterov = geti(a, "nesterov") != 0;
  s.centered = geti(a, "centered") != 0;
  s.amsgrad = geti(a, "amsgrad") != 0;
  s.u_product = std::stod(get_or(a, "u", "1"));
  const std::map<std::string, fn::UpdateRule> rules = {
      {"sgd", fn::UpdateRule::Sgd},         {"rmsprop", fn::UpdateRule::Rmsprop}, {"adam", fn::UpdateRule::Adam},
      {"adagrad", fn::UpdateRule::Adagrad}, {"nadam", fn::UpdateRule::Nadam},     {"weight_decay", fn::UpdateRule::WeightDecay}};
  visit<kFloating>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    fn::visit_rule<T>(rules.at(get(a, "rule")), s, [&](auto rule) { update_case<T, decltype(rule)>(a, s); });
  });
}

// sort_rows: the emulated CUDA values/indices to out/out_idx, the CPU kernel's to out_cpu/out_idx_cpu.
void sort(const Args& a) {
  const bool descending = geti(a, "descending") != 0;
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    visit_index(get(a, "index_dtype"), [&](auto izero) {
      using I = decltype(izero);
      const int64_t rows = geti(a, "rows"), cols = geti(a, "cols"), k = geti(a, "k");
      auto x = load<T>(get(a, "in1"));
      auto values = load<T>(get(a, "out"));
      auto indices = load<I>(get(a, "out_idx"));
      std::vector<T> cpu_values(values.begin(), values.end());
      std::vector<I> cpu_indices(indices.begin(), indices.end());
      if (descending) {
        cu::sort_rows<true>(x.data(), rows, cols, k, values.data(), indices.data());
        tinytf::kernels::sort_rows<true>(x.data(), rows, cols, k, cpu_values.data(), cpu_indices.data());
      } else {
        cu::sort_rows<false>(x.data(), rows, cols, k, values.data(), indices.data());
        tinytf::kernels::sort_rows<false>(x.data(), rows, cols, k, cpu_values.data(), cpu_indices.data());
      }
      save(get(a, "out"), values);
      save(get(a, "out_idx"), indices);
      save(get(a, "out_cpu"), cpu_values);
      save(get(a, "out_idx_cpu"), cpu_indices);
    });
  });
}

void scan(const Args& a) {
  const bool exclusive = geti(a, "exclusive") != 0, reverse = geti(a, "reverse") != 0;
  visit<kNumeric>(get(a, "dtype"), [&](auto zero) {
    using T = decltype(zero);
    auto x = load<T>(get(a, "in1"));
    auto out = load<T>(get(a, "out"));
    const int64_t rows = geti(a, "rows"), cols = geti(a, "cols");
    if (get(a, "op") == "prod") cu::scan_rows(x.data(), rows, cols, out.data(), fn::ProdReducer{}, exclusive, reverse);
    else cu::scan_rows(x.data(), rows, cols, out.data(), fn::SumReducer{}, exclusive, reverse);
    save(get(a, "out"), out);
  });
}

void run_case(const Args& a) {
  const std::string kind = get(a, "kind");
  if (kind == "unary") unary(a);
  else if (kind == "binary") binary(a);
  else if (kind == "cast") cast(a);
  else if (kind == "where") where(a);
  else if (kind == "fill") fill(a);
  else if (kind == "gemm") gemm(a);
  else if (kind == "reduce") reduce(a);
  else if (kind == "argreduce") argreduce(a);
  else if (kind == "softmax") softmax(a);
  else if (kind == "xent") xent(a);
  else if (kind == "sparse_xent") sparse_xent(a);
  else if (kind == "gather") gather(a);
  else if (kind == "scatter") scatter(a);
  else if (kind == "one_hot") one_hot(a);
  else if (kind == "im2col") im2col(a);
  else if (kind == "col2im") col2im(a);
  else if (kind == "max_pool") max_pool(a);
  else if (kind == "max_pool_grad") max_pool_grad(a);
  else if (kind == "max_pool_gather") max_pool_gather(a);
  else if (kind == "random") random(a);
  else if (kind == "update") update(a);
  else if (kind == "sort") sort(a);
  else if (kind == "scan") scan(a);
  else if (kind == "check") run_emu_check(get(a, "name"));
  else throw std::runtime_error("unknown kind " + kind);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CASEFILE\n", argv[0]);
    return 2;
  }
  std::ifstream f(argv[1]);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    Args a;
    std::stringstream ss(line);
    std::string word;
    while (ss >> word) {
      const size_t eq = word.find('=');
      if (eq != std::string::npos) a[word.substr(0, eq)] = word.substr(eq + 1);
    }
    try {
      run_case(a);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "case %s: %s\n", get_or(a, "id", "?").c_str(), e.what());
      return 1;
    }
    std::printf("ok %s\n", get_or(a, "id", "?").c_str());
    std::fflush(stdout);
  }
  return 0;
}
