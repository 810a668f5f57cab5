// The cluster pool (cluster mode's processor and embedder stages): requests go to the member with
// the most free room; a request held by a member whose node is lost is done by another member; a
// member's own stage error is the answer; the pool's status counts every member's room. The members
// here are local actors with the stage interface, standing in for other nodes' pools (the cluster
// test runs real ones over the network).
#include "actors/cluster_pool.hpp"
#include "messages/error.hpp"
#include "messages/type_ids.hpp"
#include "tests/support/actor_test_config.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include <chrono>

using namespace jobpilot;
using messages::processor_actor;

namespace {

// Answers at once, naming itself in each collection's reason.
processor_actor::behavior_type answering(processor_actor::pointer, std::string name) {
  return {
      [name](atom::process, const messages::stage_request& r) {
        messages::stage_reply reply;
        for (const auto& id : r.collection_ids) {
          messages::collection_progress p;
          p.collection_id = id;
          p.status = core::collection_status::processed;
          p.advanced = true;
          p.reason = name;
          reply.collections.push_back(p);
        }
        return reply;
      },
      [](atom::status) { return messages::stage_status{}; },
  };
}

// Takes requests and never answers: a node that dies holding its work.
processor_actor::behavior_type silent(processor_actor::pointer self) {
  return {
      [self](atom::process, const messages::stage_request&) -> caf::result<messages::stage_reply> {
        return self->make_response_promise<messages::stage_reply>();  // never delivered
      },
      [](atom::status) { return messages::stage_status{}; },
  };
}

// Fails every request with `code`: a node's own trouble (its database away, its pool shutting down) or
// a request that fails wherever it runs (it crashed every worker).
processor_actor::behavior_type failing(processor_actor::pointer, messages::errc code, std::string why) {
  return {
      [code, why](atom::process, const messages::stage_request&) -> caf::result<messages::stage_reply> {
        return caf::make_error(code, why);
      },
      [](atom::status) { return messages::stage_status{}; },
  };
}

struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  fixture() : sys(test::configured_for_tests(cfg)), self(sys) {}

  actors::processor_cluster_pool pool(processor_actor local, std::int32_t slots) {
    return actors::spawn_processor_cluster_pool(sys, "coord", std::move(local), slots, std::chrono::seconds(10));
  }

  // Sends requests for `ids` (one each) without waiting; collect() gathers the answers.
  void send_all(const actors::processor_cluster_pool& p, const std::vector<std::string>& ids) {
    for (const auto& id : ids) self->send(p, atom::process::value, messages::stage_request{{id}});
  }
  std::map<std::string, std::string> collect(std::size_t n, std::vector<caf::error>* errors = nullptr) {
    std::map<std::string, std::string> done_by;  // collection -> who did it
    for (std::size_t i = 0; i < n; ++i)
      self->receive(
          [&](messages::stage_reply& r) {
            for (const auto& c : r.collections) done_by[c.collection_id] = c.reason;
          },
          [&](caf::error& e) {
            if (errors) errors->push_back(e);
          },
          caf::after(std::chrono::seconds(10)) >> [&] { FAIL("no answer within 10 s"); });
    return done_by;
  }

  messages::stage_status status(const actors::processor_cluster_pool& p) {
    messages::stage_status st;
    self->request(p, std::chrono::seconds(5), atom::status::value)
        .receive([&](messages::stage_status& s) { st = s; }, [&](caf::error& e) { FAIL(sys.render(e)); });
    return st;
  }

  void stop(std::initializer_list<caf::actor> actors) {
    for (const auto& a : actors) self->send_exit(a, caf::exit_reason::user_shutdown);
  }
};

}  // namespace

