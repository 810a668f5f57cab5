// schedule_runs on both engines: one row per fire time, due -> running -> done, what a restart
// takes up again, and the conditional triggers' look-ups.
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/schedule_run_repository.hpp"
#include "tests/support/cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace jobpilot;

namespace {

void schedule_rows(const std::string& url, const std::filesystem::path& dir) {
  std::string err;
  auto target = storage::parse_database_url(url, dir.string(), &err);
  REQUIRE(target);
  auto db = std::shared_ptr<storage::database>(storage::database::open(*target, 2));
  storage::migrate(*db);
  storage::schedule_run_repository runs(db);
  // Epoch ms of 2026-11-30T09:00Z and later: beyond 32 bits, as every real fire time is.
  const std::int64_t nine = 1'796'029'200'000, ten = nine + 3'600'000;

  CHECK_FALSE(runs.last_fire("daily"));
  CHECK(runs.add_due("daily", nine, "cron(0 9 * * *)", nine + 5));
  CHECK_FALSE(runs.add_due("daily", nine, "cron(0 9 * * *)", nine + 9));  // the same fire time: once only
  CHECK(runs.add_skipped("daily", ten, "cron(0 * * * *)", "quota: short", ten + 1));
  CHECK_FALSE(runs.add_skipped("daily", ten, "cron(0 * * * *)", "quota: short", ten + 2));
  CHECK(runs.last_fire("daily") == ten);

  auto open = runs.unfinished();
  REQUIRE(open.size() == 1);  // the skipped one is finished when recorded
  CHECK(open[0].schedule == "daily");
  CHECK(open[0].fire_time == nine);
  CHECK(open[0].state == "due");
  CHECK_FALSE(open[0].started_at);

  runs.mark_running("daily", nine, nine + 100, 9);
  open = runs.unfinished();  // running is taken up again after a restart
  REQUIRE(open.size() == 1);
  CHECK(open[0].state == "running");
  CHECK(open[0].pages == 9);
  CHECK(open[0].started_at == nine + 100);

  CHECK_FALSE(runs.last_done("daily"));
  runs.finish("daily", nine, "done", "", nine + 900, 9);
  CHECK(runs.unfinished().empty());
  CHECK(runs.last_done("daily") == nine + 900);

  auto row = runs.find("daily", nine);
  REQUIRE(row);
  CHECK(row->state == "done");
  CHECK(row->api_calls == 9);
  CHECK(row->finished_at == nine + 900);
  auto skipped = runs.find("daily", ten);
  REQUIRE(skipped);
  CHECK(skipped->state == "skipped");
  CHECK(skipped->reason == "quota: short");
  CHECK(skipped->finished_at == ten + 1);
  CHECK_FALSE(runs.find("daily", ten + 1));

  auto recent = runs.recent(10);
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].fire_time == ten);  // newest first
  CHECK(recent[1].fire_time == nine);
}

}  // namespace

TEST_CASE("storage: schedule_runs on SQLite", "[storage]") {
  test::temp_dir dir;
  schedule_rows("sqlite:runs.db", dir.path);
}

TEST_CASE("storage: schedule_runs on PostgreSQL", "[storage][pg]") {
  test::pg_database pg;
  test::temp_dir dir;
  schedule_rows(pg.url, dir.path);
}
