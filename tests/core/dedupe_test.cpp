// Dedupe rules and traps, one hand-made case per row: job id, exact, URL, near-duplicate text, the traps
// (agency repost, template sibling, multi-city, month later), unembedded postings, and the helpers.
#include "core/dedupe.hpp"
#include "core/embedding.hpp"
#include "core/location.hpp"
#include "core/text_clean.hpp"
#include "core/url_canonical.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace jobpilot;
using core::dedupe_reason;

namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t t0 = 1790000000;

struct posting {
  std::string id;
  std::string title = "Software Engineer";
  std::string company = "Acme Logistics, Inc.";
  std::string company_type;
  std::string city = "Austin";
  std::string state = "TX";
  std::optional<bool> remote;
  std::vector<std::string> urls;
  std::optional<std::int64_t> days;  ///< after t0; nullopt = unknown date
  std::string text;
  bool embed = true;
  bool fingerprint = true;
};

std::string intro(const std::string& company) {
  return company + " is a leading logistics company headquartered in Dallas. We are proud of the culture our "
                   "12,000 employees have built together.";
}
std::string summary(const std::string& title, const std::string& where) {
  return "As a " + title + " on the Platform team, you will play a key role in how we grow. Location: " + where + ".";
}
const std::string body =
    "Responsibilities:\n\u2022 Design, build and maintain scalable services in Kubernetes\n\u2022 Develop REST APIs "
    "consumed by web and mobile clients\n\u2022 Write clean, well-tested code and take part in code reviews\n\u2022 "
    "Troubleshoot and resolve production issues\n\nQualifications:\n\u2022 Four years of experience with Go or "
    "Java\n\u2022 Solid understanding of data structures and algorithms\n\u2022 Bachelor's degree in Computer "
    "Science preferred\n\nBenefits:\n\u2022 Medical, dental and vision insurance\n\u2022 401(k) with company "
    "match\n\u2022 Paid time off and holidays";
std::string eeo(const std::string& company) { return company + " is an equal opportunity employer."; }

std::string employer_text(const std::string& title = "Software Engineer", const std::string& where = "Austin, TX") {
  return intro("Acme Logistics") + "\n\n" + summary(title, where) + "\n\n" + body + "\n\n" + eeo("Acme Logistics");
}

// The client's text as a staffing agency reposts it: its own line first, the client's intro and EEO line
// gone, its own footer, other bullets and dashes.
std::string agency_text() {
  std::string b = body;
  for (std::size_t p; (p = b.find("\u2022")) != std::string::npos;) b.replace(p, 3, "-");
  return "Our client, a leading logistics company, is hiring a Software Engineer in Austin, TX.\n\n" +
         summary("Software Engineer", "Austin, TX") + "\n" + b +
         "\n\nAbout Apex Staffing: we connect great talent with great companies.";
}

core::dedupe_record record(const posting& p) {
  core::dedupe_record r;
  r.jsearch_job_id = p.id;
  r.title_key = core::normalize_title(p.title);
  r.company_key = core::normalize_company(p.company);
  r.company_type = p.company_type;
  r.location = core::normalize_location(p.city, p.state, "US", "", p.remote);
  for (const auto& u : p.urls)
    if (auto c = core::canonicalize_url(u)) r.url_keys.push_back(*c);
  if (p.days) r.posted_at = t0 + *p.days * day;
  const std::string text = p.text.empty() ? employer_text() : p.text;
  if (p.embed) r.embedding = core::local_embed(p.title + "\n" + text, 384);
  if (p.fingerprint) r.sentences = core::text_fingerprint(text);
  r.mentions_client = core::mentions_client(text);
  return r;
}

posting original() {
  posting p;
  p.id = "orig==";
  p.urls = {"https://careers.acme.com/jobs/123?utm_source=google_jobs_apply&utm_medium=organic"};
  p.days = 0;
  return p;
}

struct row {
  const char* name;
  posting later;
  dedupe_reason expected;
};

}  // namespace

