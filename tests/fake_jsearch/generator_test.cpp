// The posting generator: determinism, both generations, null rates, labelled duplicates and traps.
#include "core/dedupe.hpp"
#include "fake_jsearch/generator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

using namespace jobpilot::fake_jsearch;

namespace {

const corpus& default_corpus() {
  static const corpus c = generate(generator_options{});
  return c;
}

std::string text(const boost::json::object& job, const char* key) {
  const auto* v = job.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool is_null(const boost::json::object& job, const char* key) {
  const auto* v = job.if_contains(key);
  return !v || v->is_null();
}

bool is_current(const generated_posting& p) { return p.job.contains("job_location"); }

std::string serialize_all(const corpus& c) {
  std::string out;
  for (const auto& p : c.postings) out += boost::json::serialize(p.job) + "|" + p.opening_id + "|" + p.kind + "\n";
  return out;
}

/// Share of `key` being null among postings of one generation.
double null_share(const corpus& c, bool current, const char* key) {
  std::size_t n = 0, nulls = 0;
  for (const auto& p : c.postings) {
    if (is_current(p) != current) continue;
    ++n;
    if (is_null(p.job, key)) ++nulls;
  }
  return n == 0 ? -1.0 : static_cast<double>(nulls) / static_cast<double>(n);
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// Share of a's non-empty lines that also occur in b.
double shared_lines(const std::string& a, const std::string& b) {
  const auto la = lines_of(a);
  const auto lb = lines_of(b);
  const std::set<std::string> sb(lb.begin(), lb.end());
  std::size_t hit = 0;
  for (const auto& l : la) hit += sb.count(l);
  return la.empty() ? 0.0 : static_cast<double>(hit) / static_cast<double>(la.size());
}

std::int64_t posted(const boost::json::object& job) {
  const auto* v = job.if_contains("job_posted_at_timestamp");
  return v && v->is_int64() ? v->as_int64() : -1;
}

}  // namespace

TEST_CASE("fake_jsearch: generator is deterministic per seed", "[fake_jsearch]") {
  generator_options a;
  a.postings = 300;
  const auto first = serialize_all(generate(a));
  CHECK(first == serialize_all(generate(a)));
  generator_options b = a;
  b.seed = 43;
  CHECK(first != serialize_all(generate(b)));
  generator_options c = a;
  c.current_share = 0.2;
  CHECK(first != serialize_all(generate(c)));
}

TEST_CASE("fake_jsearch: generator yields exactly the requested number of postings", "[fake_jsearch]") {
  for (std::size_t n : {0u, 1u, 7u, 250u, 999u}) {
    generator_options o;
    o.postings = n;
    const auto c = generate(o);
    CHECK(c.postings.size() == n);
    CHECK(c.labelled);
  }
  CHECK(default_corpus().postings.size() == 2000);
}

TEST_CASE("fake_jsearch: both job generations at the configured share", "[fake_jsearch]") {
  const struct {
    double share, low, high;
  } table[] = {{0.0, 0.0, 0.0}, {0.2, 0.12, 0.28}, {0.5, 0.4, 0.6}, {1.0, 1.0, 1.0}};
  for (const auto& row : table) {
    generator_options o;
    o.postings = 1000;
    o.current_share = row.share;
    const auto c = generate(o);
    const auto current = std::count_if(c.postings.begin(), c.postings.end(), is_current);
    const double share = static_cast<double>(current) / 1000.0;
    INFO("share " << row.share << " got " << share);
    CHECK(share >= row.low);
    CHECK(share <= row.high);
  }
}

TEST_CASE("fake_jsearch: each generation has its own field set and formats", "[fake_jsearch]") {
  static const std::set<std::string> legacy_types = {"FULLTIME", "CONTRACTOR", "PARTTIME", "INTERN", "TEMPORARY"};
  static const std::set<std::string> current_types = {"Full-time", "Contractor", "Part-time", "Internship", "Temporary",
                                                      "Full-time and Part-time", "Full-time, Part-time, and Contractor"};
  std::set<std::string> ids;
  for (const auto& p : default_corpus().postings) {
    const auto& job = p.job;
    const auto id = text(job, "job_id");
    REQUIRE(id.size() == 24);
    CHECK(id.substr(22) == "==");
    CHECK(ids.insert(id).second);
    const auto description = text(job, "job_description");
    CHECK(description.size() >= 600);
    CHECK(description.size() <= 4000);
    CHECK(description.find('\n') != std::string::npos);
    CHECK(job.at("job_highlights").is_object());
    CHECK(job.at("job_onet_soc").as_string().size() == 8);
    const auto country = text(job, "job_country");
    const auto state = text(job, "job_state");
    const auto docid = id.substr(0, 22) + "%3D%3D";
    if (is_current(p)) {
      CHECK(current_types.count(text(job, "job_employment_type")) == 1);
      CHECK(job.at("job_employment_types").is_array());
      CHECK(job.at("job_salary").is_null());
      CHECK_FALSE(job.contains("job_salary_currency"));
      CHECK_FALSE(job.contains("job_apply_quality_score"));
      CHECK_FALSE(job.contains("job_required_experience"));
      CHECK(text(job, "job_apply_link").find("utm_campaign=google_jobs_apply&utm_source=google_jobs_apply") !=
            std::string::npos);
      CHECK(text(job, "job_google_link").find("udm=8#vhid=vt%3D20/docid%3D" + docid) != std::string::npos);
      if (country == "US" && !state.empty()) CHECK(state.size() > 2);
      CHECK_FALSE(text(job, "job_location").empty());
      if (!is_null(job, "job_posted_at")) {
        const auto ago = text(job, "job_posted_at");
        CHECK(ago.find(" ago") != std::string::npos);
        CHECK(text(job, "job_posted_at_datetime_utc").size() == 24);
      }
    } else {
      CHECK(legacy_types.count(text(job, "job_employment_type")) == 1);
      CHECK_FALSE(job.contains("job_location"));
      CHECK_FALSE(job.contains("job_posted_at"));
      CHECK(job.at("job_required_experience").is_object());
      CHECK(job.at("job_required_education").as_object().size() == 8);
      CHECK(text(job, "job_apply_link").find("utm_campaign=google_jobs_apply") == std::string::npos);
      CHECK(text(job, "job_google_link").find("ibp=htl;jobs#fpstate=tldetail") != std::string::npos);
      CHECK(text(job, "job_google_link").find("htidocid=" + docid) != std::string::npos);
      if (country == "US" && !state.empty()) CHECK(state.size() == 2);
      CHECK(posted(job) > 0);
      CHECK(text(job, "job_posted_at_datetime_utc").substr(10) == "T00:00:00.000Z");
      const double score = job.at("job_apply_quality_score").as_double();
      CHECK(score >= 0.38);
      CHECK(score <= 0.98);
    }
    if (const auto* options = job.if_contains("apply_options")) {
      CHECK(options->as_array().size() <= 4);
      if (!options->as_array().empty())
        CHECK(options->as_array()[0].as_object().at("publisher") == job.at("job_publisher"));
    }
    CHECK(posted(job) <= 1793491200);
  }
}

TEST_CASE("fake_jsearch: null rates are near the recorded corpus", "[fake_jsearch]") {
  const auto& c = default_corpus();
  const struct {
    bool current;
    const char* key;
    double low, high;
  } table[] = {
      {false, "job_min_salary", 0.65, 0.90},        {false, "job_salary_period", 0.65, 0.90},
      {true, "job_min_salary", 0.82, 0.97},         {true, "job_salary_period", 0.78, 0.95},
      {false, "employer_logo", 0.18, 0.38},         {true, "employer_logo", 0.31, 0.51},
      {false, "employer_website", 0.39, 0.59},      {true, "employer_website", 0.05, 0.22},
      {false, "job_benefits", 0.58, 0.78},          {true, "job_benefits", 0.53, 0.73},
      {false, "job_required_skills", 0.76, 0.92},   {false, "employer_company_type", 0.5, 0.75},
      {false, "job_offer_expiration_timestamp", 0.25, 0.45},
      {true, "job_posted_at_timestamp", 0.35, 0.6}, {false, "job_posted_at_timestamp", 0.0, 0.0},
      {false, "job_city", 0.08, 0.3},               {false, "job_job_title", 0.54, 0.74},
      {false, "job_occupational_categories", 0.57, 0.77}, {true, "job_salary", 1.0, 1.0},
  };
  for (const auto& row : table) {
    const double share = null_share(c, row.current, row.key);
    INFO(row.key << (row.current ? " (current)" : " (legacy)") << " null share " << share);
    CHECK(share >= row.low);
    CHECK(share <= row.high);
  }
}

TEST_CASE("fake_jsearch: descriptions carry skills, experience and salary phrases", "[fake_jsearch]") {
  std::size_t with_salary = 0;
  std::map<std::string, int> seen;
  const std::vector<std::string> markers = {"$",      "k-$",      "/hr",     "up to",   "\u20ac", " a year",
                                            "DOE",    "\u2022 ",  "C++",     "Python",  "k8s",    "Kubernetes",
                                            "JS",     "years",    "Bachelor", "Remote", "Our client"};
  for (const auto& p : default_corpus().postings) {
    const auto d = text(p.job, "job_description");
    const bool salary = d.find("Salary") != std::string::npos || d.find("Pay:") != std::string::npos ||
                        d.find("Compensation:") != std::string::npos || d.find("pay range") != std::string::npos ||
                        d.find("Hourly rate") != std::string::npos;
    with_salary += salary;
    for (const auto& m : markers)
      if (d.find(m) != std::string::npos || (m == "Remote" && p.job.at("job_is_remote") == true)) ++seen[m];
  }
  const double share = static_cast<double>(with_salary) / 2000.0;
  INFO("salary share " << share);
  CHECK(share >= 0.22);
  CHECK(share <= 0.4);
  for (const auto& m : markers) {
    INFO(m);
    CHECK(seen[m] > 0);
  }
}

TEST_CASE("fake_jsearch: labels cover every posting and every duplicate kind", "[fake_jsearch]") {
  const auto& c = default_corpus();
  const auto labels = labels_json(c).as_object();
  const auto& rows = labels.at("postings").as_array();
  REQUIRE(rows.size() == c.postings.size());
  std::map<std::string, int> per_opening;
  std::map<std::string, int> kinds;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i].as_object();
    CHECK(row.at("job_id") == c.postings[i].job.at("job_id"));
    CHECK(row.at("opening_id").as_string() == c.postings[i].opening_id);
    CHECK(row.at("kind").as_string() == c.postings[i].kind);
    ++per_opening[c.postings[i].opening_id];
    ++kinds[c.postings[i].kind];
  }
  CHECK(labels.at("openings").as_int64() == static_cast<std::int64_t>(per_opening.size()));
  for (const char* kind :
       {"original", "cross_post", "agency_repost", "edited_repost", "template_sibling", "multi_city", "month_later",
        "employer_template"}) {
    INFO(kind);
    CHECK(kinds[kind] >= 10);
  }
  CHECK(kinds.size() == 8);
  const auto single = std::count_if(per_opening.begin(), per_opening.end(), [](const auto& e) { return e.second == 1; });
  const double share = static_cast<double>(single) / static_cast<double>(per_opening.size());
  INFO("single-posted openings " << share);
  CHECK(share >= 0.5);
  CHECK(share <= 0.7);
}

