// The collector's decisions as tables: what a reply or a transport failure means for the stored
// reply, the breaker, the quota guard, retries, dead letters and the rest of the run.
#include "core/collect_policy.hpp"
#include "core/stage_machine.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot::core;

namespace {

attempt_facts reply(int status, call_outcome o, retry_class a) {
  attempt_facts f;
  f.reached_server = true;
  f.whole_reply = true;
  f.http_status = status;
  f.cls.outcome = o;
  f.cls.action = a;
  return f;
}

attempt_facts transport(bool sent, call_outcome o, retry_class a) {
  attempt_facts f;
  f.reached_server = sent;
  f.whole_reply = false;
  f.cls.outcome = o;
  f.cls.action = a;
  return f;
}

}  // namespace

TEST_CASE("core collect_policy: each attempt's verdict", "[core]") {
  struct row {
    const char* what;
    attempt_facts facts;
    int attempt;
    bool keep, usable, breaker_failure, quota, retry, dead_letter;
    collect_stop stop;
  };
  using O = call_outcome;
  using R = retry_class;
  const row rows[] = {
      {"200 with jobs", reply(200, O::ok, R::none), 1, true, true, false, false, false, false, collect_stop::none},
      {"200 empty page", reply(200, O::no_results, R::none), 1, true, true, false, false, false, false,
       collect_stop::empty_page},
      {"200 malformed: paid, kept as failed, not bought again", reply(200, O::invalid_response, R::permanent), 1,
       true, false, false, false, false, true, collect_stop::none},
      {"200 API error envelope", reply(200, O::bad_request, R::permanent), 1, true, false, false, false, false, true,
       collect_stop::invalid_request},
      {"400", reply(400, O::bad_request, R::permanent), 1, false, false, false, false, false, true,
       collect_stop::invalid_request},
      {"401 stops everything", reply(401, O::unauthorized, R::permanent), 1, false, false, false, false, false, true,
       collect_stop::refused_key},
      {"403 stops everything", reply(403, O::forbidden, R::permanent), 1, false, false, false, false, false, true,
       collect_stop::refused_key},
      {"quota 429", reply(429, O::quota_exhausted, R::quota), 1, false, false, false, true, false, false,
       collect_stop::quota_exhausted},
      {"burst 429: the server answers, retry", reply(429, O::rate_limited, R::transient), 1, false, false, false,
       false, true, false, collect_stop::none},
      {"500 retried", reply(500, O::server_error, R::transient), 1, false, false, true, false, true, false,
       collect_stop::none},
      {"502 on the last attempt: dead letter", reply(502, O::gateway_error, R::transient), 3, false, false, true,
       false, false, true, collect_stop::none},
      {"timeout after sending: maybe paid, kept", transport(true, O::timeout, R::transient), 1, true, false, true,
       false, true, false, collect_stop::none},
      {"cut after sending: maybe paid, kept", transport(true, O::invalid_response, R::transient), 2, true, false,
       true, false, true, false, collect_stop::none},
      {"connect refused: nothing sent, nothing kept", transport(false, O::network_error, R::transient), 1, false,
       false, true, false, true, false, collect_stop::none},
      {"TLS failure: the dependency is unusable (breaker failure), not retried", transport(false, O::network_error,
                                                                                            R::permanent),
       1, false, false, true, false, false, true, collect_stop::none},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const auto v = judge_attempt(r.facts, r.attempt, 3);
    CHECK(v.keep_reply == r.keep);
    CHECK(v.reply_usable == r.usable);
    CHECK(v.breaker_failure == r.breaker_failure);
    CHECK(v.quota_exhausted == r.quota);
    CHECK(v.retry == r.retry);
    CHECK(v.dead_letter == r.dead_letter);
    CHECK(v.stop == r.stop);
  }
}

TEST_CASE("core collect_policy: the gate before a call", "[core]") {
  const int max = 8;
  CHECK(decide_gate(true, true, 0, max) == gate_decision::call);
  CHECK(decide_gate(false, true, 0, max) == gate_decision::stop_quota);
  CHECK(decide_gate(false, false, 0, max) == gate_decision::stop_quota);  // the quota comes first
  CHECK(decide_gate(true, false, 0, max) == gate_decision::wait_for_breaker);
  CHECK(decide_gate(true, false, 7, max) == gate_decision::wait_for_breaker);
  CHECK(decide_gate(true, false, 8, max) == gate_decision::give_up_breaker);
  CHECK(decide_gate(true, true, 20, max) == gate_decision::call);  // a permit after a long wait
  CHECK(decide_gate(true, false, 7) == gate_decision::wait_for_breaker);  // the default bound
  CHECK(decide_gate(true, false, breaker_reopenings_before_giving_up) == gate_decision::give_up_breaker);
}

TEST_CASE("core collect_policy: which stops end the whole run", "[core]") {
  CHECK_FALSE(stops_everything(collect_stop::none));
  CHECK_FALSE(stops_everything(collect_stop::empty_page));        // only this search
  CHECK_FALSE(stops_everything(collect_stop::known_only));        // only this search
  CHECK(ends_search(collect_stop::empty_page));
  CHECK(ends_search(collect_stop::known_only));
  CHECK_FALSE(ends_search(collect_stop::quota_exhausted));
  CHECK_FALSE(ends_search(collect_stop::none));
  CHECK_FALSE(stops_everything(collect_stop::invalid_request));   // only this search
  for (auto s : {collect_stop::quota_exhausted, collect_stop::refused_key, collect_stop::storage_failed,
                 collect_stop::backlog_full, collect_stop::circuit_open})
    CHECK(stops_everything(s));
  CHECK(std::string(to_string(collect_stop::storage_failed)) == "storage_failed");
  CHECK(std::string(to_string(collect_status::cached)) == "cached");
}

TEST_CASE("core stage_machine: statuses, the next stage and what is final", "[core]") {
  using S = collection_status;
  struct row {
    S status;
    const char* text;
    std::optional<stage> next;
    bool final;
  };
  const row rows[] = {
      {S::pending, "pending", stage::processor, false},  {S::processed, "processed", stage::embedder, false},
      {S::embedded, "embedded", stage::deduper, false},  {S::deduped, "deduped", stage::loader, false},
      {S::loaded, "loaded", std::nullopt, true},         {S::partial, "partial", std::nullopt, true},
      {S::failed, "failed", std::nullopt, true},
  };
  for (const auto& r : rows) {
    INFO(r.text);
    CHECK(std::string(to_string(r.status)) == r.text);
    CHECK(parse_collection_status(r.text) == r.status);
    CHECK(next_stage(r.status) == r.next);
    CHECK(is_final(r.status) == r.final);
    if (r.next) CHECK(progress(status_after(*r.next)) == progress(r.status) + 1);
  }
  CHECK_FALSE(parse_collection_status("processing"));
  CHECK(status_after(stage::collector) == S::pending);
}
