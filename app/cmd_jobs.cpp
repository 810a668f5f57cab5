#include "actors/embedding_providers.hpp"
#include "app/commands.hpp"
#include "app/job_json.hpp"
#include "app/runtime.hpp"
#include "storage/database.hpp"
#include "storage/job_repository.hpp"
#include "storage/search_index.hpp"

#include <boost/json.hpp>

#include <iomanip>
#include <iostream>

namespace jobpilot::app {

namespace {

std::string salary_text(const storage::job_summary& j) {
  if (!j.salary_annual_min && !j.salary_annual_max) return "";
  auto k = [](double v) { return std::to_string(static_cast<long long>(v / 1000)) + "k"; };
  std::string out = j.salary_currency.empty() ? "" : j.salary_currency + " ";
  out += j.salary_annual_min ? k(*j.salary_annual_min) : "?";
  if (j.salary_annual_max && j.salary_annual_max != j.salary_annual_min) out += "-" + k(*j.salary_annual_max);
  return out + "/yr";
}

void print_job_line(const storage::job_summary& j, const std::string& prefix) {
  std::cout << prefix << j.title << " | " << (j.company.empty() ? "?" : j.company) << " | "
            << (j.location.empty() ? "?" : j.location);
  auto s = salary_text(j);
  if (!s.empty()) std::cout << " | " << s;
  if (!j.employment_type.empty()) std::cout << " | " << j.employment_type;
  std::cout << "\n    " << j.id << "  posted " << (j.posted_at.empty() ? "?" : j.posted_at.substr(0, 10)) << "  "
            << j.sources << " posting(s)  " << j.apply_url << "\n";
}

}  // namespace

int run_jobs(const global_options& g, const jobs_options& o) {
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  storage::job_repository repo(rt->db);
  storage::job_filter f;
  f.title_contains = o.title;
  f.company_contains = o.company;
  f.location_contains = o.location;
  if (o.remote_only) f.remote = true;
  if (o.min_salary >= 0) f.min_salary = o.min_salary;
  f.limit = o.limit;
  try {
    auto list = repo.list(f);
    if (o.json) {
      boost::json::array arr;
      for (auto& j : list) arr.push_back(to_json(j));
      std::cout << boost::json::serialize(boost::json::object{{"total_jobs", repo.job_count()}, {"jobs", arr}}) << "\n";
      return exit_ok;
    }
    std::cout << list.size() << " of " << repo.job_count() << " jobs\n";
    for (auto& j : list) print_job_line(j, "  ");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_failure;
  }
  return exit_ok;
}

int run_search(const global_options& g, const search_options& o) {
  int code = exit_ok;
  auto rt = open_runtime(g, code);
  if (!rt) return code;
  std::string error;
  auto provider = actors::make_embedding_provider(rt->settings.embedder, &error);
  if (!provider) {
    std::cerr << "error: " << error << "\n";
    return exit_usage;
  }
  auto result = provider->embed({o.text});
  if (!result.ok() || result.vectors.empty()) {
    std::cerr << "error: cannot embed the query with the " << rt->settings.embedder.provider
              << " provider: " << result.error << "\n";
    return exit_failure;
  }
  try {
    storage::job_repository repo(rt->db);
    std::string note;
    auto index = storage::search_index::open(repo, rt->settings.data_dir, provider->model(),
                                             static_cast<int>(result.vectors[0].size()), &note);
    std::cerr << note << "\n";
    auto hits = index->search(result.vectors[0], static_cast<std::size_t>(o.k));
    // Each hit with its own job (a job gone from the database is skipped, not paired with the next).
    std::vector<std::pair<storage::job_summary, float>> found;
    for (const auto& [id, sim] : hits)
      for (auto& j : repo.get({id})) found.emplace_back(std::move(j), sim);
    if (o.json) {
      boost::json::array arr;
      for (const auto& [job, sim] : found) {
        auto obj = to_json(job);
        obj["similarity"] = sim;
        arr.push_back(std::move(obj));
      }
      std::cout << boost::json::serialize(boost::json::object{{"query", o.text}, {"results", arr}}) << "\n";
      return exit_ok;
    }
    if (hits.empty()) std::cout << "no jobs with embeddings yet: run `jobpilot-etl process` first\n";
    for (std::size_t i = 0; i < found.size(); ++i) {
      char sim[16];
      std::snprintf(sim, sizeof sim, "%.3f", static_cast<double>(found[i].second));
      print_job_line(found[i].first, std::to_string(i + 1) + ". [" + sim + "] ");
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace jobpilot::app