TEST_CASE("fake_jsearch: duplicates look like the real-world cases", "[fake_jsearch]") {
  const auto& c = default_corpus();
  std::map<std::string, const generated_posting*> original;
  for (const auto& p : c.postings)
    if (p.kind == "original" || p.kind == "template_sibling" || p.kind == "multi_city" || p.kind == "month_later" ||
        p.kind == "employer_template")
      original[p.opening_id] = &p;
  static const std::set<std::string> agencies = {
      "Robert Half",  "TEKsystems",    "Insight Global", "Jobs via Dice", "Randstad USA",
      "Kforce Inc",   "Aerotek",       "Apex Systems",   "Adecco",        "Kelly Services",
      "CyberCoders",  "Beacon Hill Staffing Group", "Motion Recruitment", "AMN Healthcare", "Aya Healthcare",
      "Cross Country Healthcare"};
  int tracked_urls = 0;
  for (const auto& p : c.postings) {
    if (p.kind == "original" || p.kind == "template_sibling" || p.kind == "multi_city" || p.kind == "month_later" ||
        p.kind == "employer_template")
      continue;
    REQUIRE(original.count(p.opening_id) == 1);
    const auto& o = original[p.opening_id]->job;
    INFO(p.kind << " " << text(p.job, "job_id"));
    CHECK(text(p.job, "job_id") != text(o, "job_id"));
    if (p.kind == "cross_post") {
      CHECK(text(p.job, "job_publisher") != text(o, "job_publisher"));
      CHECK(text(p.job, "employer_name") == text(o, "employer_name"));
      CHECK(text(p.job, "job_title") == text(o, "job_title"));
      CHECK(shared_lines(text(p.job, "job_description"), text(o, "job_description")) >= 0.0);
      const auto link = text(p.job, "job_apply_link");
      const auto base = text(o, "job_apply_link");
      const auto plain = base.substr(0, base.find("utm_campaign=google_jobs_apply"));
      if (link != base && link.rfind(plain.substr(0, plain.size() - 1), 0) == 0 &&
          link.find("utm_source=") != std::string::npos)
        ++tracked_urls;
    } else if (p.kind == "agency_repost") {
      CHECK(text(p.job, "employer_name") != text(o, "employer_name"));
      CHECK(agencies.count(text(p.job, "employer_name")) == 1);
      CHECK(agencies.count(text(o, "employer_name")) == 0);
      CHECK(text(p.job, "job_apply_link") != text(o, "job_apply_link"));
      const auto d = text(p.job, "job_description");
      CHECK((d.find("client") != std::string::npos || d.find("partnering") != std::string::npos));
    } else if (p.kind == "edited_repost") {
      const auto d = text(p.job, "job_description");
      CHECK(d != text(o, "job_description"));
      CHECK(text(p.job, "employer_name") == text(o, "employer_name"));
      const auto gap = posted(p.job) - posted(o);
      CHECK(gap >= 0);
      CHECK(gap <= 6 * 86400);
    }
  }
  CHECK(tracked_urls > 0);
}

