#include "app/job_json.hpp"

#include "storage/job_repository.hpp"

#include <boost/json.hpp>

namespace jobpilot::app {

namespace {
boost::json::value number_or_null(const std::optional<double>& d) {
  return d ? boost::json::value(*d) : boost::json::value(nullptr);
}
}  // namespace

boost::json::object to_json(const storage::job_summary& j) {
  return {{"id", j.id},
          {"title", j.title},
          {"company", j.company},
          {"location", j.location},
          {"employment_type", j.employment_type},
          {"salary_annual_min", number_or_null(j.salary_annual_min)},
          {"salary_annual_max", number_or_null(j.salary_annual_max)},
          {"salary_currency", j.salary_currency},
          {"posted_at", j.posted_at},
          {"apply_url", j.apply_url},
          {"jsearch_job_id", j.jsearch_job_id},
          {"embedded", j.embedded},
          {"sources", j.sources}};
}

boost::json::object to_json(const storage::job_source_row& s) {
  return {{"jsearch_job_id", s.jsearch_job_id},
          {"publisher", s.publisher},
          {"duplicate_reason", s.duplicate_reason},
          {"similarity", number_or_null(s.similarity)},
          {"apply_url", s.apply_url},
          {"collection_id", s.collection_id},
          {"processing_id", s.processing_id},
          {"first_seen_at", s.first_seen_at}};
}

}  // namespace jobpilot::app
