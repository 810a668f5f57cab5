#include "actors/collection_processor.hpp"

#include "core/ids.hpp"
#include "core/jsearch_model.hpp"
#include "core/time_format.hpp"
#include "core/transform.hpp"
#include "storage/atomic_file.hpp"
#include "storage/database.hpp"
#include "storage/processing_repository.hpp"
#include "storage/raw_collection_repository.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace jobpilot::actors {

namespace json = boost::json;

struct collection_processor::impl {
  std::shared_ptr<storage::database> db;
  std::filesystem::path failed_dir;
  std::shared_ptr<spdlog::logger> log;
  storage::raw_collection_repository raws;
  storage::processing_repository processing;

  impl(std::shared_ptr<storage::database> d, const std::string& data_dir, std::shared_ptr<spdlog::logger> l)
      : db(std::move(d)),
        failed_dir(std::filesystem::path(data_dir) / "failed_processing"),
        log(l ? std::move(l) : spdlog::default_logger()),
        raws(db),
        processing(db) {}

  // data/failed_processing/YYYY/MM/DD/failed_<processing_id>_<index>.json
  void write_failed_file(const json::object& entry, const std::string& processing_id, int index,
                         core::sys_time when) {
    auto path = failed_dir / core::date_path(when) / ("failed_" + processing_id + "_" + std::to_string(index) + ".json");
    try {
      storage::atomic_write_file(path, json::serialize(entry));
    } catch (const storage::storage_error& e) {
      log->error("failed job {} of {} not written to file: {}", index, processing_id, e.what());
    }
  }

  messages::processed process(const messages::raw_stored& in) {
    messages::processed out;
    out.collection_id = in.collection_id;
    out.processing_id = processing_id_for(in.collection_id);
    auto started = std::chrono::system_clock::now();
    auto raw = raws.get(in.collection_id);
    if (!raw) throw storage::storage_error("raw collection " + in.collection_id + " does not exist");

    storage::processing_log_row logrow;
    logrow.processing_id = out.processing_id;
    logrow.collection_id = in.collection_id;
    logrow.started_at = core::iso8601_utc(started);
    std::vector<storage::processed_job_row> rows;
    json::array errors;
    auto collected_at = core::parse_iso8601_utc(raw->timestamp).value_or(started);

    auto env = core::parse_envelope(raw->body);
    if (!env.ok() || env.page->kind != core::page_kind::results) {
      std::string why = env.ok() ? "reply is an API error, not results: " + env.page->error_message.value_or("")
                                 : env.error;
      errors.push_back(json::object{{"job_index", nullptr}, {"error_type", "invalid_response"}, {"error_message", why},
                                    {"raw_data", nullptr}});
      logrow.status = "failed";
      logrow.jobs_failed = 0;
      logrow.completed_at = core::iso8601_utc(std::chrono::system_clock::now());
      logrow.errors_json = json::serialize(errors);
      processing.save(logrow, rows, "failed");
      log->error("collection {}: cannot process: {}", in.collection_id, why);
      return out;
    }

    int index = 0;
    for (const auto& value : env.page->job_values) {
      auto result = core::transform_job_value(value, collected_at);
      if (result.ok()) {
        auto data = core::to_json(*result.job);
        data["raw_data"] = value;
        storage::processed_job_row row;
        row.processing_id = out.processing_id;
        row.job_index = index;
        row.jsearch_job_id = result.job->jsearch_job_id;
        row.processed_data_json = json::serialize(data);
        rows.push_back(std::move(row));
        ++out.jobs_processed;
      } else {
        json::object entry{{"job_index", index},
                           {"error_type", result.error_type},
                           {"error_message", result.error_message},
                           {"raw_data", value}};
        write_failed_file(json::object{{"collection_id", in.collection_id},
                                       {"processing_id", out.processing_id},
                                       {"job_index", index},
                                       {"error_type", result.error_type},
                                       {"error_message", result.error_message},
                                       {"raw_data", value}},
                          out.processing_id, index, started);
        errors.push_back(std::move(entry));
        ++out.jobs_failed;
        log->warn("collection {} job {}: {}: {}", in.collection_id, index, result.error_type, result.error_message);
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
    std::string raw_status = logrow.status == "completed" ? "processed" : logrow.status;
    processing.save(logrow, rows, raw_status);
    log->info("collection {}: {} jobs processed, {} failed -> processing {}", in.collection_id, out.jobs_processed,
              out.jobs_failed, out.processing_id);
    return out;
  }
};

collection_processor::collection_processor(std::shared_ptr<storage::database> db, std::string data_dir,
                                           std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<impl>(std::move(db), data_dir, std::move(log))) {}

collection_processor::~collection_processor() = default;

messages::processed collection_processor::process(const messages::raw_stored& input) { return impl_->process(input); }

std::string collection_processor::processing_id_for(const std::string& collection_id) {
  return core::uuid_from_name("processing:" + collection_id);
}

}  // namespace jobpilot::actors
