// File layout (native byte order, little-endian on every supported host):
//   "JPVIDX01" | u32 version | u32 dimensions | u64 count | u64 tag bytes | u64 graph bytes |
//   64 hex chars SHA-256 of (tag + graph) | tag | graph (hnswlib's own saveIndex bytes, labels included)
// hnswlib trusts its input blindly, so the checksum is verified before hnswlib reads anything.
#include "storage/vector_index.hpp"

#include "core/embedding.hpp"
#include "core/ids.hpp"
#include "storage/atomic_file.hpp"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace jobpilot::storage {

namespace {

static_assert(sizeof(hnswlib::labeltype) == sizeof(std::uint64_t), "our 64-bit labels are stored as hnswlib labels");

constexpr std::size_t hnsw_m = 16;
constexpr std::size_t hnsw_ef_construction = 100;  // 200 cost 40 % of dedupe time for no recall (0.998 either way at 20k)
constexpr std::size_t hnsw_ef_search = 64;  // searchKnn uses max(ef, k)

constexpr char file_magic[8] = {'J', 'P', 'V', 'I', 'D', 'X', '0', '1'};
constexpr std::uint32_t file_version = 1;
constexpr std::size_t sha_hex_size = 64;
constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 8 + 8 + sha_hex_size;

template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
T get(const std::string& in, std::size_t& pos) {
  T value;
  std::memcpy(&value, in.data() + pos, sizeof value);
  pos += sizeof value;
  return value;
}

/// hnswlib only reads and writes named files; a unique name in the temp folder, removed on scope exit.
struct scratch_file {
  std::filesystem::path path;
  scratch_file() {
    std::random_device rd;
    std::uint64_t r = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    char name[64];
    std::snprintf(name, sizeof name, "jobpilot-vector-index-%016llx.hnsw", static_cast<unsigned long long>(r));
    path = std::filesystem::temp_directory_path() / name;
  }
  ~scratch_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
};

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

}  // namespace

struct vector_index::impl {
  int dims;
  hnswlib::InnerProductSpace space;  // declared before hnsw: the graph points into it
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw;
  std::string tag;

  explicit impl(int d) : dims(d), space(static_cast<std::size_t>(d)) {}
};

vector_index::vector_index(int dimensions, std::size_t initial_capacity)
    : impl_(std::make_unique<impl>(std::max(1, dimensions))) {
  impl_->hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(
      &impl_->space, std::max<std::size_t>(16, initial_capacity), hnsw_m, hnsw_ef_construction);
  impl_->hnsw->setEf(hnsw_ef_search);
}

