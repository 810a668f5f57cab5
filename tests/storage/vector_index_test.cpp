// vector_index: exact and graph search against brute force, growth, updates, save/load, bad files.
#include "storage/vector_index.hpp"

#include "core/embedding.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <unistd.h>

using namespace jobpilot;
using storage::vector_index;

namespace {

struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    std::string templ = (std::filesystem::temp_directory_path() / "jp_vector_index_XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::vector<std::vector<float>> random_unit_vectors(std::size_t n, int dims, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::vector<float>> out(n, std::vector<float>(static_cast<std::size_t>(dims)));
  for (auto& v : out) {
    for (auto& x : v) x = normal(gen);
    core::l2_normalize(v);
  }
  return out;
}

/// Exact top-k labels (label = position) by inner product.
std::vector<std::uint64_t> brute_force(const std::vector<std::vector<float>>& data, const std::vector<float>& q,
                                       std::size_t k) {
  std::vector<std::pair<float, std::uint64_t>> all;
  for (std::size_t i = 0; i < data.size(); ++i) all.emplace_back(core::dot(data[i], q), i);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                    [](auto& a, auto& b) { return a.first > b.first; });
  std::vector<std::uint64_t> labels;
  for (std::size_t i = 0; i < k; ++i) labels.push_back(all[i].second);
  return labels;
}

double recall_at(const vector_index& index, const std::vector<std::vector<float>>& data,
                 const std::vector<std::vector<float>>& queries, std::size_t k) {
  std::size_t hits = 0;
  for (const auto& q : queries) {
    const auto truth = brute_force(data, q, k);
    const std::set<std::uint64_t> expected(truth.begin(), truth.end());
    const auto found = index.search(q, k);
    REQUIRE(found.size() == k);
    for (std::size_t i = 1; i < found.size(); ++i) CHECK(found[i - 1].second >= found[i].second);
    for (const auto& [label, sim] : found) {
      if (expected.count(label)) ++hits;
      CHECK(sim == Approx(core::dot(data[label], q)).margin(1e-4));
    }
  }
  return static_cast<double>(hits) / static_cast<double>(queries.size() * k);
}

}  // namespace

TEST_CASE("storage: vector_index finds an inserted vector as its own top-1", "[storage]") {
  const auto data = random_unit_vectors(50, 32, 7);
  vector_index index(32);
  CHECK(index.dimensions() == 32);
  CHECK(index.size() == 0);
  CHECK(index.search(data[0], 5).empty());
  for (std::size_t i = 0; i < data.size(); ++i) REQUIRE(index.add(1000 + i, data[i]));
  CHECK(index.size() == 50);
  CHECK(index.contains(1042));
  CHECK_FALSE(index.contains(42));
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto top = index.search(data[i], 1);
    REQUIRE(top.size() == 1);
    CHECK(top[0].first == 1000 + i);
    CHECK(top[0].second == Approx(1.0f).margin(1e-5));
  }
  // k larger than the index gives everything; k == 0 and a wrong-size query give nothing.
  CHECK(index.search(data[3], 500).size() == 50);
  CHECK(index.search(data[3], 0).empty());
  CHECK(index.search(std::vector<float>(31, 0.1f), 3).empty());
}

TEST_CASE("storage: vector_index rejects bad vectors and normalises the rest", "[storage]") {
  vector_index index(4);
  CHECK_FALSE(index.add(1, {1, 0, 0}));                    // wrong size
  CHECK_FALSE(index.add(2, {1, 0, 0, std::nanf("")}));     // not finite
  CHECK_FALSE(index.add(3, {1, 0, 0, HUGE_VALF}));
  CHECK(index.size() == 0);
  REQUIRE(index.add(4, {3, 0, 0, 4}));  // length 5: stored as unit length
  REQUIRE(index.add(5, {0, 2, 0, 0}));
  const auto found = index.search({6, 0, 0, 8}, 2);
  REQUIRE(found.size() == 2);
  CHECK(found[0].first == 4);
  CHECK(found[0].second == Approx(1.0f).margin(1e-6));
  CHECK(found[1].first == 5);
  CHECK(found[1].second == Approx(0.0f).margin(1e-6));
  // Labels use the whole 64-bit range.
  REQUIRE(index.add(0xFFFFFFFFFFFFFFF0ULL, {0, 0, 1, 0}));
  const auto top = index.search({0, 0, 1, 0}, 1);
  REQUIRE(top.size() == 1);
  CHECK(top[0].first == 0xFFFFFFFFFFFFFFF0ULL);
}

TEST_CASE("storage: vector_index exact regime equals brute force", "[storage]") {
  const auto data = random_unit_vectors(vector_index::exact_search_limit, 48, 11);
  const auto queries = random_unit_vectors(30, 48, 12);
  vector_index index(48, 16);  // grows from a small capacity
  for (std::size_t i = 0; i < data.size(); ++i) REQUIRE(index.add(i, data[i]));
  CHECK(index.size() == vector_index::exact_search_limit);
  CHECK(recall_at(index, data, queries, 10) == 1.0);
}