TEST_CASE_METHOD(fixture, "actors: the cluster pool spreads requests over its members by free room", "[actors]") {
  auto local = sys.spawn(answering, std::string("local"));
  auto w1 = sys.spawn(answering, std::string("w1"));
  auto p = pool(local, 1);
  CHECK(status(p).workers == 1);
  self->send(p, atom::join::value, std::string("w1"), w1, std::int32_t{3});
  CHECK(status(p).workers == 4);
  // Four at once: the local pool takes one, w1 the other three (1 of 1 and 3 of 3 busy).
  send_all(p, {"a", "b", "c", "d"});
  auto done = collect(4);
  REQUIRE(done.size() == 4);
  int by_w1 = 0;
  for (const auto& [id, who] : done) by_w1 += who == "w1";
  CHECK(by_w1 >= 1);
  CHECK(status(p).completed == 4);
  // w1 leaves (the registry lost it): only the local room is left.
  self->send(p, atom::leave::value, std::string("w1"));
  CHECK(status(p).workers == 1);
  stop({caf::actor_cast<caf::actor>(p), caf::actor_cast<caf::actor>(w1)});
}

TEST_CASE_METHOD(fixture, "actors: a request held by a member whose node is lost is done by another", "[actors]") {
  auto local = sys.spawn(answering, std::string("local"));
  auto w1 = sys.spawn(silent);
  auto p = pool(local, 1);
  self->send(p, atom::join::value, std::string("w1"), w1, std::int32_t{4});
  status(p);  // the join is in
  send_all(p, {"a", "b", "c"});  // a to the local pool, b and c to w1, which never answers
  auto first = collect(1);
  CHECK(first.count("a") == 1);
  CHECK(status(p).busy == 2);  // w1 holds b and c
  // w1's node dies: its proxy goes down, and what it held goes to the local pool.
  self->send_exit(w1, caf::exit_reason::kill);
  auto rest = collect(2);
  CHECK(rest == std::map<std::string, std::string>{{"b", "local"}, {"c", "local"}});
  auto st = status(p);
  CHECK(st.workers == 1);
  CHECK(st.completed == 3);
  CHECK(st.failed == 0);
  stop({caf::actor_cast<caf::actor>(p)});
}

TEST_CASE_METHOD(fixture, "actors: a request that fails on every node is the answer, not a lost node", "[actors]") {
  auto local = sys.spawn(silent);  // keeps the local room busy, so the request goes to w1
  auto w1 = sys.spawn(failing, messages::errc::stage_failed, std::string("processor: request crashed 3 workers on w1"));
  auto p = pool(local, 1);
  self->send(p, atom::join::value, std::string("w1"), w1, std::int32_t{1});
  status(p);
  send_all(p, {"held", "x"});
  std::vector<caf::error> errors;
  auto done = collect(1, &errors);
  CHECK(done.empty());
  REQUIRE(errors.size() == 1);
  CHECK(sys.render(errors[0]).find("request crashed 3 workers on w1") != std::string::npos);
  CHECK(status(p).workers == 2);  // w1 is still a member
  stop({caf::actor_cast<caf::actor>(p), caf::actor_cast<caf::actor>(w1)});
}

// Regression: a worker stopped with SIGTERM fails what its pool held with errc::shutting_down; the
// coordinator took that for the answer and its whole run failed.
TEST_CASE_METHOD(fixture, "actors: a member's node trouble (shutting down, database away) moves the request", "[actors]") {
  for (auto code : {messages::errc::shutting_down, messages::errc::storage_unavailable}) {
    INFO(messages::to_string(code));
    auto local = sys.spawn(answering, std::string("local"));
    auto w1 = sys.spawn(failing, code, std::string("trouble on w1"));
    auto p = pool(local, 1);
    self->send(p, atom::join::value, std::string("w1"), w1, std::int32_t{4});
    status(p);
    send_all(p, {"a", "b", "c"});  // a to the local pool, b to w1 (free room first), c in turn
    std::vector<caf::error> errors;
    auto done = collect(3, &errors);
    CHECK(errors.empty());
    CHECK(done == std::map<std::string, std::string>{{"a", "local"}, {"b", "local"}, {"c", "local"}});
    stop({caf::actor_cast<caf::actor>(p), caf::actor_cast<caf::actor>(w1)});
  }
}