TEST_CASE("core: dedupe rules and traps, one posting after the original", "[core]") {
  auto with = [](auto change) {
    posting p;
    p.id = "other==";
    p.urls = {"https://www.indeed.com/viewjob?jk=abcdef0123456789"};
    p.days = 1;
    change(p);
    return p;
  };
  const std::vector<row> rows = {
      {"job id seen again: an update, whatever changed",
       with([](posting& p) { p.id = "orig=="; p.title = "Staff Engineer"; p.city = "Boston"; p.state = "MA"; p.days = 90; }),
       dedupe_reason::job_id},
      {"exact: same title, company and location 6 days later (other URL, edited text)",
       with([](posting& p) { p.days = 6; p.text = employer_text() + " Applications close soon."; }),
       dedupe_reason::exact},
      {"exact needs the 7-day window: 8 days later with another text is a new job",
       with([](posting& p) { p.days = 8; p.text = intro("Acme Logistics") + "\n\nA different job altogether, in the same team."; }),
       dedupe_reason::canonical},
      {"exact needs dates: an undated posting goes to the text rule (same text: near duplicate)",
       with([](posting& p) { p.days.reset(); }), dedupe_reason::near_duplicate},
      {"url: the same link with other tracking parameters, on another board",
       with([](posting& p) {
         p.title = "Software Engineer II";
         p.urls = {"https://careers.acme.com/jobs/123?utm_source=linkedin&utm_campaign=job_syndication&src=linkedin"};
       }),
       dedupe_reason::url},
      {"url: the same link without any tracking parameters, other apply option first",
       with([](posting& p) {
         p.title = "Backend Engineer";
         p.urls = {"https://boards.greenhouse.io/acme/jobs/1", "HTTPS://careers.acme.com/jobs/123#apply"};
       }),
       dedupe_reason::url},
      {"url window: the same link 40 days later (other title) is a new opening",
       with([](posting& p) {
         p.days = 40;
         p.title = "Backend Engineer";
         p.urls = {"https://careers.acme.com/jobs/123"};
       }),
       dedupe_reason::canonical},
      {"near duplicate: the same text with other bullets 12 days later (past the exact window)",
       with([](posting& p) {
         std::string t = employer_text();
         for (std::size_t q; (q = t.find("\u2022")) != std::string::npos;) t.replace(q, 3, "\u00b7");
         p.text = t;
         p.company = "Acme Logistics";
         p.days = 12;  // past the exact window, inside the text window
       }),
       dedupe_reason::near_duplicate},
      {"agency repost: other company, other URL, own line and footer, title suffix",
       with([](posting& p) {
         p.company = "Apex Staffing";
         p.title = "Software Engineer - Contract";
         p.text = agency_text();
         p.days = 2;
       }),
       dedupe_reason::near_duplicate},
      {"agency repost of a job in another city is not this job",
       with([](posting& p) {
         p.company = "Apex Staffing";
         p.city = "Denver";
         p.state = "CO";
         p.text = agency_text();
       }),
       dedupe_reason::canonical},
      {"exact needs the text to agree: same title, company and city 3 days later, another job's text",
       with([](posting& p) {
         p.days = 3;
         p.text = intro("Acme Logistics") + "\n\nDrive our trucks between Austin and Houston, five nights a week.";
       }),
       dedupe_reason::canonical},
      {"another direct employer, same title and city, the same HR-template bullets: another job",
       with([](posting& p) {
         p.company = "Globex Freight";
         p.text = intro("Globex Freight") + "\n\n" + summary("Software Engineer", "Austin, TX") + "\n\n" + body +
                  "\n\n" + eeo("Globex Freight");
       }),
       dedupe_reason::canonical},
      {"another direct employer with the very same text is still another employer's job",
       with([](posting& p) { p.company = "Globex Freight"; }), dedupe_reason::canonical},
      {"an agency known by its company type (Staffing) reposting the text joins",
       with([](posting& p) {
         p.company = "Northwind Partners";
         p.company_type = "Staffing";
         p.text = summary("Software Engineer", "Austin, TX") + "\n" + body + "\n\nApply with Northwind today.";
       }),
       dedupe_reason::near_duplicate},
      {"an agency known by its \"our client\" phrasing joins",
       with([](posting& p) {
         p.company = "Brightpath Partners";
         p.text = agency_text();
       }),
       dedupe_reason::near_duplicate},
      {"template sibling: same employer and boilerplate, other title and city",
       with([](posting& p) {
         p.title = "Senior Data Engineer";
         p.city = "Denver";
         p.state = "CO";
         p.text = employer_text("Senior Data Engineer", "Denver, CO");
       }),
       dedupe_reason::canonical},
      {"template sibling in the same city: other title",
       with([](posting& p) {
         p.title = "Senior Software Engineer";
         p.text = employer_text("Senior Software Engineer", "Austin, TX");
       }),
       dedupe_reason::canonical},
      {"multi-city: the same text for another city is another job",
       with([](posting& p) {
         p.city = "Denver";
         p.state = "CO";
         p.text = employer_text("Software Engineer", "Denver, CO");
       }),
       dedupe_reason::canonical},
      {"multi-city without a city field: its text names another city",
       with([](posting& p) {
         p.city = "";
         p.state = "";
         p.text = employer_text("Software Engineer", "Denver, CO");
       }),
       dedupe_reason::canonical},
      {"the same posting without a city field (identical text) is the same job",
       with([](posting& p) {
         p.city = "";
         p.state = "";
       }),
       dedupe_reason::near_duplicate},
      {"month later: the same text 40 days later is a new opening",
       with([](posting& p) { p.days = 40; }), dedupe_reason::canonical},
      {"20 days later the same text is still a repost (text window 30 days)",
       with([](posting& p) { p.days = 20; }), dedupe_reason::near_duplicate},
      {"unembedded and without text: the text rule is skipped",
       with([](posting& p) {
         p.days = 12;
         p.embed = false;
         p.fingerprint = false;
       }),
       dedupe_reason::canonical},
      {"unembedded with text: the sentence rule still applies",
       with([](posting& p) {
         p.days = 12;
         p.embed = false;
       }),
       dedupe_reason::near_duplicate},
      {"no sentences: the cosine rule (>= 0.95) decides",
       with([](posting& p) {
         p.days = 12;
         p.fingerprint = false;
       }),
       dedupe_reason::near_duplicate},
      {"no sentences and a low cosine: new job",
       with([](posting& p) {
         p.days = 12;
         p.fingerprint = false;
         p.text = "Drive a forklift in our Austin warehouse. Night shifts, weekly pay.";
       }),
       dedupe_reason::canonical},
  };
  for (const auto& r : rows) {
    SECTION(r.name) {
      core::dedupe_index index;
      const auto first = index.decide_and_add(record(original()));
      REQUIRE(first.reason == dedupe_reason::canonical);
      REQUIRE(first.canonical == 1);
      const auto d = index.decide_and_add(record(r.later));
      INFO(r.name << " -> " << core::to_string(d.reason) << " similarity " << d.similarity << " overlap " << d.overlap);
      CHECK(d.reason == r.expected);
      if (r.expected == dedupe_reason::canonical) {
        CHECK(d.canonical == 2);
        CHECK(index.canonical_count() == 2);
      } else {
        CHECK(d.canonical == 1);
        CHECK(index.canonical_count() == 1);
        CHECK(d.similarity > 0.0f);
        CHECK(d.similarity <= 1.0001f);
      }
      if (r.expected == dedupe_reason::job_id) {
        CHECK(d.similarity == 1.0f);
        CHECK(index.posting_count() == 1);  // an update adds no posting
      }
    }
  }
}