TEST_CASE("storage: vector_index graph regime recall@10 >= 0.95 on 2000 random vectors", "[storage]") {
  const auto data = random_unit_vectors(2000, 64, 42);
  const auto queries = random_unit_vectors(200, 64, 43);
  vector_index index(64, 100);  // forces several resizes
  for (std::size_t i = 0; i < data.size(); ++i) REQUIRE(index.add(i, data[i]));
  REQUIRE(index.size() == 2000);
  REQUIRE(index.size() > vector_index::exact_search_limit);
  const double recall = recall_at(index, data, queries, 10);
  INFO("recall@10 = " << recall);
  CHECK(recall >= 0.95);
  for (std::size_t i = 0; i < data.size(); i += 97) {
    const auto top = index.search(data[i], 1);
    REQUIRE(top.size() == 1);
    CHECK(top[0].first == i);
    CHECK(top[0].second == Approx(1.0f).margin(1e-5));
  }
}

TEST_CASE("storage: vector_index replaces the vector of an existing label", "[storage]") {
  for (std::size_t n : {std::size_t(20), std::size_t(800)}) {  // both regimes
    const auto data = random_unit_vectors(n, 32, 5);
    const auto replacement = random_unit_vectors(1, 32, 6)[0];
    vector_index index(32);
    for (std::size_t i = 0; i < n; ++i) REQUIRE(index.add(i, data[i]));
    REQUIRE(index.add(7, replacement));
    CHECK(index.size() == n);
    const auto top = index.search(replacement, 1);
    REQUIRE(top.size() == 1);
    CHECK(top[0].first == 7);
    CHECK(top[0].second == Approx(1.0f).margin(1e-5));
    // The old vector no longer answers as label 7.
    for (const auto& [label, sim] : index.search(data[7], 3))
      if (label == 7) CHECK(sim == Approx(core::dot(replacement, data[7])).margin(1e-4));
  }
}

TEST_CASE("storage: vector_index save and load give the same results", "[storage]") {
  scratch_dir dir;
  for (std::size_t n : {std::size_t(0), std::size_t(100), std::size_t(1500)}) {
    const auto data = random_unit_vectors(n, 24, 3);
    const auto queries = random_unit_vectors(20, 24, 4);
    vector_index index(24);
    for (std::size_t i = 0; i < n; ++i) REQUIRE(index.add(5'000'000'000ULL + i, data[i]));
    index.set_tag("model=local-hash-v1;n=" + std::to_string(n));
    const auto path = (dir.path / "sub" / ("index_" + std::to_string(n) + ".vidx")).string();
    std::string error;
    REQUIRE(index.save(path, &error));
    CHECK(error.empty());

    auto loaded = vector_index::load(path, 24, &error);
    REQUIRE(loaded);
    CHECK(loaded->size() == n);
    CHECK(loaded->dimensions() == 24);
    CHECK(loaded->tag() == "model=local-hash-v1;n=" + std::to_string(n));
    for (const auto& q : queries) CHECK(loaded->search(q, 10) == index.search(q, 10));
    // The loaded index keeps growing and updating.
    const auto extra = random_unit_vectors(1, 24, 99)[0];
    REQUIRE(loaded->add(1, extra));
    CHECK(loaded->size() == n + 1);
    CHECK(loaded->search(extra, 1).at(0).first == 1);
    // No scratch or temp files are left next to the index.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path / "sub")) {
      (void)e;
      ++files;
    }
    CHECK(files == (n == 0 ? 1u : n == 100 ? 2u : 3u));
  }
}

TEST_CASE("storage: vector_index load refuses missing, corrupt and mismatched files", "[storage]") {
  scratch_dir dir;
  const auto data = random_unit_vectors(300, 16, 21);
  vector_index index(16);
  for (std::size_t i = 0; i < data.size(); ++i) REQUIRE(index.add(i, data[i]));
  const auto good = (dir.path / "good.vidx").string();
  std::string error;
  REQUIRE(index.save(good, &error));
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  REQUIRE(bytes.size() > 1000);
  auto write = [&](const std::string& name, const std::string& content) {
    const auto p = (dir.path / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  };
  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x40);
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';

  struct bad_case {
    std::string path;
    int dims;
    std::string expect;  // part of the error
  };
  const std::vector<bad_case> cases = {
      {(dir.path / "absent.vidx").string(), 16, "missing"},
      {dir.path.string(), 16, "missing"},  // a folder is not an index
      {write("empty.vidx", ""), 16, "not a vector index"},
      {write("text.vidx", "hello, world"), 16, "not a vector index"},
      {write("magic.vidx", bad_magic), 16, "not a vector index"},
      {write("truncated.vidx", bytes.substr(0, bytes.size() - 10)), 16, "size"},
      {write("longer.vidx", bytes + "x"), 16, "size"},
      {write("flipped.vidx", flipped), 16, "checksum"},
      {good, 32, "dimensions"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    error.clear();
    CHECK(vector_index::load(c.path, c.dims, &error) == nullptr);
    CHECK(error.find(c.expect) != std::string::npos);
  }
  // The good file still loads.
  error.clear();
  auto loaded = vector_index::load(good, 16, &error);
  REQUIRE(loaded);
  CHECK(loaded->size() == 300);
  CHECK(error.empty());
  // Saving into an unwritable place reports an error instead of throwing.
  const auto blocker = write("blocker", "file");
  CHECK_FALSE(index.save(blocker + "/child/index.vidx", &error));
  CHECK(error.find("cannot save") != std::string::npos);
}
