// The stage pool's supervision: requests are answered, a crashed worker is restarted and
// the request it held goes to the next worker, a poison request fails alone, and too many
// restarts within the window take the stage down with a clear reason.
#include "messages/type_ids.hpp"
#include "tests/support/actor_test_config.hpp"
#include "supervision/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>

using namespace jobpilot;

namespace {

using worker_t = supervision::pool_worker<atom::process, std::int32_t, std::int32_t>;
using front_t = supervision::pool_front<atom::process, std::int32_t, std::int32_t>;

// Doubles its input; throws for negative input while `crashes_left` is positive (-1 = always).
worker_t::behavior_type doubling_worker(worker_t::pointer, std::shared_ptr<std::atomic<int>> crashes_left) {
  return {
    [=](atom::process, std::int32_t x) -> std::int32_t {
      if (x < 0 && (*crashes_left < 0 || (*crashes_left)-- > 0)) throw std::runtime_error("worker crashed");
      return x < 0 ? -2 * x : 2 * x;
    },
  };
}

struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  fixture() : sys(test::configured_for_tests(cfg)), self(sys) {}

  std::shared_ptr<std::atomic<int>> restarts_told = std::make_shared<std::atomic<int>>(0);

  front_t spawn(int workers, std::shared_ptr<std::atomic<int>> crashes, int max_restarts = 3) {
    supervision::pool_settings ps;
    ps.on_restart = [told = restarts_told] { ++*told; };
    ps.stage = "test-stage";
    ps.workers = workers;
    ps.max_redispatch = 2;
    ps.restart.max_restarts = max_restarts;
    ps.restart.period = std::chrono::seconds(10);
    ps.restart.min_backoff = std::chrono::milliseconds(5);
    ps.restart.max_backoff = std::chrono::milliseconds(20);
    return supervision::spawn_pool<atom::process, std::int32_t, std::int32_t>(
        sys, ps, [crashes](caf::local_actor* router) { return router->spawn<caf::monitored>(doubling_worker, crashes); });
  }

  caf::expected<std::int32_t> ask(const front_t& pool, std::int32_t x) {
    caf::expected<std::int32_t> out{caf::sec::request_timeout};
    self->request(pool, std::chrono::seconds(10), atom::process::value, x)
        .receive([&](std::int32_t r) { out = r; }, [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  messages::stage_status status(const front_t& pool) {
    messages::stage_status st;
    self->request(pool, std::chrono::seconds(5), atom::status::value)
        .receive([&](messages::stage_status& s) { st = s; }, [&](caf::error& e) { FAIL(sys.render(e)); });
    return st;
  }
};

}  // namespace

TEST_CASE_METHOD(fixture, "actors: pool answers requests through its workers", "[actors]") {
  auto pool = spawn(3, std::make_shared<std::atomic<int>>(0));
  for (std::int32_t i = 1; i <= 20; ++i) {
    auto r = ask(pool, i);
    REQUIRE(r);
    CHECK(*r == 2 * i);
  }
  auto st = status(pool);
  CHECK(st.stage == "test-stage");
  CHECK(st.workers == 3);
  CHECK(st.completed == 20);
  CHECK(st.restarts == 0);
  CHECK(st.state == "up");
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(fixture, "actors: a crashed worker is restarted and its request re-dispatched", "[actors]") {
  auto pool = spawn(2, std::make_shared<std::atomic<int>>(1));  // the first poison attempt crashes
  auto r = ask(pool, -21);
  REQUIRE(r);
  CHECK(*r == 42);  // answered by the next worker, not lost
  auto st = status(pool);
  CHECK(st.restarts == 1);
  CHECK(restarts_told->load() == 1);  // the metrics hear of it
  // after the backoff the slot is filled again
  for (int i = 0; i < 500 && status(pool).state != "up"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(status(pool).state == "up");
  CHECK(*ask(pool, 5) == 10);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(fixture, "actors: a poison request fails alone; too many restarts fail the stage", "[actors]") {
  auto pool = spawn(2, std::make_shared<std::atomic<int>>(-1), /*max_restarts=*/10);
  auto r = ask(pool, -1);  // crashes every worker it reaches: given up after max_redispatch
  REQUIRE_FALSE(r);
  CHECK(r.error() == messages::errc::stage_failed);
  CHECK_THAT(sys.render(r.error()), Catch::Contains("crashed 3 workers"));
  for (int i = 0; i < 500 && status(pool).state != "up"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(*ask(pool, 4) == 8);  // the stage itself keeps working
  self->send_exit(pool, caf::exit_reason::user_shutdown);

  auto fragile = spawn(2, std::make_shared<std::atomic<int>>(-1), /*max_restarts=*/1);
  self->monitor(fragile);
  auto r2 = ask(fragile, -1);
  REQUIRE_FALSE(r2);
  CHECK(r2.error() == messages::errc::stage_failed);
  bool down = false;
  self->receive([&](caf::down_msg& dm) {
    down = true;
    CHECK(dm.reason == messages::errc::stage_failed);
    CHECK_THAT(sys.render(dm.reason), Catch::Contains("more than 1 worker restarts"));
  }, caf::after(std::chrono::seconds(10)) >> [] {});
  CHECK(down);
}