TEST_CASE("core: dedupe on a marketplace named as the company: each gig is another client's", "[core]") {
  // The real pair from ../shared/data/jsearch-real: "React Developer required urgently" and "React Developer",
  // both "Upwork", "Remote, US", two days apart, other clients' texts (text similarity 0.344).
  posting first;
  first.id = "gig-1==";
  first.company = "Upwork";
  first.title = "React Developer";
  first.city = "";
  first.state = "";
  first.remote = true;
  first.days = 0;
  first.text = "We need a React developer to build the dashboard of our fitness app. Figma designs are ready.\n"
               "Must know Redux and REST APIs. Budget is fixed, two weeks of work.";
  posting second = first;
  second.id = "gig-2==";
  second.days = 2;
  second.text = "Looking for an experienced React developer to fix bugs in an e-commerce store built on Next.js.\n"
                "Long-term work for the right person. Must know Redux and REST APIs.";
  core::dedupe_index index;
  index.decide_and_add(record(first));
  const auto d = index.decide_and_add(record(second));
  INFO(core::to_string(d.reason) << " overlap " << d.overlap);
  CHECK(d.reason == dedupe_reason::canonical);

  SECTION("even under the seed's exact rule, a marketplace's name keys no job") {
    core::dedupe_settings seed;
    seed.exact_min_overlap = 0;
    core::dedupe_index seed_rule(seed);
    seed_rule.decide_and_add(record(first));
    CHECK(seed_rule.decide(record(second)).reason == dedupe_reason::canonical);
  }
  SECTION("the same gig posted again (same text) is one job") {
    posting again = first;
    again.id = "gig-3==";
    again.days = 1;
    CHECK(index.decide(record(again)).reason == dedupe_reason::near_duplicate);
  }
}