TEST_CASE("fake_jsearch: hard negatives are separate openings with near-identical text", "[fake_jsearch]") {
  const auto& c = default_corpus();
  int checked[3] = {0, 0, 0};
  for (const auto& p : c.postings) {
    const bool templ = p.kind == "template_sibling", multi = p.kind == "multi_city", later = p.kind == "month_later";
    if (!templ && !multi && !later) continue;
    INFO(p.kind << " " << text(p.job, "job_id"));
    // It starts its own opening: no "original" shares its id.
    for (const auto& q : c.postings)
      if (q.opening_id == p.opening_id) CHECK(q.kind != "original");
    bool found = false;
    for (const auto& q : c.postings) {
      if (&q == &p || q.opening_id == p.opening_id || q.kind == "cross_post") continue;
      if (text(q.job, "employer_name") != text(p.job, "employer_name")) continue;
      const auto pd = text(p.job, "job_description"), qd = text(q.job, "job_description");
      if (later && text(q.job, "job_title") == text(p.job, "job_title") && pd == qd && posted(p.job) > 0 &&
          posted(p.job) - posted(q.job) >= 35 * 86400)
        found = true;
      if (multi && text(q.job, "job_title") == text(p.job, "job_title") &&
          text(q.job, "job_city") != text(p.job, "job_city") && shared_lines(pd, qd) >= 0.7)
        found = true;
      if (templ && text(q.job, "job_title") != text(p.job, "job_title") && shared_lines(pd, qd) >= 0.7) found = true;
    }
    CHECK(found);
    ++checked[templ ? 0 : multi ? 1 : 2];
  }
  CHECK(checked[0] > 0);
  CHECK(checked[1] > 0);
  CHECK(checked[2] > 0);
}

