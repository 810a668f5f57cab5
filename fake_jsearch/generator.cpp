// Openings first (what exists in the world), then postings (what JSearch shows of them), then the
// job objects in the generation each group was drawn in.
#include "fake_jsearch/generator.hpp"

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "fake_jsearch/apply_links.hpp"
#include "fake_jsearch/description.hpp"
#include "fake_jsearch/random.hpp"
#include "fake_jsearch/salary_text.hpp"
#include "fake_jsearch/utc_calendar.hpp"
#include "fake_jsearch/vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

namespace jobpilot::fake_jsearch {
namespace {

constexpr std::int64_t seconds_per_day = 86400;
constexpr double us_centroid_lat = 37.09024;
constexpr double us_centroid_lon = -95.712891;
constexpr std::size_t max_description = 3600;  // leaves room for an agency's added lines (limit 4000)
constexpr std::size_t min_description = 650;

enum class employment { fulltime, contractor, parttime, intern, temporary };

struct board_post {
  std::string publisher;
  std::string link;
  bool direct = false;
  int style = -1;  ///< link_style of a board, -1 for a careers site (to draw a fresh link later)
};

struct opening {
  std::string id;
  std::size_t family = 0, employer = 0, city = 0;
  bool remote = false;
  std::string title, team;
  employment type = employment::fulltime;
  int combined = 0;  ///< 1: "Full-time and Part-time", 2: "Full-time, Part-time, and Contractor"
  bool current = false;
  bool force_time = false;  ///< time decides the label (repost vs. new opening): never hide the date
  pay_range pay;
  int experience_years = -1;
  std::string education;
  std::vector<std::string> skills;
  std::size_t summary_tpl = 0;
  int header_tpl = -1, closing_tpl = -1;
  description_parts parts;
  std::int64_t age_days = 0;
  std::vector<board_post> boards;  ///< [0] is where the original is posted
  double lat = 0, lon = 0;
};

struct posting {
  std::size_t opening = 0;
  std::string kind;
  std::size_t employer = 0;
  std::string title;
  board_post where;
  std::vector<board_post> options;
  description_parts parts;
  std::string description;
  std::int64_t age_days = 0;
  std::string job_id;
};

bool is_agency(const employer_info& e) { return e.kind == sector::staffing || e.kind == sector::health_staffing; }

std::size_t city_index(std::string_view name) {
  const auto& all = cities();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].name == name) return i;
  return 0;
}

std::string city_phrase(const city_info& c) {
  if (c.country == "US" || c.country == "CA") return std::string(c.name) + ", " + std::string(c.state_code);
  return std::string(c.name) + ", " + std::string(c.country_name);
}