TEST_CASE("core: employer kinds", "[core]") {
  using core::employer_kind;
  auto kind = [](const std::string& name, const std::string& type = "", const std::string& text = "",
                 const core::employer_lists& extra = {}) {
    return core::classify_employer(core::normalize_company(name), type, core::mentions_client(text), extra);
  };
  CHECK(kind("Walmart") == employer_kind::direct);
  CHECK(kind("Deloitte", "Consulting", "We help our clients transform their businesses.") == employer_kind::direct);
  CHECK(kind("Robert Half") == employer_kind::agency);
  CHECK(kind("Robert Half Technology") == employer_kind::agency);
  CHECK(kind("TEKsystems, Inc.") == employer_kind::agency);
  CHECK(kind("Jobs via Dice") == employer_kind::agency);
  CHECK(kind("Pinnacle Staffing Group") == employer_kind::agency);
  CHECK(kind("Blue Sky Recruiting LLC") == employer_kind::agency);
  CHECK(kind("Northwind Partners", "Staffing") == employer_kind::agency);
  CHECK(kind("Northwind Partners", "Staffing & Recruiting") == employer_kind::agency);
  CHECK(kind("Northwind Partners", "", "Our client, a bank in Austin, is hiring.") == employer_kind::agency);
  CHECK(kind("Northwind Partners", "", "My client is hiring.") == employer_kind::agency);
  CHECK(kind("Upwork") == employer_kind::marketplace);
  CHECK(kind("Upwork Inc.") == employer_kind::marketplace);
  CHECK(kind("Dice") == employer_kind::marketplace);
  CHECK(kind("beBee Careers") == employer_kind::marketplace);
  CHECK(kind("Turing.com") == employer_kind::marketplace);
  CHECK(kind("Upworks Consulting") == employer_kind::direct);  // whole words only
  CHECK(kind("") == employer_kind::unknown);
  CHECK(kind("Confidential") == employer_kind::unknown);
  core::employer_lists extra;
  extra.staffing = {core::normalize_company("Northwind Partners")};
  extra.marketplaces = {core::normalize_company("GigHub")};
  CHECK(kind("Northwind Partners", "", "", extra) == employer_kind::agency);
  CHECK(kind("GigHub Ltd", "", "", extra) == employer_kind::marketplace);
  CHECK(std::string(core::to_string(employer_kind::marketplace)) == "marketplace");
}

TEST_CASE("core: dedupe agency repost is caught by sentences although its cosine is low", "[core]") {
  core::dedupe_index index;
  index.decide_and_add(record(original()));
  posting agency;
  agency.id = "agency==";
  agency.company = "Apex Staffing";
  agency.text = agency_text();
  agency.days = 1;
  const auto r = record(agency);
  const auto d = index.decide(r);
  CHECK(d.reason == dedupe_reason::near_duplicate);
  CHECK(d.overlap >= 0.75f);
  CHECK(d.overlap < 1.0f);
  CHECK(d.similarity < 0.95f);  // the embedding alone would have missed it
  // decide() registers nothing
  CHECK(index.posting_count() == 1);
  CHECK(index.decide(r).canonical == d.canonical);
}