TEST_CASE("fake_jsearch: employer templates are other direct employers' jobs on one HR template", "[fake_jsearch]") {
  const auto& c = default_corpus();
  int checked = 0;
  for (const auto& p : c.postings) {
    if (p.kind != "employer_template") continue;
    INFO(text(p.job, "job_id"));
    bool found = false;
    for (const auto& q : c.postings) {
      if (q.opening_id == p.opening_id || q.kind == "cross_post" || q.kind == "agency_repost") continue;
      if (text(q.job, "employer_name") == text(p.job, "employer_name")) continue;
      const auto pc = text(p.job, "job_city"), qc = text(q.job, "job_city");  // a city may be left out
      if (text(q.job, "job_title") != text(p.job, "job_title") || (!pc.empty() && !qc.empty() && pc != qc)) continue;
      const auto pd = text(p.job, "job_description"), qd = text(q.job, "job_description");
      // The bullets are shared word for word (formatted in each employer's style); the introduction is its own.
      const double overlap = jobpilot::core::sentence_overlap(jobpilot::core::text_fingerprint(pd), jobpilot::core::text_fingerprint(qd));
      if (overlap >= 0.5 && overlap < 1.0) found = true;
    }
    CHECK(found);
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("fake_jsearch: queries select role families", "[fake_jsearch]") {
  const struct {
    const char* query;
    std::vector<std::string> families;
  } table[] = {
      {"software engineer in Austin, TX", {"software_engineer"}},
      {"python developer in texas, usa", {"software_engineer"}},
      {"data scientist", {"data_scientist"}},
      {"nlp data scientist", {"data_scientist"}},
      {"Registered Nurse (RN) near Houston", {"registered_nurse"}},
      {"CDL truck driver", {"driver"}},
      {"warehouse forklift", {"warehouse"}},
      {"Site Reliability Engineer", {"devops"}},
      {"customer service remote", {"customer_service"}},
      {"financial analyst", {"data_scientist", "accountant"}},
      {"remote", {}},
      {"", {}},
      {"astronaut", {}},
  };
  const auto& c = default_corpus();
  for (const auto& row : table) {
    INFO(row.query);
    auto named = families_named(row.query);
    std::sort(named.begin(), named.end());
    auto expected = row.families;
    std::sort(expected.begin(), expected.end());
    CHECK(named == expected);
    const auto hits = match(c, row.query);
    CHECK(std::is_sorted(hits.begin(), hits.end()));
    if (expected.empty()) {
      CHECK(hits.size() == c.postings.size());
      continue;
    }
    const auto in_family = std::count_if(c.postings.begin(), c.postings.end(), [&](const generated_posting& p) {
      return std::find(expected.begin(), expected.end(), p.family) != expected.end();
    });
    // "... in Austin, TX" narrows to that city (when the corpus has jobs there)
    if (std::string(row.query).find(" in Austin") != std::string::npos) {
      CHECK(hits.size() < static_cast<std::size_t>(in_family));
      for (auto i : hits) CHECK(std::string(c.postings[i].job.at("job_city").as_string()) == "Austin");
    } else {
      CHECK(hits.size() == static_cast<std::size_t>(in_family));
    }
    CHECK(!hits.empty());
    for (auto i : hits) CHECK(std::find(expected.begin(), expected.end(), c.postings[i].family) != expected.end());
  }
}
