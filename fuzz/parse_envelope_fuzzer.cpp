// libFuzzer target: jobpilot::core::parse_envelope over arbitrary reply bodies (and parse_jobs over
// whatever job values it returns, as the processor does). Built by fuzz/CMakeLists.txt with
// ASan + UBSan; run with scripts/fuzz.sh.
//
// Beyond "no sanitizer report", it checks what jsearch_model.hpp promises: parse_envelope never
// throws (an escaping exception aborts the run), a failure always carries a reason, and parse_jobs
// answers one result per job value, each either a job with a non-blank job_id or an error.
#include "core/ascii.hpp"
#include "core/jsearch_model.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "parse_envelope_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace jobpilot::core;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const envelope_result r = parse_envelope(body);
  if (!r.ok()) {
    check(r.failure != envelope_failure::none, "failed envelope without a failure kind");
    check(!r.error.empty(), "failed envelope without an error message");
    (void)to_string(r.failure);
    return 0;
  }
  check(r.failure == envelope_failure::none, "parsed envelope with a failure kind");
  const search_page& page = *r.page;
  const std::vector<job_parse_result> jobs = parse_jobs(page);
  check(jobs.size() == page.job_values.size(), "parse_jobs: not one result per job value");
  for (const auto& j : jobs) {
    if (j.ok()) {
      check(!trim(j.job->job_id).empty(), "parsed job with a blank job_id");
      (void)to_string(j.job->generation);
    } else {
      check(!j.error.empty(), "failed job without an error message");
    }
  }
  return 0;
}