TEST_CASE("core: dedupe settings change the decisions", "[core]") {
  posting undated = original();
  undated.id = "undated==";
  undated.urls.clear();
  undated.days.reset();
  undated.text = employer_text() + " Relocation support is available.";

  SECTION("exact_without_dates lets an undated posting match the exact key") {
    core::dedupe_settings s;
    s.exact_without_dates = true;
    core::dedupe_index index(s);
    index.decide_and_add(record(original()));
    CHECK(index.decide(record(undated)).reason == dedupe_reason::exact);
  }
  SECTION("exact_min_overlap vetoes the exact rule when the descriptions differ") {
    posting other = original();
    other.id = "other==";
    other.urls.clear();
    other.days = 3;
    other.text = intro("Acme Logistics") + "\n\nDrive our trucks between Austin and Houston, five nights a week.";
    core::dedupe_settings seed;
    seed.exact_min_overlap = 0;  // the seed's rule as written
    core::dedupe_index seed_rule(seed);
    seed_rule.decide_and_add(record(original()));
    CHECK(seed_rule.decide(record(other)).reason == dedupe_reason::exact);
    core::dedupe_settings s;
    s.exact_min_overlap = 0.85f;
    core::dedupe_index vetoed(s);
    vetoed.decide_and_add(record(original()));
    CHECK(vetoed.decide(record(other)).reason == dedupe_reason::canonical);
  }
  SECTION("a stricter overlap threshold for other companies rejects the agency repost") {
    core::dedupe_settings s;
    s.other_company_overlap_threshold = 0.95f;
    core::dedupe_index index(s);
    index.decide_and_add(record(original()));
    posting agency;
    agency.id = "agency==";
    agency.company = "Apex Staffing";
    agency.text = agency_text();
    agency.days = 1;
    CHECK(index.decide(record(agency)).reason == dedupe_reason::canonical);
  }
}

TEST_CASE("core: dedupe index rebuilt from storage keeps ids and aliases", "[core]") {
  core::dedupe_index index;
  index.replay(record(original()), {100, dedupe_reason::canonical, 0, 0});
  posting alias;
  alias.id = "alias==";
  alias.title = "Platform Engineer";
  alias.city = "Boston";
  alias.state = "MA";
  alias.urls = {"https://www.linkedin.com/jobs/view/4123456789"};
  alias.days = 1;
  alias.text = "Something else entirely: a platform role in Boston with on-call duties.";
  index.replay(record(alias), {100, dedupe_reason::near_duplicate, 0.97f, 0.9f});
  CHECK(index.canonical_count() == 1);
  CHECK(index.posting_count() == 2);

  SECTION("the alias's job id and URL point at its canonical job") {
    CHECK(index.decide(record(alias)).reason == dedupe_reason::job_id);
    posting via_url = alias;
    via_url.id = "new==";
    via_url.title = "Release Engineer";
    via_url.urls = {"https://www.linkedin.com/jobs/view/4123456789?trk=public_jobs&refId=abc"};
    const auto d = index.decide(record(via_url));
    CHECK(d.reason == dedupe_reason::url);
    CHECK(d.canonical == 100);
  }
  SECTION("new jobs get ids after the largest one seen") {
    posting fresh;
    fresh.id = "fresh==";
    fresh.title = "Truck Driver";
    fresh.company = "Road Co";
    fresh.days = 2;
    fresh.text = "Drive our trucks between Austin and Houston, five nights a week. CDL A required.";
    const auto d = index.decide_and_add(record(fresh));
    CHECK(d.reason == dedupe_reason::canonical);
    CHECK(d.canonical == 101);
    CHECK(index.canonical_count() == 2);
  }
}

