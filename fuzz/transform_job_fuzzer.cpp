// libFuzzer target: jobpilot::core::transform_job_value, the one-job transform, on job objects.
// The input is parsed with boost::json (inputs that are not JSON are skipped). What is
// transformed: each element of "data" when the input is a reply envelope (data array, or the
// /search-v2 data.jobs array), each element of a top-level array, otherwise the object itself.
// The collection time is fixed so that relative dates ("2 days ago") resolve the same way on
// every run. As the processor does, a transformed job is then written with to_json and
// serialized, and read back with enhanced_job_from_json (what the loader does).
//
// Checked beyond "no sanitizer report": no exception escapes, a failure has an error type and
// message, a success has the job_id, a non-blank title and a completeness in [0, 1].
#include "core/enhanced_job.hpp"
#include "core/jsearch_model.hpp"
#include "core/time_format.hpp"
#include "core/transform.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

namespace json = boost::json;
using namespace jobpilot::core;

// 2025-06-15T12:00:00Z, the collection time the unit tests use.
const sys_time collected_at{std::chrono::seconds{1749988800}};

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "transform_job_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

void transform_one(const json::value& raw) {
  const transform_result r = transform_job_value(raw, collected_at);
  if (!r.ok()) {
    check(!r.error_type.empty(), "failed transform without an error type");
    check(!r.error_message.empty(), "failed transform without an error message");
    return;
  }
  const enhanced_job& job = *r.job;
  check(!job.jsearch_job_id.empty(), "transformed job without a job_id");
  check(!job.title.empty(), "transformed job without a title");
  check(job.completeness >= 0.0 && job.completeness <= 1.0, "completeness outside [0, 1]");
  const json::object out = to_json(job);
  const std::string text = json::serialize(out);
  check(!text.empty(), "empty serialization");
  const enhanced_job back = enhanced_job_from_json(out);
  check(back.jsearch_job_id == job.jsearch_job_id, "to_json/enhanced_job_from_json lost the job_id");
  (void)embedding_text(job);
}

void transform_each(const json::array& arr) {
  for (const auto& v : arr) transform_one(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json::parse_options opts;
  opts.max_depth = 64;  // as parse_envelope
  json::error_code ec;
  const json::value root =
      json::parse(json::string_view(reinterpret_cast<const char*>(data), size), ec, json::storage_ptr(), opts);
  if (ec) return -1;  // not JSON: do not add it to the corpus
  if (root.is_array()) {
    transform_each(root.get_array());
    return 0;
  }
  if (!root.is_object()) return -1;
  const json::object& obj = root.get_object();
  if (const json::value* d = obj.if_contains("data")) {
    if (d->is_array()) {
      transform_each(d->get_array());
      return 0;
    }
    if (d->is_object()) {
      if (const json::value* jobs = d->get_object().if_contains("jobs"); jobs && jobs->is_array()) {
        transform_each(jobs->get_array());
        return 0;
      }
    }
  }
  transform_one(root);
  return 0;
}
