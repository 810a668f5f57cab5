// Loads a folder of recorded JSearch responses (or bare job objects) as a corpus to serve.
#pragma once

#include "fake_jsearch/corpus.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::fake_jsearch {

/// Byte range of one job object inside a JSON text.
struct job_span {
  std::size_t begin = 0;
  std::size_t end = 0;  ///< one past the closing brace
};

/// Job objects in a valid JSON text, in document order: every object with a string "job_id" member,
/// except a request echo under "parameters"; a job object's insides are not searched further.
std::vector<job_span> find_job_objects(std::string_view json_text);

/// Every *.json file under `dir` (recursively, in sorted path order); each job object is kept byte for
/// byte (generated_posting::raw) with opening_id = job_id, kind "recorded", family from its title.
/// Returns nullopt and sets `error` (naming each bad file) when the folder cannot be read, a *.json
/// file is not valid JSON, or no job object is found. Other files (README.md, SOURCES.md) are ignored.
std::optional<corpus> load_recorded(const std::string& dir, std::string* error = nullptr);

}  // namespace jobpilot::fake_jsearch