TEST_CASE("core: dedupe embeddings of another size count as not embedded", "[core]") {
  core::dedupe_index index;
  index.decide_and_add(record(original()));
  auto r = record(original());
  r.jsearch_job_id = "resized==";
  r.url_keys.clear();
  r.posted_at = t0 + 12 * day;
  r.sentences.clear();
  r.embedding = core::local_embed("Software Engineer\n" + employer_text(), 128);
  CHECK(index.decide(r).reason == dedupe_reason::canonical);
  r.embedding = core::local_embed("Software Engineer\n" + employer_text(), 384);
  CHECK(index.decide(r).reason == dedupe_reason::near_duplicate);
  r.embedding.assign(384, 0.0f);  // a zero vector carries no text
  CHECK(index.decide(r).reason == dedupe_reason::canonical);
}

namespace {

// Records what the index gives it and answers from the built-in brute force.
class recording_neighbours final : public core::nearest_neighbours {
public:
  void add(std::uint64_t label, const std::vector<float>& v) override {
    labels.push_back(label);
    inner.add(label, v);
  }
  std::vector<std::pair<std::uint64_t, float>> search(const std::vector<float>& q, std::size_t k) const override {
    ++searches;
    return inner.search(q, k);
  }
  std::vector<std::uint64_t> labels;
  mutable int searches = 0;
  core::brute_force_neighbours inner;
};

}  // namespace

TEST_CASE("core: dedupe uses the nearest-neighbour index it is given", "[core]") {
  recording_neighbours ann;
  core::dedupe_index index({}, &ann);
  index.decide_and_add(record(original()));
  posting repost = original();
  repost.id = "repost==";
  repost.urls.clear();
  repost.days = 12;
  repost.fingerprint = false;
  CHECK(index.decide_and_add(record(repost)).reason == dedupe_reason::near_duplicate);
  posting blank = original();
  blank.id = "blank==";
  blank.embed = false;
  index.decide_and_add(record(blank));  // a duplicate by its keys; not embedded, so not given to the index
  CHECK(ann.labels == std::vector<std::uint64_t>{0, 1});
  CHECK(ann.searches >= 1);
}

TEST_CASE("core: dedupe brute-force neighbours", "[core]") {
  core::brute_force_neighbours bf;
  CHECK(bf.search({1, 0}, 3).empty());
  bf.add(7, {1, 0});
  bf.add(8, {0, 2});  // normalised on add
  bf.add(9, {1, 1});
  bf.add(10, {1, 0, 0});  // another size: ignored
  CHECK(bf.size() == 3);
  const auto top = bf.search({2, 0}, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].first == 7);
  CHECK(top[0].second == Approx(1.0));
  CHECK(top[1].first == 9);
  CHECK(top[1].second == Approx(0.70710678));
  CHECK(bf.search({0, 1}, 10).size() == 3);
  CHECK(bf.search({0, 1}, 0).empty());
  CHECK(bf.search({1, 0, 0}, 2).empty());
}

TEST_CASE("core: dedupe reason names", "[core]") {
  const std::vector<std::pair<dedupe_reason, const char*>> names = {{dedupe_reason::canonical, "canonical"},
                                                                    {dedupe_reason::job_id, "job_id"},
                                                                    {dedupe_reason::exact, "exact"},
                                                                    {dedupe_reason::url, "url"},
                                                                    {dedupe_reason::near_duplicate, "near_duplicate"}};
  for (const auto& [reason, name] : names) {
    CHECK(std::string(core::to_string(reason)) == name);
    CHECK(core::parse_dedupe_reason(name) == reason);
  }
  for (const char* bad : {"", "URL", "near-duplicate", "duplicate"}) CHECK_FALSE(core::parse_dedupe_reason(bad));
}

TEST_CASE("core: dedupe title compatibility", "[core]") {
  struct t {
    const char* a;
    const char* b;
    bool same;
  };
  for (const auto& [a, b, same] : std::vector<t>{
           {"software engineer", "software engineer", true},
           {"software engineer contract", "software engineer", true},
           {"software engineer w2 only", "software engineer direct hire", true},
           {"contract to hire software engineer", "software engineer", true},
           {"senior software engineer", "software engineer", false},
           {"software engineer ii", "software engineer", false},
           {"data engineer", "software engineer", false},
           {"contract", "contract", true},
           {"contract", "temp", false},
           {"", "", false},
           {"software engineer", "", false},
       }) {
    INFO(a << " / " << b);
    CHECK(core::titles_compatible(a, b) == same);
    CHECK(core::titles_compatible(b, a) == same);
  }
}

