#include "storage/raw_file_store.hpp"

#include "core/ascii.hpp"
#include "storage/atomic_file.hpp"

#include <algorithm>

namespace jobpilot::storage {

raw_file_store::raw_file_store(std::filesystem::path data_dir) : root_(std::move(data_dir) / "raw_collections") {}

raw_file_store raw_file_store::spool(std::filesystem::path dir) { return raw_file_store(at_root{}, std::move(dir)); }

std::string raw_file_store::collection_id_of(const std::filesystem::path& body_path) {
  auto name = body_path.filename().string();
  if (!core::starts_with(name, "jsearch_") || !core::ends_with(name, ".json") || core::ends_with(name, ".meta.json"))
    return {};
  return name.substr(8, name.size() - 8 - 5);
}

std::filesystem::path raw_file_store::body_path(const std::string& collection_id, core::sys_time when) const {
  return root_ / core::date_path(when) / ("jsearch_" + collection_id + ".json");
}

std::filesystem::path raw_file_store::meta_path_for(const std::filesystem::path& body_path) {
  auto name = body_path.filename().string();
  return body_path.parent_path() / (name.substr(0, name.size() - 5) + ".meta.json");
}

std::filesystem::path raw_file_store::write(const std::string& collection_id, core::sys_time when,
                                            std::string_view body, const std::string& meta_json) const {
  auto path = body_path(collection_id, when);
  atomic_write_file(meta_path_for(path), meta_json);
  atomic_write_file(path, body);
  return path;
}

std::vector<std::filesystem::path> raw_file_store::list_bodies() const {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::exists(root_, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    // A link that leads nowhere is listed too: the sweep must report it, not skip it.
    if (!it->is_regular_file() && !it->is_symlink()) continue;
    auto name = it->path().filename().string();
    if (core::starts_with(name, "jsearch_") && core::ends_with(name, ".json") && !core::ends_with(name, ".meta.json"))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace jobpilot::storage