vector_index::vector_index(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
vector_index::~vector_index() = default;
vector_index::vector_index(vector_index&&) noexcept = default;
vector_index& vector_index::operator=(vector_index&&) noexcept = default;

int vector_index::dimensions() const { return impl_->dims; }
std::size_t vector_index::size() const { return impl_->hnsw->cur_element_count; }
const std::string& vector_index::tag() const { return impl_->tag; }
void vector_index::set_tag(std::string tag) { impl_->tag = std::move(tag); }

bool vector_index::contains(std::uint64_t label) const {
  return impl_->hnsw->label_lookup_.count(static_cast<hnswlib::labeltype>(label)) > 0;
}

bool vector_index::add(std::uint64_t label, const std::vector<float>& v) {
  if (v.size() != static_cast<std::size_t>(impl_->dims)) return false;
  for (float x : v)
    if (!std::isfinite(x)) return false;
  std::vector<float> unit = v;
  core::l2_normalize(unit);
  auto& h = *impl_->hnsw;
  try {
    if (!contains(label) && h.cur_element_count >= h.max_elements_)
      h.resizeIndex(std::max<std::size_t>(16, h.max_elements_ * 2));
    h.addPoint(unit.data(), static_cast<hnswlib::labeltype>(label));  // an existing label is updated in place
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::pair<std::uint64_t, float>> vector_index::search(const std::vector<float>& query,
                                                                  std::size_t k) const {
  std::vector<std::pair<std::uint64_t, float>> out;
  const auto& h = *impl_->hnsw;
  const std::size_t n = h.cur_element_count;
  if (k == 0 || n == 0 || query.size() != static_cast<std::size_t>(impl_->dims)) return out;
  std::vector<float> q = query;
  core::l2_normalize(q);
  auto better = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };

  if (n <= exact_search_limit) {
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto id = static_cast<hnswlib::tableint>(i);
      const auto* v = reinterpret_cast<const float*>(h.getDataByInternalId(id));
      double s = 0;
      for (std::size_t d = 0; d < q.size(); ++d) s += static_cast<double>(q[d]) * v[d];
      out.emplace_back(static_cast<std::uint64_t>(h.getExternalLabel(id)), static_cast<float>(s));
    }
    const std::size_t keep = std::min(k, n);
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), better);
    out.resize(keep);
    return out;
  }

  try {
    auto found = h.searchKnn(q.data(), k);  // max-heap on distance = 1 - inner product
    out.reserve(found.size());
    while (!found.empty()) {
      out.emplace_back(static_cast<std::uint64_t>(found.top().second), 1.0f - found.top().first);
      found.pop();
    }
    std::sort(out.begin(), out.end(), better);
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

bool vector_index::save(const std::string& path, std::string* error) const {
  try {
    std::string graph;
    {
      scratch_file scratch;
      impl_->hnsw->saveIndex(scratch.path.string());
      auto bytes = read_whole_file(scratch.path);
      if (!bytes) return fail(error, "vector index: cannot write scratch file " + scratch.path.string());
      graph = std::move(*bytes);
    }
    // saveIndex does not report write errors; a short graph means the scratch write failed.
    if (graph.size() < impl_->hnsw->cur_element_count * impl_->hnsw->size_data_per_element_)
      return fail(error, "vector index: scratch file came back short (disk full?)");

    std::string body;
    body.reserve(impl_->tag.size() + graph.size());
    body.append(impl_->tag).append(graph);
    graph = std::string();
    std::string file;
    file.reserve(header_size + body.size());
    file.append(file_magic, sizeof file_magic);
    put<std::uint32_t>(file, file_version);
    put<std::uint32_t>(file, static_cast<std::uint32_t>(impl_->dims));
    put<std::uint64_t>(file, impl_->hnsw->cur_element_count);
    put<std::uint64_t>(file, impl_->tag.size());
    put<std::uint64_t>(file, body.size() - impl_->tag.size());
    file.append(core::sha256_hex(body));
    file.append(body);
    atomic_write_file(path, file);
    return true;
  } catch (const std::exception& e) {
    return fail(error, std::string("vector index: cannot save ") + path + ": " + e.what());
  }
}

std::unique_ptr<vector_index> vector_index::load(const std::string& path, int dimensions, std::string* error) {
  auto refuse = [&](const std::string& why) {
    fail(error, "vector index " + path + ": " + why);
    return std::unique_ptr<vector_index>();
  };
  try {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return refuse("missing");
    auto bytes = read_whole_file(path);
    if (!bytes) return refuse("cannot be read");
    const std::string& file = *bytes;
    if (file.size() < header_size || std::memcmp(file.data(), file_magic, sizeof file_magic) != 0)
      return refuse("not a vector index file");
    std::size_t pos = sizeof file_magic;
    const auto version = get<std::uint32_t>(file, pos);
    const auto dims = get<std::uint32_t>(file, pos);
    const auto count = get<std::uint64_t>(file, pos);
    const auto tag_size = get<std::uint64_t>(file, pos);
    const auto graph_size = get<std::uint64_t>(file, pos);
    const std::string sha = file.substr(pos, sha_hex_size);
    pos += sha_hex_size;
    if (version != file_version) return refuse("format version " + std::to_string(version) + " is not supported");
    if (static_cast<int>(dims) != dimensions || dimensions < 1)
      return refuse("has " + std::to_string(dims) + " dimensions, expected " + std::to_string(dimensions));
    if (tag_size > file.size() || graph_size > file.size() || header_size + tag_size + graph_size != file.size())
      return refuse("corrupt (size does not match its header)");
    if (core::sha256_hex(std::string_view(file).substr(header_size)) != sha) return refuse("corrupt (checksum)");

    auto state = std::make_unique<impl>(dimensions);
    state->tag = file.substr(header_size, tag_size);
    {
      scratch_file scratch;
      {
        std::ofstream out(scratch.path, std::ios::binary);
        out.write(file.data() + header_size + tag_size, static_cast<std::streamsize>(graph_size));
        if (!out.flush()) return refuse("cannot write scratch file " + scratch.path.string());
      }
      state->hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(&state->space, scratch.path.string());
    }
    auto& h = *state->hnsw;
    h.num_deleted_ = 0;  // hnswlib 0.6.2's loading constructor leaves it uninitialised; we never delete
    if (h.cur_element_count != count || h.label_lookup_.size() != count ||
        h.label_offset_ - h.offsetData_ != static_cast<std::size_t>(dimensions) * sizeof(float))
      return refuse("corrupt (graph does not match its header)");
    if (h.max_elements_ < 16) h.resizeIndex(16);
    h.setEf(hnsw_ef_search);
    return std::unique_ptr<vector_index>(new vector_index(std::move(state)));
  } catch (const std::exception& e) {
    return refuse(std::string("cannot be loaded: ") + e.what());
  }
}

}  // namespace jobpilot::storage