TEST_CASE("core: dedupe location compatibility", "[core]") {
  auto loc = [](const char* city, const char* state, const char* country, bool remote = false) {
    core::normalized_location l;
    l.city = city;
    l.state = state;
    l.country = country;
    l.remote = remote;
    return l;
  };
  struct t {
    core::normalized_location a, b;
    bool same;
  };
  for (const auto& [a, b, same] : std::vector<t>{
           {loc("Austin", "TX", "US"), loc("Austin", "TX", "US"), true},
           {loc("Austin", "TX", "US"), loc("austin", "", "US"), true},
           {loc("Austin", "TX", "US"), loc("", "", "US"), true},
           {loc("Austin", "TX", "US"), loc("", "", ""), true},
           {loc("Austin", "TX", "US"), loc("Denver", "CO", "US"), false},
           {loc("Portland", "OR", "US"), loc("Portland", "ME", "US"), false},
           {loc("London", "", "GB"), loc("London", "ON", "CA"), false},
           {loc("Austin", "TX", "US", true), loc("Reston", "VA", "US", true), true},  // remote: country only
           {loc("Austin", "", "US", true), loc("", "", "US", true), true},
           {loc("Austin", "", "US", true), loc("Berlin", "", "DE", true), false},
           {loc("Austin", "", "US", true), loc("Denver", "", "US", false), false},
       }) {
    INFO(a.city << "," << a.state << "," << a.country << " / " << b.city << "," << b.state << "," << b.country);
    CHECK(core::locations_compatible(a, b) == same);
    CHECK(core::locations_compatible(b, a) == same);
  }
}

TEST_CASE("core: dedupe text fingerprint ignores formatting, not wording", "[core]") {
  const auto base = core::text_fingerprint("Design and build services.\n\u2022 Write clean code daily\nBenefits:");
  CHECK(base.size() == 2);  // the one-word heading is not a sentence
  CHECK(std::is_sorted(base.begin(), base.end()));
  for (const char* same : {"design  and build SERVICES!\n- Write clean code daily",
                           "Design and build services. \u00b7 Write clean code daily",
                           "Design and build services.\n\n\n\u2013 Write clean code daily\n",
                           "Design, and build services;\r\nWrite \u201cclean\u201d code daily"}) {
    INFO(same);
    CHECK(core::text_fingerprint(same) == base);
  }
  for (const char* other : {"Design and build systems.\nWrite clean code daily", "Design and build services. Write clean code"}) {
    INFO(other);
    const auto f = core::text_fingerprint(other);
    CHECK(f != base);
    CHECK(core::sentence_overlap(f, base) == Approx(0.5));
  }
  CHECK(core::text_fingerprint("").empty());
  CHECK(core::text_fingerprint("Benefits:\n\n\u2022\n...").empty());
  // Letters of other scripts stay inside words; broken UTF-8 does not stop the scan.
  CHECK(core::text_fingerprint("Wir suchen Entwickler in M\u00fcnchen.") != core::text_fingerprint("Wir suchen Entwickler in Mnchen."));
  CHECK(core::text_fingerprint(std::string("Good text here \xff\xfe and more words")).size() == 1);
}

TEST_CASE("core: dedupe sentence overlap", "[core]") {
  const std::vector<std::uint64_t> a = {1, 2, 3, 4}, b = {2, 3, 4, 5, 6, 7}, c = {8, 9};
  CHECK(core::sentence_overlap(a, a) == 1.0f);
  CHECK(core::sentence_overlap(a, b) == Approx(0.75));  // 3 of the smaller's 4
  CHECK(core::sentence_overlap(b, a) == Approx(0.75));
  CHECK(core::sentence_overlap(a, {2, 3}) == 1.0f);      // containment: an added line does not lower it
  CHECK(core::sentence_overlap(a, c) == 0.0f);
  CHECK(core::sentence_overlap(a, {}) == 0.0f);
  CHECK(core::sentence_overlap({}, {}) == 0.0f);
}
