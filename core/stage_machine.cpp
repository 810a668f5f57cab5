#include "core/stage_machine.hpp"

namespace jobpilot::core {

const char* to_string(collection_status s) noexcept {
  switch (s) {
    case collection_status::pending: return "pending";
    case collection_status::processed: return "processed";
    case collection_status::embedded: return "embedded";
    case collection_status::deduped: return "deduped";
    case collection_status::loaded: return "loaded";
    case collection_status::partial: return "partial";
    case collection_status::failed: return "failed";
  }
  return "unknown";
}

const char* to_string(stage s) noexcept {
  switch (s) {
    case stage::collector: return "collector";
    case stage::processor: return "processor";
    case stage::embedder: return "embedder";
    case stage::deduper: return "deduper";
    case stage::loader: return "loader";
  }
  return "unknown";
}

std::optional<collection_status> parse_collection_status(std::string_view text) noexcept {
  for (auto s : {collection_status::pending, collection_status::processed, collection_status::embedded,
                 collection_status::deduped, collection_status::loaded, collection_status::partial,
                 collection_status::failed})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

bool is_final(collection_status s) noexcept {
  return s == collection_status::loaded || s == collection_status::partial || s == collection_status::failed;
}

std::optional<stage> next_stage(collection_status s) noexcept {
  switch (s) {
    case collection_status::pending: return stage::processor;
    case collection_status::processed: return stage::embedder;
    case collection_status::embedded: return stage::deduper;
    case collection_status::deduped: return stage::loader;
    default: return std::nullopt;
  }
}

collection_status status_after(stage s) noexcept {
  switch (s) {
    case stage::collector: return collection_status::pending;
    case stage::processor: return collection_status::processed;
    case stage::embedder: return collection_status::embedded;
    case stage::deduper: return collection_status::deduped;
    case stage::loader: return collection_status::loaded;
  }
  return collection_status::pending;
}

int progress(collection_status s) noexcept {
  switch (s) {
    case collection_status::pending: return 0;
    case collection_status::processed: return 1;
    case collection_status::embedded: return 2;
    case collection_status::deduped: return 3;
    default: return 4;
  }
}

const char* to_string(request_status s) noexcept {
  switch (s) {
    case request_status::pending: return "pending";
    case request_status::running: return "running";
    case request_status::done: return "done";
    case request_status::failed: return "failed";
  }
  return "unknown";
}

}  // namespace jobpilot::core
