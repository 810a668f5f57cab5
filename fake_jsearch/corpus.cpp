// Duplicate labels of a corpus, for measuring dedupe precision and recall.
#include "fake_jsearch/corpus.hpp"

#include <set>

namespace jobpilot::fake_jsearch {

boost::json::value labels_json(const corpus& c) {
  boost::json::array rows;
  rows.reserve(c.postings.size());
  std::set<std::string> openings;
  for (const auto& p : c.postings) {
    boost::json::object row;
    const auto* id = p.job.if_contains("job_id");
    row["job_id"] = (id && id->is_string()) ? *id : boost::json::value(nullptr);
    row["opening_id"] = p.opening_id;
    row["kind"] = p.kind;
    rows.push_back(std::move(row));
    openings.insert(p.opening_id);
  }
  boost::json::object out;
  out["postings"] = std::move(rows);
  out["openings"] = static_cast<std::int64_t>(openings.size());
  return out;
}

}  // namespace jobpilot::fake_jsearch
