#include "actors/processor_work.hpp"

#include "actors/stage_progress.hpp"
#include "core/ids.hpp"
#include "core/jsearch_model.hpp"
#include "core/time_format.hpp"
#include "core/transform.hpp"
#include "storage/atomic_file.hpp"
#include "storage/database.hpp"
#include "storage/database_guard.hpp"
#include "storage/processing_repository.hpp"
#include "storage/raw_collection_repository.hpp"
#include "storage/stage_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace jobpilot::actors {

namespace json = boost::json;
using core::collection_status;

struct processor_work::impl {
  stage_deps deps;
  std::filesystem::path failed_dir;
  std::filesystem::path processed_dir;
  storage::raw_collection_repository raws;
  storage::processing_repository processing;
  storage::stage_repository stages;

  impl(stage_deps d, const std::string& data_dir)
      : deps(std::move(d)),
        failed_dir(std::filesystem::path(data_dir) / "failed_processing"),
        processed_dir(std::filesystem::path(data_dir) / "processed_data"),
        raws(deps.db),
        processing(deps.db),
        stages(deps.db, deps.owner, deps.claim_lease) {}

  spdlog::logger& log() { return deps.log ? *deps.log : *spdlog::default_logger(); }

  // data/failed_processing/YYYY/MM/DD/failed_<processing_id>_<index>.json
  void write_failed_file(const json::object& entry, const std::string& processing_id, int index,
                         core::sys_time when) {
    auto path = failed_dir / core::date_path(when) / ("failed_" + processing_id + "_" + std::to_string(index) + ".json");
    try {
      storage::atomic_write_file(path, json::serialize(entry));
    } catch (const storage::storage_error& e) {
      log().error("failed job {} of {} not written to file: {}", index, processing_id, e.what());
    }
  }

  // data/processed_data/YYYY/MM/DD/processed_<processing_id>.json: the seed's backup of the processed
  // batch (the database row is what the stages read; this file is for people and other tools). Written
  // job by job, so a large reply is not held twice; a file that cannot be written is logged, not fatal.
  // Not fsynced: the database holds the rows and reprocess rewrites the file (two fsyncs per collection
  // were a large share of the processor's time).
  class processed_file {
  public:
    processed_file(processor_work::impl& w, const std::filesystem::path& path, const std::string& id,
                   const std::string& processing_id)
        : w_(w) {
      try {
        out_.emplace(path, false);
        auto head = json::serialize(json::object{{"collection_id", id}, {"processing_id", processing_id}});
        head.pop_back();  // the object goes on with its jobs
        out_->write(head + ",\"jobs\":[");
      } catch (const storage::storage_error& e) {
        fail(e);
      }
    }
    void add(const json::object& job) {
      if (!out_) return;
      try {
        out_->write(first_ ? "" : ",");
        out_->write(json::serialize(job));
        first_ = false;
      } catch (const storage::storage_error& e) {
        fail(e);
      }
    }
    void commit() {
      if (!out_) return;
      try {
        out_->write("]}");
        out_->commit();
      } catch (const storage::storage_error& e) {
        fail(e);
      }
    }

  private:
    void fail(const storage::storage_error& e) {
      w_.log().error("processed batch not written to file: {}", e.what());
      out_.reset();
    }
    processor_work::impl& w_;
    std::optional<storage::atomic_file_writer> out_;
    bool first_ = true;
  };

  // The reply's exact bytes: the database copy, or the file copy when that one is damaged.
  std::optional<std::string> stored_body(const storage::raw_collection_row& raw, std::string& why) {
    if (raw.body_intact) return raw.body;
    auto file = raw.file_path.empty() ? std::nullopt : storage::read_whole_file(raw.file_path);
    if (file && core::sha256_hex(*file) == raw.body_sha256) {
      log().warn("collection {}: the database copy of the reply is damaged; using the file copy {}",
                 raw.collection_id, raw.file_path);
      return file;
    }
    why = "the stored reply is damaged (it does not match its SHA-256) and " +
          (raw.file_path.empty() ? std::string("it has no file copy")
                                 : "its file copy " + raw.file_path + (file ? " differs" : " is missing"));
    return std::nullopt;
  }

