#include "storage/load_store.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/failed_operation_repository.hpp"
#include "storage/row_access.hpp"
#include "storage/stage_repository.hpp"

#include <boost/json.hpp>
#include <soci/soci.h>

namespace jobpilot::storage {

namespace {
constexpr long long load_lock_key = 72610003;
}

std::optional<std::string> load_round::next_collection() {
  soci::rowset<std::string> rs = (s_.prepare << "SELECT CAST(collection_id AS TEXT) FROM raw_job_collections WHERE "
                                                "processing_status = 'deduped' ORDER BY dedupe_seq LIMIT 1");
  for (const auto& id : rs) return id;
  return std::nullopt;
}

std::vector<processed_job_row> load_round::rows(const std::string& processing_id) {
  return read_processed_rows(db_, s_, processing_id);
}

bool load_round::try_write(const load_batch& batch, load_counts& counts, std::string& error) {
  db_.execute_script(s_, "SAVEPOINT jp_load");
  try {
    counts = write_load_batch(db_, s_, batch);
    db_.execute_script(s_, "RELEASE SAVEPOINT jp_load");
    return true;
  } catch (const std::exception& e) {
    if (db_.is_transient(e, s_)) throw;
    error = e.what();
    if (const auto* se = dynamic_cast<const soci::soci_error*>(&e)) error = se->get_error_message();
    error = clean_error_message(error, database_target{});
    db_.execute_script(s_, "ROLLBACK TO SAVEPOINT jp_load");
    db_.execute_script(s_, "RELEASE SAVEPOINT jp_load");
    return false;
  }
}

int load_round::transform_failures(const std::string& processing_id) {
  int n = 0;
  soci::indicator ind = soci::i_null;
  s_ << "SELECT jobs_failed FROM job_processing_log WHERE processing_id = :p", soci::use(processing_id),
      soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

namespace {

// The loader dead letters waiting for a replay result: (id, job_index).
std::vector<std::pair<std::string, int>> retrying_letters(database& db, soci::session& s, const std::string& processing_id) {
  std::vector<std::pair<std::string, int>> out;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT CAST(id AS TEXT), " + db.json_out("payload") +
                                                 " FROM failed_operations WHERE stage = 'loader' AND status = 'retrying'");
  for (const auto& row : rs) {
    boost::json::error_code ec;
    auto payload = boost::json::parse(col_text(row, 1), ec);
    if (ec || !payload.is_object()) continue;
    const auto& o = payload.as_object();
    auto* p = o.if_contains("processing_id");
    auto* i = o.if_contains("job_index");
    if (!p || !p->is_string() || p->as_string() != processing_id || !i || !i->is_int64()) continue;
    out.emplace_back(col_text(row, 0), static_cast<int>(i->as_int64()));
  }
  return out;
}

}  // namespace

void load_round::dead_letter(const std::string& collection_id, const std::string& processing_id, int job_index,
                             const std::string& error) {
  s_ << "UPDATE processed_job_data SET load_status = 'failed' WHERE processing_id = :p AND job_index = :i",
      soci::use(processing_id), soci::use(job_index);
  std::string now = core::iso8601_utc(std::chrono::system_clock::now());
  for (const auto& [id, idx] : retrying_letters(db_, s_, processing_id))
    if (idx == job_index) {
      s_ << "UPDATE failed_operations SET status = 'pending', attempts = attempts + 1, error = :e, updated_at = " +
                db_.ts_in(":u") + " WHERE id = :id",
          soci::use(error), soci::use(now), soci::use(id);
      return;
    }
  failed_operation_row d;
  d.id = core::uuid_generator().next();
  d.stage = "loader";
  d.operation = "load";
  d.payload_json = boost::json::serialize(boost::json::object{
      {"collection_id", collection_id}, {"processing_id", processing_id}, {"job_index", job_index}});
  d.error = error;
  d.error_kind = "storage";
  d.attempts = 1;
  insert_failed_operation(db_, s_, d);
}

int load_round::resolve_dead_letters(const std::string& processing_id) {
  int n = 0;
  std::string now = core::iso8601_utc(std::chrono::system_clock::now());
  for (const auto& [id, idx] : retrying_letters(db_, s_, processing_id)) {
    std::string status;
    int index = idx;
    s_ << "SELECT load_status FROM processed_job_data WHERE processing_id = :p AND job_index = :i",
        soci::use(processing_id), soci::use(index), soci::into(status);
    if (status != "loaded") continue;
    s_ << "UPDATE failed_operations SET status = 'resolved', updated_at = " + db_.ts_in(":u") + " WHERE id = :id",
        soci::use(now), soci::use(id);
    ++n;
  }
  return n;
}

void load_round::finish(const std::string& collection_id, core::collection_status status, const std::string& reason) {
  advance_locked(db_, s_, collection_id, core::collection_status::deduped, status, reason);
}

load_store::load_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

void load_store::in_round(const std::function<void(load_round&)>& fn) {
  db_->with_session([&](soci::session& s) {
    write_transaction tr(*db_, s);
    if (db_->kind() == dialect::postgresql) {
      long long key = load_lock_key;
      s << "SELECT pg_advisory_xact_lock(:k)", soci::use(key);
    }
    load_round round(*db_, s);
    fn(round);
    tr.commit();
  });
}

}  // namespace jobpilot::storage
