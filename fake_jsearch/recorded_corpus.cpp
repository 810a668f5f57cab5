// A structural scan finds the job objects' byte ranges so they are served exactly as recorded
// (Boost.JSON would rewrite numbers such as 38.8816208 as 3.88816208E1).
#include "fake_jsearch/recorded_corpus.hpp"

#include "core/ascii.hpp"
#include "fake_jsearch/query_match.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace jobpilot::fake_jsearch {
namespace {

namespace fs = std::filesystem;

struct frame {
  bool is_object = false;
  std::size_t begin = 0;
  std::size_t slot = 0;          ///< index into the result list (objects only)
  bool expecting_key = false;
  std::string_view last_key;
};

struct object_info {
  std::size_t begin = 0, end = 0;
  bool has_job_id = false;
  bool under_parameters = false;
};

/// Raw text between the quotes of the string starting at `i` (which holds '"'); moves `i` past it.
std::string_view read_string(std::string_view text, std::size_t& i) {
  const std::size_t start = ++i;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  const std::string_view out = text.substr(start, std::min(i, text.size()) - start);
  ++i;
  return out;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::vector<job_span> find_job_objects(std::string_view text) {
  std::vector<object_info> objects;
  std::vector<frame> stack;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      frame f;
      f.is_object = c == '{';
      f.begin = i;
      f.expecting_key = f.is_object;
      if (f.is_object) {
        object_info info;
        info.begin = i;
        info.under_parameters = !stack.empty() && stack.back().is_object && stack.back().last_key == "parameters";
        f.slot = objects.size();
        objects.push_back(info);
      }
      stack.push_back(f);
      ++i;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) {
        if (stack.back().is_object) objects[stack.back().slot].end = i + 1;
        stack.pop_back();
      }
      ++i;
    } else if (c == '"') {
      const auto s = read_string(text, i);
      if (!stack.empty() && stack.back().is_object) {
        auto& top = stack.back();
        if (top.expecting_key) {
          top.last_key = s;
          top.expecting_key = false;
        } else if (top.last_key == "job_id") {
          objects[top.slot].has_job_id = true;
        }
      }
    } else if (c == ',') {
      if (!stack.empty() && stack.back().is_object) stack.back().expecting_key = true;
      ++i;
    } else {
      ++i;
    }
  }
  std::vector<job_span> out;
  std::size_t inside_until = 0;
  for (const auto& o : objects) {
    if (o.begin < inside_until || !o.has_job_id || o.under_parameters || o.end == 0) continue;
    out.push_back({o.begin, o.end});
    inside_until = o.end;
  }
  return out;
}

std::optional<corpus> load_recorded(const std::string& dir, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<corpus> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail("recorded corpus: not a directory: " + dir);
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && core::ends_with(it->path().filename().string(), ".json"))
      files.push_back(it->path());
  }
  if (ec) return fail("recorded corpus: cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());

  corpus out;
  out.labelled = false;
  std::string problems;
  for (const auto& path : files) {
    const auto text = read_file(path);
    if (!text) {
      problems += "cannot read " + path.string() + "\n";
      continue;
    }
    boost::system::error_code parse_error;
    boost::json::parse(*text, parse_error);
    if (parse_error) {
      problems += path.string() + ": not valid JSON (" + parse_error.message() + ")\n";
      continue;
    }
    for (const auto& span : find_job_objects(*text)) {
      generated_posting p;
      p.raw = text->substr(span.begin, span.end - span.begin);
      p.job = boost::json::parse(p.raw).as_object();
      p.opening_id = std::string(p.job.at("job_id").as_string());
      p.kind = "recorded";
      if (const auto* title = p.job.if_contains("job_title"); title && title->is_string()) {
        const auto named = families_named(title->as_string());
        if (!named.empty()) p.family = named.front();
      }
      out.postings.push_back(std::move(p));
    }
  }
  if (!problems.empty()) return fail("recorded corpus: " + problems.substr(0, problems.size() - 1));
  if (out.postings.empty()) return fail("recorded corpus: no job objects (objects with a \"job_id\") under " + dir);
  return out;
}

}  // namespace jobpilot::fake_jsearch