  messages::collection_progress process(const std::string& id) {
    messages::collection_progress out;
    out.collection_id = id;
    if (auto answer = claim_or_answer(*deps.guard, stages, id, collection_status::pending, "processed")) return *answer;
    out.status = collection_status::pending;
    const std::string processing_id = core::processing_id_for(id);
    auto started = std::chrono::system_clock::now();
    auto raw = deps.guard->run("read the raw collection", [&] { return raws.get(id); });
    if (!raw) throw storage::storage_error("raw collection " + id + " vanished while claimed");

    storage::processing_log_row logrow;
    logrow.processing_id = processing_id;
    logrow.collection_id = id;
    logrow.started_at = core::iso8601_utc(started);
    std::vector<storage::processed_job_row> rows;
    json::array errors;
    auto collected_at = core::parse_iso8601_utc(raw->timestamp).value_or(started);

    auto fail = [&](const std::string& why) {
      errors.push_back(json::object{{"job_index", nullptr}, {"error_type", "invalid_response"}, {"error_message", why},
                                    {"raw_data", nullptr}});
      logrow.status = "failed";
      logrow.completed_at = core::iso8601_utc(std::chrono::system_clock::now());
      logrow.errors_json = json::serialize(errors);
      deps.guard->run("save the failed processing",
                      [&] { processing.save(logrow, rows, deps.owner, collection_status::failed, why); });
      log().error("collection {}: cannot process: {}", id, why);
      out.status = collection_status::failed;
      out.reason = why;
      out.advanced = true;
      return out;
    };

    std::string why;
    auto body = stored_body(*raw, why);
    if (!body) return fail(why);
    auto env = core::parse_envelope(*body);
    body.reset();
    if (!env.ok()) return fail("the reply is not a JSearch page: " + env.error);
    if (env.page->kind != core::page_kind::results)
      return fail("the reply is an API error, not results: " + env.page->error_message.value_or(""));
    if (env.page->utf8_repairs > 0)
      log().warn("collection {}: {} invalid UTF-8 byte(s) replaced by U+FFFD (the stored reply keeps them)", id,
                 env.page->utf8_repairs);

    int index = 0;
    processed_file file(*this, processed_dir / core::date_path(started) / ("processed_" + processing_id + ".json"), id,
                        processing_id);
    for (const auto& value : env.page->job_values) {
      auto result = core::transform_job_value(value, collected_at);
      if (result.ok()) {
        auto data = core::to_json(*result.job);
        file.add(data);  // the file backup leaves the raw job out: it is in raw_collections/
        data["raw_data"] = value;
        storage::processed_job_row row;
        row.processing_id = processing_id;
        row.job_index = index;
        row.jsearch_job_id = result.job->jsearch_job_id;
        row.processed_data_json = json::serialize(data);
        rows.push_back(std::move(row));
        deps.observer->job_transformed(*result.job);
        ++out.jobs_processed;
      } else {
        write_failed_file(json::object{{"collection_id", id},
                                       {"processing_id", processing_id},
                                       {"job_index", index},
                                       {"error_type", result.error_type},
                                       {"error_message", result.error_message},
                                       {"raw_data", value}},
                          processing_id, index, started);
        errors.push_back(json::object{{"job_index", index},
                                      {"error_type", result.error_type},
                                      {"error_message", result.error_message},
                                      {"raw_data", value}});
        ++out.jobs_failed;
        deps.observer->job_rejected(result.error_type, result.error_message);
        log().warn("collection {} job {}: {}: {}", id, index, result.error_type, result.error_message);
      }
      ++index;
    }
    auto done = std::chrono::system_clock::now();
    logrow.status = out.jobs_failed == 0 ? "completed" : (out.jobs_processed == 0 ? "failed" : "partial");
    logrow.jobs_processed = out.jobs_processed;
    logrow.jobs_failed = out.jobs_failed;
    logrow.completed_at = core::iso8601_utc(done);
    logrow.errors_json = errors.empty() ? std::string() : json::serialize(errors);
    logrow.metrics_json = json::serialize(json::object{
        {"processing_time_ms", std::chrono::duration_cast<std::chrono::milliseconds>(done - started).count()},
        {"jobs_in_reply", index}});
    // Jobs that failed the transform do not stop the others: the collection goes on, and the loader
    // marks it partial at the end.
    deps.guard->run("save the processing",
                    [&] { processing.save(logrow, rows, deps.owner, collection_status::processed, ""); });
    file.commit();  // after the database commit: the file never shows a batch the database lacks
    deps.observer->collection_processed(std::chrono::duration<double>(done - started).count());
    log().info("collection {}: {} jobs processed, {} failed -> processing {}", id, out.jobs_processed, out.jobs_failed,
               processing_id);
    out.status = collection_status::processed;
    out.reason.clear();
    out.advanced = true;
    return out;
  }
};

processor_work::processor_work(stage_deps deps, std::string data_dir)
    : impl_(std::make_unique<impl>(std::move(deps), data_dir)) {}

processor_work::~processor_work() = default;

messages::collection_progress processor_work::process(const std::string& collection_id) {
  return impl_->process(collection_id);
}

}  // namespace jobpilot::actors
