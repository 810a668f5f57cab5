// Every message type survives CAF's binary serializer, alone and inside a caf::message
// (which needs the registered type names that remote actors use).
#include "messages/type_ids.hpp"
#include "tests/support/actor_test_config.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

using namespace jobpilot;
using namespace jobpilot::messages;

namespace {

struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  fixture() : sys(test::configured_for_tests(cfg, 1)) {}

  template <class T>
  T round_trip(const T& in) {
    std::vector<char> buf;
    caf::binary_serializer sink{sys, buf};
    T copy = in;
    REQUIRE(!sink(copy));
    REQUIRE(!buf.empty());
    T out;
    caf::binary_deserializer source{sys, buf};
    REQUIRE(!source(out));
    return out;
  }

  template <class T>
  T message_round_trip(const T& in) {
    auto msg = caf::make_message(in);
    std::vector<char> buf;
    caf::binary_serializer sink{sys, buf};
    REQUIRE(!sink(msg));
    caf::message back;
    caf::binary_deserializer source{sys, buf};
    REQUIRE(!source(back));
    REQUIRE(back.match_elements<T>());
    return back.get_as<T>(0);
  }

  template <class T>
  void check(const T& value, const char* registered_name) {
    CHECK(round_trip(value) == value);
    CHECK(message_round_trip(value) == value);
    auto name = sys.types().portable_name(caf::make_rtti_pair<T>());
    CHECK(name == registered_name);
  }
};

}  // namespace

TEST_CASE_METHOD(fixture, "messages: every message type round-trips through the binary serializer", "[messages]") {
  core::jsearch_query q;
  q.endpoint = "search";
  q.query = "c++ developer";
  q.location = "Austin, TX";
  q.page = 3;
  q.num_pages = 2;
  q.country = "us";
  q.language = "en";
  q.date_posted = "week";
  q.work_from_home = true;
  q.employment_types = "FULLTIME,CONTRACTOR";
  q.job_requirements = "no_degree";
  q.radius = "50";
  q.exclude_job_publishers = "BeeBe,Dice";
  q.fields = "job_id,job_title";
  q.cursor = "abc==";
  q.job_ids = "x==,y==";
  check(q, "jobpilot::core::jsearch_query");

  collect_request req{"4b1c7a52-0f6e-4c61-9d0e-5f3b8a3c2d10", q, "scheduled", 5, 4, false, "d-1"};
  check(req, "jobpilot::messages::collect_request");

  collect_result res{"r1", "c1", core::collect_status::failed, core::call_outcome::timeout,
                     core::collect_stop::circuit_open, "timed out after 2000 ms", 0, 2, 2, 2001, "cur"};
  check(res, "jobpilot::messages::collect_result");

  check(stage_request{{"c-1", "c-2"}}, "jobpilot::messages::stage_request");
  collection_progress p{"c-1", core::collection_status::partial, true, "1 job(s) could not be transformed",
                        9, 1, 2, 3, 4, 5, 6, 7};
  check(p, "jobpilot::messages::collection_progress");
  check(stage_reply{{p, p}, "c-0", 12}, "jobpilot::messages::stage_reply");
  sweep_request sweep{{"c-9"}, "partial", true, true, false};
  check(sweep, "jobpilot::messages::sweep_request");
  sweep_report swept{3, 1, 1, {"x: unreadable"}, 2, 1, 4, {"c-7: held by h/1/2"}, 5, {req}, {p}};
  check(swept, "jobpilot::messages::sweep_report");
  run_request run{{req, req}, true, sweep};
  check(run, "jobpilot::messages::run_request");
  run_report report;
  report.pages_requested = 3;
  report.pages = {res};
  report.stop = core::collect_stop::quota_exhausted;
  report.collections_partial = 2;
  report.jobs_new = 40;
  report.failures = {"c-1: partial: x"};
  report.sweep = swept;
  report.fatal = "loader stopped";
  check(report, "jobpilot::messages::run_report");
  check(stage_status{"collector", "degraded", 4, 2, 7, 100, 3, 1}, "jobpilot::messages::stage_status");
  stage_tally tally{12, {12, 3}, {"missing_field"}, {0.25, 0.5}, {0.125}, {"processor"}, {"embedder"}};
  check(tally, "jobpilot::messages::stage_tally");
  check(node_load{"w1", {stage_status{"processor", "up", 2, 1, 0, 9, 0, 0}}, tally}, "jobpilot::messages::node_load");
  // A worker's hello carries handles to its pools: they cross as actor references.
  auto pool = sys.spawn([]() -> processor_actor::behavior_type {
    return {[](atom::process, const stage_request&) { return stage_reply{}; },
            [](atom::status) { return stage_status{}; }};
  });
  node_hello hello{"w1", "host-w1", pool, embedder_actor{}, 2, 1};
  check(hello, "jobpilot::messages::node_hello");
  CHECK(round_trip(hello).processor == pool);
  caf::anon_send_exit(pool, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(fixture, "messages: a changed field changes the bytes (inspect covers every field)", "[messages]") {
  // If a field were missing from inspect(), two values differing only in it would serialize alike.
  collect_result a{"r", "c", core::collect_status::stored, core::call_outcome::ok, core::collect_stop::none, "", 10, 1, 1,
                   50, ""};
  auto bytes = [&](collect_result v) {
    std::vector<char> buf;
    caf::binary_serializer sink{sys, buf};
    REQUIRE(!sink(v));
    return buf;
  };
  auto base = bytes(a);
  auto b = a;
  b.next_cursor = "x";
  CHECK(bytes(b) != base);
  b = a;
  b.response_ms = 51;
  CHECK(bytes(b) != base);
  b = a;
  b.attempts = 2;
  CHECK(bytes(b) != base);
  b = a;
  b.stop = core::collect_stop::empty_page;
  CHECK(bytes(b) != base);
  b = a;
  b.status = core::collect_status::cached;
  CHECK(bytes(b) != base);
}