std::string capitalize(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string strip_period(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

boost::json::value number_value(double v) {
  if (v == std::floor(v)) return static_cast<std::int64_t>(v);
  return v;
}

std::string base64_id(rng& r, int random_bytes) {
  static const char* const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  unsigned char bytes[16] = {};
  for (int i = 0; i < random_bytes && i < 16; ++i) bytes[i] = static_cast<unsigned char>(r.below(256));
  std::string out;
  for (int i = 0; i < 15; i += 3) {
    const unsigned v = (unsigned(bytes[i]) << 16) | (unsigned(bytes[i + 1]) << 8) | bytes[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  out += alphabet[bytes[15] >> 2];
  out += alphabet[(bytes[15] & 3) << 4];
  return out + "==";
}

std::string logo_url(std::string_view employer) {
  static const char* const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  rng r(hash_text(employer));
  std::string out = "https://encrypted-tbn0.gstatic.com/images?q=tbn:ANd9GcR";
  for (int i = 0; i < 33; ++i) out += alphabet[r.below(64)];
  return out + "&s=0";
}

std::string iso_utc(std::int64_t epoch_seconds) { return core::iso8601_utc(core::from_epoch_seconds(epoch_seconds)); }

std::string docid(const std::string& job_id) { return replace_all(job_id, "=", "%3D"); }

std::string google_query(std::string_view title) {
  std::string out;
  for (char c : slug(title)) out += c == '-' ? '+' : c;
  return out;
}

std::string legacy_google_link(const std::string& job_id, std::string_view title, std::string_view country) {
  const std::string q = google_query(title);
  const std::string gl = core::to_lower(country);
  return "https://www.google.com/search?gl=" + gl + "&hl=en&rciv=jb&q=" + q +
         "&start=0&ibp=htl;jobs#fpstate=tldetail&htivrt=jobs&htiq=" + q + "&htidocid=" + docid(job_id);
}

std::string current_google_link(const std::string& job_id, std::string_view country) {
  return "https://www.google.com/search?q=jobs&gl=" + core::to_lower(country) + "&hl=en&udm=8#vhid=vt%3D20/docid%3D" +
         docid(job_id) + "&vssid=jobs-detail-viewer";
}

const char* legacy_type(employment t) {
  switch (t) {
    case employment::contractor: return "CONTRACTOR";
    case employment::parttime: return "PARTTIME";
    case employment::intern: return "INTERN";
    case employment::temporary: return "TEMPORARY";
    default: return "FULLTIME";
  }
}

const char* current_type(employment t) {
  switch (t) {
    case employment::contractor: return "Contractor";
    case employment::parttime: return "Part-time";
    case employment::intern: return "Internship";
    case employment::temporary: return "Temporary";
    default: return "Full-time";
  }
}

boost::json::value highlights(const description_parts& parts, rng& r) {
  // Key sets in the proportions seen in the recorded corpus (Q+R+B 42 %, Q+R 27 %, Q 14 %, {} 11 %, ...).
  static const std::vector<double> weights = {42, 27, 14, 11, 3, 2, 1};
  static const char* const sets[] = {"QRB", "QR", "Q", "", "QB", "R", "RB"};
  const std::string keys = sets[r.weighted(weights)];
  boost::json::object out;
  if (keys.find('Q') != std::string::npos) {
    boost::json::array q;
    for (const auto& line : parts.quals) q.emplace_back(strip_period(line));
    for (const auto& line : parts.preferred) q.emplace_back(strip_period(line));
    out["Qualifications"] = std::move(q);
  }
  if (keys.find('R') != std::string::npos && !parts.duties.empty()) {
    boost::json::array d;
    for (const auto& line : parts.duties) d.emplace_back(strip_period(line));
    out["Responsibilities"] = std::move(d);
  }
  if (keys.find('B') != std::string::npos) {
    boost::json::array b;
    if (!parts.salary_line.empty()) b.emplace_back(strip_period(parts.salary_line));
    for (const auto& line : parts.benefits) b.emplace_back(strip_period(line));
    if (!b.empty()) out["Benefits"] = std::move(b);
  }
  return out;
}

boost::json::value benefits_array(rng& r) {
  static const std::vector<std::string> all = {"health_insurance", "retirement_savings", "dental_coverage",
                                               "paid_time_off"};
  boost::json::array out;
  if (r.chance(0.4)) {
    out.emplace_back("health_insurance");
    return out;
  }
  auto copy = all;
  r.shuffle(copy);
  const auto n = static_cast<std::size_t>(r.range(1, 4));
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(copy[i]);
  return out;
}

class builder {
public:
  explicit builder(const generator_options& o) : o_(o), r_(o.seed) {}

  std::size_t size() const { return postings_.size(); }
  void add_group();
  corpus finish();

private:
  // -- openings ---------------------------------------------------------------
  opening make_opening(bool current, bool force_time, bool allow_agency);
  std::size_t pick_family();
  std::size_t pick_employer(const family_info& f, bool allow_agency);
  std::vector<std::string_view> employer_boilerplate(opening& op);
  std::optional<opening> other_employer_twin(const opening& base);
  std::size_t pick_city(const employer_info& e, const family_info& f);
  std::string where_of(const opening& op) const;
  link_context context(const opening& op, std::string_view employer, std::string_view title) const;
  void build_parts(opening& op);
  void apply_identity(opening& op);
  board_post draw_board(const opening& op, int style);
  void make_boards(opening& op, std::size_t needed);
  void add_board(opening& op);
  opening sibling_of(const opening& base, const std::string& title, std::size_t city);
  std::size_t add_opening(opening op);

  // -- postings ---------------------------------------------------------------
  posting base_posting(std::size_t op, std::string kind);
  std::vector<board_post> options_for(const opening& op, const board_post& own, std::size_t own_index);
  void post_original(std::size_t op, const char* kind);
  void post_cross(std::size_t op, std::size_t board);
  void post_agency(std::size_t op, std::vector<std::size_t>& used_agencies);
  void post_edited(std::size_t op);
  void maybe_cross(std::size_t op);
  std::string new_job_id(bool current);

  // -- job objects ------------------------------------------------------------
  boost::json::object render(const posting& p);
  void salary_fields(const posting& p, const opening& op, rng& r, bool legacy, boost::json::object& job);

  const generator_options& o_;
  rng r_;
  std::vector<opening> openings_;
  std::vector<posting> postings_;
  std::set<std::string> job_ids_;
};

// -- openings -----------------------------------------------------------------

std::size_t builder::pick_family() {
  std::vector<double> w;
  for (const auto& f : families()) w.push_back(f.weight);
  return r_.weighted(w);
}

std::size_t builder::pick_employer(const family_info& f, bool allow_agency) {
  std::vector<double> w;
  for (const auto& e : employers()) {
    const bool hires = std::find(f.sectors.begin(), f.sectors.end(), e.kind) != f.sectors.end();
    w.push_back(!hires ? 0.0 : !is_agency(e) ? 1.0 : allow_agency ? 0.35 : 0.0);
  }
  return r_.weighted(w);
}

std::size_t builder::pick_city(const employer_info& e, const family_info& f) {
  const std::size_t hq = city_index(e.hq);
  const bool abroad = cities()[hq].country != "US";
  if (abroad && r_.chance(0.85)) return hq;
  if (!abroad && r_.chance(0.3)) return hq;
  // Offices abroad only for office roles: no Texas-region truck driver in London.
  const bool office = f.id == "software_engineer" || f.id == "data_scientist" || f.id == "product_manager" ||
                      f.id == "devops";
  std::vector<double> w;
  for (const auto& c : cities()) w.push_back(c.country == "US" || office || abroad ? c.weight : 0.0);
  return r_.weighted(w);
}

std::string builder::where_of(const opening& op) const { return city_phrase(cities()[op.city]); }

link_context builder::context(const opening& op, std::string_view employer, std::string_view title) const {
  const auto& c = cities()[op.city];
  return {title, employer, op.remote ? std::string_view() : c.name, c.state_code, c.country};
}

opening builder::make_opening(bool current, bool force_time, bool allow_agency) {
  opening op;
  op.id = "op-" + std::to_string(100000 + openings_.size());
  op.current = current;
  op.force_time = force_time;
  op.family = pick_family();
  const auto& f = families()[op.family];
  op.employer = pick_employer(f, allow_agency);
  const auto& e = employers()[op.employer];
  op.city = pick_city(e, f);
  op.remote = r_.chance(f.remote_share);
  op.title = std::string(r_.pick(f.titles));
  op.team = std::string(r_.pick(f.teams));

  const bool shift_work = f.id == "warehouse" || f.id == "customer_service" || f.id == "sales";
  const double x = r_.real();
  if (is_agency(e)) {
    op.type = x < 0.55 ? employment::contractor : employment::fulltime;
  } else if (shift_work && x < 0.14) {
    op.type = employment::parttime;
  } else if (x < 0.08) {
    op.type = employment::contractor;
  } else if (x < 0.095 && (f.id == "software_engineer" || f.id == "data_scientist")) {
    op.type = employment::intern;
    op.title = std::string(f.label) + " Intern";
  } else if (x < 0.11 && f.id == "warehouse") {
    op.type = employment::temporary;
  }
  if (op.type == employment::fulltime) op.combined = r_.chance(0.05) ? 1 : r_.chance(0.01) ? 2 : 0;

  op.pay = make_pay(f, cities()[op.city], r_);
  if (f.id == "warehouse" || f.id == "customer_service")
    op.experience_years = r_.chance(0.6) ? 0 : 1;
  else if (f.id == "sales" || f.id == "driver" || f.id == "registered_nurse")
    op.experience_years = static_cast<int>(r_.range(0, 3));
  else
    op.experience_years = r_.chance(0.15) ? -1 : static_cast<int>(r_.range(1, 8));
  op.education = std::string(r_.pick(f.education));

  std::vector<std::string_view> pool = f.skills;
  r_.shuffle(pool);
  const auto n = static_cast<std::size_t>(r_.range(3, 6));
  for (std::size_t i = 0; i < n && i < pool.size(); ++i) op.skills.emplace_back(pool[i]);

  op.summary_tpl = r_.below(summary_templates().size());
  op.header_tpl = r_.chance(0.45) ? static_cast<int>(r_.below(opening_headers().size())) : -1;
  op.closing_tpl = r_.chance(0.5) ? static_cast<int>(r_.below(closing_lines().size())) : -1;
  op.age_days = r_.range(0, 30);
  const auto& c = cities()[op.city];
  op.lat = std::round((c.lat + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  op.lon = std::round((c.lon + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  build_parts(op);
  return op;
}

void builder::apply_identity(opening& op) {
  const auto& e = employers()[op.employer];
  const text_vars vars = {{"title", op.title},
                          {"a_title", with_article(op.title)},
                          {"team", op.team},
                          {"where", where_of(op)},
                          {"employer", std::string(e.name)}};
  op.parts.summary = fill(summary_templates()[op.summary_tpl], vars);
  if (op.remote)
    op.parts.summary += " This is a fully remote position open to candidates anywhere in " +
                        std::string(cities()[op.city].country == "US" ? "the United States"
                                                                      : cities()[op.city].country_name) +
                        ".";
  op.parts.header = op.header_tpl < 0 ? std::string() : fill(opening_headers()[op.header_tpl], vars);
  op.parts.closing = op.closing_tpl < 0 ? std::string() : fill(closing_lines()[op.closing_tpl], vars);
}

void builder::build_parts(opening& op) {
  const auto& f = families()[op.family];
  auto& p = op.parts;
  const auto perks = employer_boilerplate(op);

  auto skill_vars = [&] {
    const std::size_t a = r_.below(op.skills.size());
    std::size_t b = r_.below(op.skills.size());
    if (b == a) b = (a + 1) % op.skills.size();
    return text_vars{{"skill", op.skills[a]}, {"skill2", op.skills[b]}, {"team", op.team}};
  };
  std::vector<std::string_view> duties = f.duties;
  r_.shuffle(duties);
  const auto duty_count = static_cast<std::size_t>(r_.range(4, 7));
  for (std::size_t i = 0; i < duty_count && i < duties.size(); ++i) p.duties.push_back(fill(duties[i], skill_vars()));

  if (op.experience_years == 0) {
    p.quals.emplace_back(r_.chance(0.5) ? "No experience required - we will train you" : "No prior experience necessary");
  } else if (op.experience_years > 0) {
    const int n = op.experience_years;
    p.quals.push_back(fill(r_.pick(experience_templates()), {{"n", std::to_string(n)},
                                                            {"n2", std::to_string(n + 2)},
                                                            {"years", n == 1 ? "year" : "years"},
                                                            {"n_word", number_word(n)},
                                                            {"n_word_cap", capitalize(number_word(n))},
                                                            {"skill", op.skills[0]}}));
  }
  std::vector<std::string_view> quals = f.quals;
  r_.shuffle(quals);
  const auto qual_count = std::min<std::size_t>(quals.size(), static_cast<std::size_t>(r_.range(2, 4)));
  for (std::size_t i = 0; i < qual_count; ++i) p.quals.push_back(fill(quals[i], skill_vars()));
  p.quals.push_back(op.education);
  const auto preferred = static_cast<std::size_t>(r_.range(0, 2));
  for (std::size_t i = qual_count; i < qual_count + preferred && i < quals.size(); ++i)
    p.preferred.push_back(fill(quals[i], skill_vars()));
  if (r_.chance(0.3)) p.salary_line = salary_phrase(op.pay, r_);
  apply_identity(op);

  // Keep the text inside the real range (600-4000 characters).
  while (render_description(p).size() > max_description) {
    if (!p.preferred.empty()) p.preferred.pop_back();
    else if (p.duties.size() > 3) p.duties.pop_back();
    else if (p.benefits.size() > 2) p.benefits.pop_back();
    else break;
  }
  std::size_t extra = 0;
  while (render_description(p).size() < min_description && extra < perks.size()) {
    if (std::find(p.benefits.begin(), p.benefits.end(), perks[extra]) == p.benefits.end())
      p.benefits.emplace_back(perks[extra]);
    ++extra;
  }
}

// The employer's boilerplate comes from its own stream: every opening of one employer shares its headings,
// introduction, perks and EEO line. Returns its perks in its order (the text's padding draws on them).
std::vector<std::string_view> builder::employer_boilerplate(opening& op) {
  const auto& e = employers()[op.employer];
  rng er(hash_text(e.name, o_.seed * 0x9e3779b97f4a7c15ULL + 1));
  auto& p = op.parts;
  p.headings = heading_styles()[er.below(heading_styles().size())];
  static const std::vector<std::string_view> headcounts = {"2,500", "12,000", "40,000", "85,000", "230,000"};
  p.intro = fill(intro_templates()[er.below(intro_templates().size())],
                 {{"employer", std::string(e.name)},
                  {"industry", std::string(industry_phrase(e.kind))},
                  {"hq", std::string(e.hq)},
                  {"years", std::to_string(er.range(8, 95))},
                  {"count", std::string(er.pick(headcounts))}});
  std::vector<std::string_view> perks = benefit_lines();
  er.shuffle(perks);
  const auto perk_count = static_cast<std::size_t>(er.range(3, 6));
  p.benefits.clear();
  for (std::size_t i = 0; i < perk_count; ++i) p.benefits.emplace_back(perks[i]);
  p.eeo = fill(eeo_templates()[er.below(eeo_templates().size())], {{"employer", std::string(e.name)}});
  return perks;
}

// The same role posted by another direct employer in the same city from the same HR-system template: the
// responsibilities, requirements, pay line and perks are word for word the base's, the introduction, the
// summary naming the employer and the EEO line are its own. None when no other direct employer hires for it.
std::optional<opening> builder::other_employer_twin(const opening& base) {
  const auto& f = families()[base.family];
  std::vector<double> w;
  for (std::size_t i = 0; i < employers().size(); ++i) {
    const auto& e = employers()[i];
    const bool hires = std::find(f.sectors.begin(), f.sectors.end(), e.kind) != f.sectors.end();
    w.push_back(hires && !is_agency(e) && i != base.employer ? 1.0 : 0.0);
  }
  if (std::all_of(w.begin(), w.end(), [](double x) { return x == 0.0; })) return std::nullopt;
  opening op = base;
  op.id = "op-" + std::to_string(100000 + openings_.size());
  op.employer = r_.weighted(w);
  const auto perks_kept = op.parts.benefits;
  employer_boilerplate(op);
  op.parts.benefits = perks_kept;  // the template's perks list
  const auto& c = cities()[op.city];
  op.lat = std::round((c.lat + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  op.lon = std::round((c.lon + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  op.age_days = std::max<std::int64_t>(0, base.age_days - r_.range(0, 3));
  apply_identity(op);
  make_boards(op, 1);
  return op;
}

board_post builder::draw_board(const opening& op, int style) {
  const auto& e = employers()[op.employer];
  board_post b;
  b.style = style;
  if (style < 0) {
    b.publisher = is_agency(e) ? std::string(e.name) : std::string(e.name) + " Careers";
    b.link = careers_link(e, context(op, e.name, op.title), r_);
    b.direct = r_.chance(0.7);
  } else {
    b.publisher = std::string(boards()[static_cast<std::size_t>(style)].name);
    b.link = board_link(static_cast<link_style>(boards()[static_cast<std::size_t>(style)].style),
                        context(op, e.name, op.title), r_);
    b.direct = r_.chance(0.1);
  }
  return b;
}

void builder::make_boards(opening& op, std::size_t needed) {
  const auto want = std::max<std::size_t>(needed, static_cast<std::size_t>(r_.range(1, o_.max_publishers)));
  std::vector<double> w;
  for (const auto& b : boards()) w.push_back(b.weight);
  std::vector<int> styles;
  if (r_.chance(is_agency(employers()[op.employer]) ? 0.5 : 0.25)) styles.push_back(-1);
  const std::size_t available = boards().size() + styles.size();  // every board once, plus the careers site if taken
  while (styles.size() < want && styles.size() < available) {
    const int s = static_cast<int>(r_.weighted(w));
    if (std::find(styles.begin(), styles.end(), s) == styles.end()) styles.push_back(s);
  }
  op.boards.clear();
  for (int s : styles) op.boards.push_back(draw_board(op, s));
}

void builder::add_board(opening& op) {
  std::vector<double> w;
  for (std::size_t i = 0; i < boards().size(); ++i) {
    const bool present = std::any_of(op.boards.begin(), op.boards.end(),
                                     [&](const board_post& b) { return b.style == static_cast<int>(i); });
    w.push_back(present ? 0.0 : boards()[i].weight);
  }
  op.boards.push_back(draw_board(op, static_cast<int>(r_.weighted(w))));
}

opening builder::sibling_of(const opening& base, const std::string& title, std::size_t city) {
  opening op = base;
  op.id = "op-" + std::to_string(100000 + openings_.size());
  op.title = title;
  op.city = city;
  op.remote = false;
  const auto& c = cities()[city];
  op.lat = std::round((c.lat + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  op.lon = std::round((c.lon + (r_.real() - 0.5) * 0.08) * 1e7) / 1e7;
  apply_identity(op);
  // Same boards as the base, but every URL is a different posting.
  for (auto& b : op.boards) b = draw_board(op, b.style);
  return op;
}

std::size_t builder::add_opening(opening op) {
  openings_.push_back(std::move(op));
  return openings_.size() - 1;
}

// -- postings -----------------------------------------------------------------

std::string builder::new_job_id(bool current) {
  for (;;) {
    const int random_bytes = (r_.chance(0.8) == current) ? 12 : 8;
    auto id = base64_id(r_, random_bytes);
    if (job_ids_.insert(id).second) return id;
  }
}

std::vector<board_post> builder::options_for(const opening& op, const board_post& own, std::size_t own_index) {
  static const std::vector<double> weights = {0.12, 0.3, 0.25, 0.18, 0.15};
  const std::size_t count = r_.weighted(weights);
  std::vector<board_post> out;
  if (count == 0) return out;
  out.push_back(own);
  for (std::size_t i = 0; i < op.boards.size() && out.size() < count; ++i)
    if (i != own_index) out.push_back(op.boards[i]);
  return out;
}

posting builder::base_posting(std::size_t index, std::string kind) {
  const opening& op = openings_[index];
  posting p;
  p.opening = index;
  p.kind = std::move(kind);
  p.employer = op.employer;
  p.title = op.title;
  p.where = op.boards[0];
  p.parts = op.parts;
  p.description = render_description(p.parts);
  p.age_days = op.age_days;
  p.job_id = new_job_id(op.current);
  return p;
}

void builder::post_original(std::size_t index, const char* kind) {
  posting p = base_posting(index, kind);
  p.options = options_for(openings_[index], p.where, 0);
  postings_.push_back(std::move(p));
}

void builder::post_cross(std::size_t index, std::size_t board) {
  const opening& op = openings_[index];
  if (board >= op.boards.size()) return;
  posting p = base_posting(index, "cross_post");
  p.where = op.boards[board];
  // The same URL with the board's tracking parameters: a canonical URL match.
  if (r_.chance(op.boards[0].style < 0 ? 0.6 : 0.15)) p.where.link = with_tracking(op.boards[0].link, p.where.publisher);
  if (r_.chance(0.25)) p.description = vary_formatting(p.description, r_);
  p.age_days = std::max<std::int64_t>(0, op.age_days - r_.range(0, 2));
  p.options = options_for(op, p.where, board);
  postings_.push_back(std::move(p));
}

void builder::post_agency(std::size_t index, std::vector<std::size_t>& used) {
  const opening& op = openings_[index];
  const auto& client = employers()[op.employer];
  const bool nurse = families()[op.family].id == "registered_nurse";
  std::vector<double> w;
  for (std::size_t i = 0; i < employers().size(); ++i) {
    const auto& e = employers()[i];
    const bool fits = nurse ? is_agency(e) : e.kind == sector::staffing;
    const bool taken = i == op.employer || std::find(used.begin(), used.end(), i) != used.end();
    w.push_back(fits && !taken ? (nurse && e.kind == sector::health_staffing ? 4.0 : 1.0) : 0.0);
  }
  const std::size_t agency_index = r_.weighted(w);
  used.push_back(agency_index);
  const auto& agency = employers()[agency_index];

  posting p = base_posting(index, "agency_repost");
  p.employer = agency_index;
  const link_context ctx = context(op, agency.name, op.title);
  if (agency.name == "Jobs via Dice") {
    p.where = {"LinkedIn", board_link(link_style::linkedin, ctx, r_), false, 0};
  } else if (r_.chance(0.5)) {
    p.where = {std::string(agency.name), careers_link(agency, ctx, r_), r_.chance(0.6), -1};
  } else {
    static const std::vector<std::size_t> agency_boards = {0, 1, 2, 4};  // LinkedIn, Indeed, ZipRecruiter, Dice
    const auto& b = boards()[r_.pick(agency_boards)];
    p.where = {std::string(b.name), board_link(b.style, ctx, r_), false, static_cast<int>(b.style)};
  }
  if (r_.chance(0.3)) {
    static const std::vector<std::string_view> suffixes = {" - Contract", " (Hybrid)", " - W2 Only", " - Direct Hire"};
    p.title += std::string(r_.pick(suffixes));
  }
  // The agency hides the client's name, adds its own line and sometimes its own footer.
  auto& parts = p.parts;
  const std::string client_name(client.name);
  for (auto* block : {&parts.intro, &parts.summary, &parts.closing, &parts.eeo, &parts.header})
    *block = capitalize(replace_all(*block, client_name, "our client"));
  if (r_.chance(0.5)) parts.intro.clear();
  if (r_.chance(0.6)) parts.eeo = fill(r_.pick(agency_footers()), {{"agency", std::string(agency.name)}});
  parts.prefix = fill(r_.pick(agency_lines()), {{"industry", std::string(industry_phrase(client.kind))},
                                                {"title", op.title},
                                                {"a_title", with_article(op.title)},
                                                {"where", where_of(op)}});
  p.description = render_description(parts);
  if (r_.chance(0.3)) p.description = vary_formatting(p.description, r_);
  p.age_days = std::max<std::int64_t>(0, op.age_days - r_.range(0, 4));
  p.options.clear();
  if (!r_.chance(0.15)) p.options.push_back(p.where);
  postings_.push_back(std::move(p));
}

void builder::post_edited(std::size_t index) {
  const opening& op = openings_[index];
  const auto& f = families()[op.family];
  posting p = base_posting(index, "edited_repost");
  auto& parts = p.parts;
  // One sentence changes; the rest differs only in formatting.
  switch (r_.below(3)) {
    case 0: {
      bool replaced = false;
      for (auto d : f.duties) {
        const auto line = fill(d, {{"skill", op.skills[0]}, {"skill2", op.skills.back()}, {"team", op.team}});
        if (std::find(parts.duties.begin(), parts.duties.end(), line) == parts.duties.end()) {
          parts.duties[r_.below(parts.duties.size())] = line;
          replaced = true;
          break;
        }
      }
      if (!replaced) parts.duties[r_.below(parts.duties.size())] += " and other duties as assigned";
      break;
    }
    case 1:
      parts.summary = fill(summary_templates()[(op.summary_tpl + 1) % summary_templates().size()],
                           {{"title", op.title},
                            {"a_title", with_article(op.title)},
                            {"team", op.team},
                            {"where", where_of(op)},
                            {"employer", std::string(employers()[op.employer].name)}});
      break;
    default:
      parts.closing += parts.closing.empty() ? "" : " ";
      parts.closing += "Applications will be accepted until the position is filled.";
      break;
  }
  p.description = render_description(parts);
  if (r_.chance(0.6)) p.description = vary_formatting(p.description, r_);
  if (r_.chance(0.5)) p.where = draw_board(op, p.where.style);
  p.age_days = std::max<std::int64_t>(0, op.age_days - r_.range(2, 6));
  p.options = options_for(op, p.where, 0);
  postings_.push_back(std::move(p));
}

void builder::maybe_cross(std::size_t index) {
  if (!r_.chance(o_.hard_negative_cross_post_share)) return;
  if (openings_[index].boards.size() < 2) add_board(openings_[index]);
  post_cross(index, 1);
}

void builder::add_group() {
  const std::vector<double> shares = {o_.cross_post_share,      o_.agency_repost_share, o_.edited_repost_share,
                                      o_.template_family_share, o_.multi_city_share,    o_.month_later_share,
                                      o_.employer_template_share};
  std::vector<double> weights = {1.0 - std::accumulate(shares.begin(), shares.end(), 0.0)};
  for (double s : shares) weights.push_back(std::max(0.0, s));
  weights[0] = std::max(0.0, weights[0]);
  const std::size_t group = r_.weighted(weights);
  const bool current = r_.chance(o_.current_share);
  const bool timed = group == 3 || group == 6;
  // An agency reposting an agency's posting is not the trap we want: agency groups start from a direct employer.
  // Agency groups and employer templates start from a direct employer (another agency reposting an agency's
  // posting, or an agency among the template's employers, is not the trap wanted).
  opening base = make_opening(current, timed, group != 2 && group != 7);

  switch (group) {
    case 1: {  // the same opening on several boards
      const std::size_t extra = std::min<std::size_t>(
          static_cast<std::size_t>(o_.max_publishers - 1), r_.chance(0.6) ? 1 : r_.chance(0.75) ? 2 : 3);
      make_boards(base, extra + 1);
      const auto i = add_opening(std::move(base));
      post_original(i, "original");
      for (std::size_t k = 1; k <= extra; ++k) post_cross(i, k);
      break;
    }
    case 2: {  // staffing agencies repost the client's opening
      make_boards(base, 1);
      const auto i = add_opening(std::move(base));
      post_original(i, "original");
      std::vector<std::size_t> used;
      post_agency(i, used);
      if (r_.chance(0.3)) post_agency(i, used);
      break;
    }
    case 3: {  // reposted a few days later with a small edit
      base.age_days = r_.range(6, 30);
      make_boards(base, 1);
      const auto i = add_opening(std::move(base));
      post_original(i, "original");
      post_edited(i);
      if (r_.chance(0.2)) maybe_cross(i);
      break;
    }
    case 4:    // one employer template, other titles and cities: different openings
    case 5: {  // the same text in several cities: one opening per city
      const bool templ = group == 4;
      const auto& f = families()[base.family];
      const auto count = static_cast<std::size_t>(templ ? r_.range(2, 4) : r_.range(2, 3));
      std::vector<std::string_view> titles = f.titles;
      r_.shuffle(titles);
      std::vector<std::size_t> places;
      for (std::size_t c = 0; c < cities().size(); ++c)
        if (cities()[c].country == cities()[base.city].country && c != base.city) places.push_back(c);
      r_.shuffle(places);
      base.remote = false;
      titles.erase(std::remove(titles.begin(), titles.end(), std::string_view(base.title)), titles.end());
      apply_identity(base);
      make_boards(base, 1);
      const auto first = add_opening(std::move(base));
      post_original(first, "original");
      maybe_cross(first);
      for (std::size_t k = 1; k < count && k - 1 < places.size(); ++k) {
        const opening& b = openings_[first];
        if (templ && k - 1 >= titles.size()) break;
        opening sib = sibling_of(b, templ ? std::string(titles[k - 1]) : b.title, places[k - 1]);
        if (templ) sib.age_days = std::max<std::int64_t>(0, b.age_days - r_.range(0, 3));
        const auto i = add_opening(std::move(sib));
        post_original(i, templ ? "template_sibling" : "multi_city");
        maybe_cross(i);
      }
      break;
    }
    case 6: {  // the same text again 35-60 days later: a new opening
      base.age_days = r_.range(36, 75);
      make_boards(base, 1);
      const auto first = add_opening(std::move(base));
      post_original(first, "original");
      const opening& b = openings_[first];
      opening later = sibling_of(b, b.title, b.city);
      later.remote = b.remote;
      later.lat = b.lat;
      later.lon = b.lon;
      apply_identity(later);
      later.age_days = b.age_days - r_.range(35, std::min<std::int64_t>(60, b.age_days));
      const auto i = add_opening(std::move(later));
      post_original(i, "month_later");
      break;
    }
    case 7: {  // 2-3 direct employers, one HR template, the same title and city: different jobs
      make_boards(base, 1);
      const auto first = add_opening(std::move(base));
      post_original(first, "original");
      maybe_cross(first);
      const auto twins = static_cast<int>(r_.range(1, 2));
      std::vector<std::size_t> taken = {openings_[first].employer};
      for (int k = 0; k < twins; ++k) {
        auto twin = other_employer_twin(openings_[first]);
        if (!twin || std::find(taken.begin(), taken.end(), twin->employer) != taken.end()) continue;
        taken.push_back(twin->employer);
        const auto i = add_opening(std::move(*twin));
        post_original(i, "employer_template");
        maybe_cross(i);
      }
      break;
    }
    default: {
      make_boards(base, 1);
      post_original(add_opening(std::move(base)), "original");
      break;
    }
  }
}

// -- job objects --------------------------------------------------------------

void builder::salary_fields(const posting& p, const opening& op, rng& r, bool legacy, boost::json::object& job) {
  const bool in_text = has_amount(p.parts.salary_line);
  const bool structured = r.chance(legacy ? (in_text ? 0.5 : 0.1) : (in_text ? 0.22 : 0.035));
  boost::json::value min = nullptr, max = nullptr, period = nullptr, currency = nullptr;
  if (structured) {
    min = number_value(op.pay.min);
    max = number_value(op.pay.max);
    if (r.chance(0.08)) (r.chance(0.5) ? min : max) = nullptr;
    if (!legacy || !r.chance(0.08)) {
      period = op.pay.hourly ? "HOUR" : "YEAR";
      currency = op.pay.currency;
    }
  } else if (r.chance(legacy ? 0.02 : 0.035)) {
    period = op.pay.hourly ? "HOUR" : "YEAR";
    currency = op.pay.currency;
  }
  if (!legacy) job["job_salary"] = nullptr;
  job["job_min_salary"] = min;
  job["job_max_salary"] = max;
  if (legacy) job["job_salary_currency"] = currency;
  job["job_salary_period"] = period;
}

boost::json::object builder::render(const posting& p) {
  const opening& op = openings_[p.opening];
  const auto& f = families()[op.family];
  const auto& e = employers()[p.employer];
  const auto& c = cities()[op.city];
  rng r(hash_text(p.job_id, o_.seed));
  const bool legacy = !op.current;
  const std::int64_t midnight = utc_midnight(o_.reference_time);

  boost::json::value logo = r.chance(legacy ? 0.28 : 0.41) ? boost::json::value(nullptr) : boost::json::value(logo_url(e.name));
  boost::json::value website = r.chance(legacy ? 0.49 : 0.13) ? boost::json::value(nullptr)
                                                              : boost::json::value("https://www." + std::string(e.domain));
  const std::string apply_link = legacy ? p.where.link : with_google_utm(p.where.link);
  boost::json::array options;
  for (const auto& o : p.options)
    options.push_back(boost::json::object{{"publisher", o.publisher},
                                          {"apply_link", legacy ? o.link : with_google_utm(o.link)},
                                          {"is_direct", o.direct}});
  // Location: remote postings often lose the city; a few others too.
  const bool city_null = legacy ? ((op.remote && r.chance(0.75)) || r.chance(0.07)) : (op.remote && r.chance(0.4));
  const bool us = c.country == "US";
  boost::json::value city = city_null ? boost::json::value(nullptr) : boost::json::value(std::string(c.name));
  std::string_view state_text = legacy ? c.state_code : c.state_name;
  boost::json::value state = (city_null || state_text.empty() || r.chance(0.03)) ? boost::json::value(nullptr)
                                                                                  : boost::json::value(std::string(state_text));
  const double lat = city_null ? (us ? us_centroid_lat : c.lat) : op.lat;
  const double lon = city_null ? (us ? us_centroid_lon : c.lon) : op.lon;
  boost::json::value benefits = r.chance(legacy ? 0.68 : 0.63) ? boost::json::value(nullptr) : benefits_array(r);

  boost::json::object job;
  if (legacy) {
    const std::int64_t posted = midnight - p.age_days * seconds_per_day;
    job["employer_name"] = e.name;
    job["employer_logo"] = logo;
    job["employer_website"] = website;
    job["employer_company_type"] = (e.company_type.empty() || r.chance(0.55)) ? boost::json::value(nullptr)
                                                                              : boost::json::value(e.company_type);
    job["job_publisher"] = p.where.publisher;
    job["job_id"] = p.job_id;
    job["job_employment_type"] = legacy_type(op.type);
    job["job_title"] = p.title;
    job["job_apply_link"] = apply_link;
    job["job_apply_is_direct"] = p.where.direct;
    job["job_apply_quality_score"] = std::round((0.38 + 0.6 * r.real()) * 1e4) / 1e4;
    if (!r.chance(0.15)) job["apply_options"] = std::move(options);  // absent in older search results
    job["job_description"] = p.description;
    job["job_is_remote"] = op.remote;
    job["job_posted_at_timestamp"] = posted;
    job["job_posted_at_datetime_utc"] = iso_utc(posted);
    job["job_city"] = city;
    job["job_state"] = state;
    job["job_country"] = c.country;
    job["job_latitude"] = lat;
    job["job_longitude"] = lon;
    job["job_benefits"] = benefits;
    job["job_google_link"] = legacy_google_link(p.job_id, p.title, c.country);
    if (r.chance(0.35)) {
      job["job_offer_expiration_datetime_utc"] = nullptr;
      job["job_offer_expiration_timestamp"] = nullptr;
    } else {
      const std::int64_t expires = posted + (r.chance(0.7) ? 30 : 60) * seconds_per_day;
      job["job_offer_expiration_datetime_utc"] = iso_utc(expires);
      job["job_offer_expiration_timestamp"] = expires;
    }
    const int years = op.experience_years;
    job["job_required_experience"] = boost::json::object{
        {"no_experience_required", years == 0},
        {"required_experience_in_months",
         years > 0 && r.chance(0.65) ? boost::json::value(years * 12) : boost::json::value(nullptr)},
        {"experience_mentioned", years >= 0},
        {"experience_preferred", r.chance(0.25)}};
    if (r.chance(0.84)) {
      job["job_required_skills"] = nullptr;
    } else {
      boost::json::array skills;
      for (const auto& s : op.skills) skills.emplace_back(s);
      job["job_required_skills"] = std::move(skills);
    }
    const std::string& ed = op.education;
    auto mentions = [&](std::string_view w) { return ed.find(w) != std::string::npos; };
    const bool degree = mentions("degree") || mentions("BS") || mentions("BSN") || mentions("Master");
    job["job_required_education"] = boost::json::object{
        {"postgraduate_degree", mentions("Master") || mentions("PhD")},
        {"professional_certification", f.id == "registered_nurse" || f.id == "driver"},
        {"high_school", mentions("High school")},
        {"associates_degree", mentions("Associate")},
        {"bachelors_degree", mentions("Bachelor") || mentions("BS")},
        {"degree_mentioned", degree},
        {"degree_preferred", mentions("preferred")},
        {"professional_certification_mentioned", mentions("CPA") || f.id == "registered_nurse" || f.id == "driver"}};
    job["job_experience_in_place_of_education"] = r.chance(0.1);
    salary_fields(p, op, r, true, job);
    job["job_highlights"] = highlights(p.parts, r);
    job["job_job_title"] = r.chance(0.64) ? boost::json::value(nullptr) : boost::json::value(f.label);
    job["job_posting_language"] = "en";
    job["job_onet_soc"] = f.onet_soc;
    job["job_onet_job_zone"] = r.chance(0.03) ? boost::json::value(nullptr) : boost::json::value(f.onet_zone);
    job["job_occupational_categories"] = r.chance(0.67) ? boost::json::value(nullptr)
                                                        : boost::json::value(boost::json::array{r.pick(f.occupational_categories)});
    const bool naics = !e.naics_code.empty() && !r.chance(0.45);
    job["job_naics_code"] = naics ? boost::json::value(e.naics_code) : boost::json::value(nullptr);
    job["job_naics_name"] = naics ? boost::json::value(e.naics_name) : boost::json::value(nullptr);
    return job;
  }

  job["job_id"] = p.job_id;
  job["job_title"] = p.title;
  job["employer_name"] = e.name;
  job["employer_logo"] = logo;
  job["employer_website"] = website;
  job["job_publisher"] = p.where.publisher;
  boost::json::array types;
  if (op.combined == 1) {
    job["job_employment_type"] = "Full-time and Part-time";
    types = {"FULLTIME", "PARTTIME"};
  } else if (op.combined == 2) {
    job["job_employment_type"] = "Full-time, Part-time, and Contractor";
    types = {"FULLTIME", "PARTTIME", "CONTRACTOR"};
  } else {
    job["job_employment_type"] = current_type(op.type);
    types.emplace_back(legacy_type(op.type));
    if (op.type == employment::contractor && r.chance(0.1)) types.emplace_back("CONTRACTOR");
  }
  job["job_employment_types"] = std::move(types);
  job["job_apply_link"] = apply_link;
  job["job_apply_is_direct"] = p.where.direct;
  job["apply_options"] = std::move(options);
  job["job_description"] = p.description;
  job["job_is_remote"] = r.chance(0.02) ? boost::json::value(nullptr) : boost::json::value(op.remote);
  if (op.force_time || !r.chance(0.58)) {  // 0.58: reposts always keep their date; overall about 53 % null
    std::int64_t posted = midnight - p.age_days * seconds_per_day;
    std::string ago;
    if (p.age_days == 0) {
      const auto hours = r.range(1, 23);
      posted = midnight - hours * 3600;
      ago = hours == 1 ? "1 hour ago" : std::to_string(hours) + " hours ago";
    } else {
      ago = p.age_days > 30 ? "30+ days ago"
            : p.age_days == 1 ? "1 day ago"
                              : std::to_string(p.age_days) + " days ago";
    }
    job["job_posted_at"] = ago;
    job["job_posted_at_timestamp"] = posted;
    job["job_posted_at_datetime_utc"] = iso_utc(posted);
  } else {
    job["job_posted_at"] = nullptr;
    job["job_posted_at_timestamp"] = nullptr;
    job["job_posted_at_datetime_utc"] = nullptr;
  }
  job["job_location"] = city_null ? (us ? std::string("United States") : std::string(c.country_name)) : city_phrase(c);
  job["job_city"] = city;
  job["job_state"] = state;
  job["job_country"] = c.country;
  job["job_latitude"] = lat;
  job["job_longitude"] = lon;
  job["job_benefits"] = benefits;
  job["job_google_link"] = current_google_link(p.job_id, c.country);
  salary_fields(p, op, r, false, job);
  job["job_highlights"] = highlights(p.parts, r);
  job["job_onet_soc"] = f.onet_soc;
  job["job_onet_job_zone"] = r.chance(0.02) ? boost::json::value(nullptr) : boost::json::value(f.onet_zone);
  return job;
}

corpus builder::finish() {
  if (postings_.size() > o_.postings) postings_.resize(o_.postings);
  std::vector<std::size_t> order(postings_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  r_.shuffle(order);  // duplicates should not sit next to each other in result pages
  corpus out;
  out.postings.reserve(order.size());
  for (std::size_t i : order) {
    const posting& p = postings_[i];
    generated_posting g;
    g.job = render(p);
    g.opening_id = openings_[p.opening].id;
    g.kind = p.kind;
    g.family = std::string(families()[openings_[p.opening].family].id);
    out.postings.push_back(std::move(g));
  }
  return out;
}

}  // namespace

corpus generate(const generator_options& options) {
  generator_options o = options;
  o.current_share = std::clamp(o.current_share, 0.0, 1.0);
  o.max_publishers = std::clamp(o.max_publishers, 2, 8);
  builder b(o);
  while (b.size() < o.postings) b.add_group();
  return b.finish();
}

}  // namespace jobpilot::fake_jsearch
