// Parameter rules from notes/jsearch-api.md section 2 (defaults, ranges, echo shapes).
#include "fake_jsearch/request_params.hpp"

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "net/url.hpp"

#include <algorithm>
#include <charconv>

namespace jobpilot::fake_jsearch {
namespace {

constexpr int max_num_pages = 20;
constexpr std::size_t max_detail_ids = 20;
constexpr std::string_view cursor_prefix = "jobpilot-fake-cursor:";

std::optional<long long> parse_int(std::string_view text) {
  text = core::trim(text);
  long long v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view text) {
  text = core::trim(text);
  if (core::iequals(text, "true") || text == "1") return true;
  if (core::iequals(text, "false") || text == "0") return false;
  return std::nullopt;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto piece = core::trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (!piece.empty()) out.emplace_back(piece);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string upper(std::string text) {
  for (auto& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::string default_language(std::string_view country) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {"de", "de"}, {"at", "de"}, {"fr", "fr"}, {"es", "es"}, {"mx", "es"}, {"it", "it"},
      {"br", "pt"}, {"pt", "pt"}, {"nl", "nl"}, {"se", "sv"}, {"pl", "pl"}, {"jp", "ja"}};
  for (const auto& [c, l] : table)
    if (c == country) return std::string(l);
  return "en";
}

/// Validates a comma list against allowed upper-case values; echoes it as an array like the real API.
std::optional<std::string> list_param(const parsed_target& t, std::string_view name,
                                      const std::vector<std::string_view>& allowed, bool to_upper,
                                      boost::json::object& echo) {
  const auto* raw = find_param(t, name);
  if (!raw) return std::nullopt;
  boost::json::array values;
  for (auto v : split_list(*raw)) {
    if (to_upper) v = upper(v);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      return "Invalid value for " + std::string(name) + ": '" + v + "'";
    values.emplace_back(v);
  }
  echo[name] = std::move(values);
  return std::nullopt;
}

/// country, language and the optional "fields" shared by every endpoint.
std::optional<std::string> locale_params(const parsed_target& t, boost::json::object& echo,
                                         std::vector<std::string>& fields) {
  std::string country = "us";
  if (const auto* c = find_param(t, "country")) {
    country = core::to_lower(core::trim(*c));
    if (country.size() != 2) return "Invalid value for country: '" + *c + "' (ISO 3166-1 alpha-2 expected)";
  }
  echo["country"] = country;
  const auto* language = find_param(t, "language");
  echo["language"] = language ? core::to_lower(core::trim(*language)) : default_language(country);
  if (const auto* f = find_param(t, "fields")) {
    fields = split_list(*f);
    echo["fields"] = *f;
  }
  return std::nullopt;
}

}  // namespace


std::variant<search_request, std::string> parse_search(const parsed_target& t, bool v2) {
  search_request r;
  const auto* query = find_param(t, "query");
  if (!query || core::trim(*query).empty()) return std::string("Missing required parameter: query");
  r.query = *query;
  r.echo["query"] = r.query;

  if (!v2) {
    if (const auto* p = find_param(t, "page")) {
      const auto v = parse_int(*p);
      if (!v) return "Invalid value for page: '" + *p + "'";
      r.page = static_cast<int>(std::clamp<long long>(*v, 1, 1000000));
    }
    r.echo["page"] = r.page;
  }
  if (const auto* n = find_param(t, "num_pages")) {
    const auto v = parse_int(*n);
    if (!v) return "Invalid value for num_pages: '" + *n + "'";
    r.num_pages = static_cast<int>(std::clamp<long long>(*v, 1, max_num_pages));
  }
  r.echo["num_pages"] = r.num_pages;
  if (v2) {
    if (const auto* c = find_param(t, "cursor"); c && !c->empty()) {
      const auto offset = decode_cursor(*c);
      if (!offset) return "Invalid value for cursor";
      r.offset = *offset;
      r.echo["cursor"] = *c;
    }
  }
  if (const auto* d = find_param(t, "date_posted")) {
    static const std::vector<std::string_view> allowed = {"all", "today", "3days", "week", "month"};
    const auto value = core::to_lower(core::trim(*d));
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      return "Invalid value for date_posted: '" + *d + "' (all, today, 3days, week, month)";
    r.echo["date_posted"] = value;
  }
  if (auto error = locale_params(t, r.echo, r.fields)) return *error;
  for (const char* name : {"work_from_home", "remote_jobs_only"}) {
    if (const auto* w = find_param(t, name)) {
      const auto v = parse_bool(*w);
      if (!v) return "Invalid value for " + std::string(name) + ": '" + *w + "'";
      r.echo[name] = *v;
    }
  }
  if (auto error = list_param(t, "employment_types", {"FULLTIME", "CONTRACTOR", "PARTTIME", "INTERN"}, true, r.echo))
    return *error;
  if (auto error = list_param(t, "job_requirements",
                              {"under_3_years_experience", "more_than_3_years_experience", "no_experience", "no_degree"},
                              false, r.echo))
    return *error;
  if (const auto* radius = find_param(t, "radius")) {
    double km = 0;
    const auto text = core::trim(*radius);
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), km);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || km < 0)
      return "Invalid value for radius: '" + *radius + "'";
    if (km == static_cast<double>(static_cast<long long>(km)))
      r.echo["radius"] = static_cast<long long>(km);
    else
      r.echo["radius"] = km;
  }
  if (const auto* e = find_param(t, "exclude_job_publishers")) r.echo["exclude_job_publishers"] = *e;
  return r;
}

std::variant<details_request, std::string> parse_details(const parsed_target& t) {
  details_request r;
  const auto* ids = find_param(t, "job_id");
  if (!ids || core::trim(*ids).empty()) return std::string("Missing required parameter: job_id");
  r.ids = split_list(*ids);
  if (r.ids.size() > max_detail_ids)
    return "Too many values for job_id: " + std::to_string(r.ids.size()) + " (at most 20)";
  r.echo["job_id"] = *ids;
  if (const auto* e = find_param(t, "extended_publisher_details")) {
    const auto v = parse_bool(*e);
    if (!v) return "Invalid value for extended_publisher_details: '" + *e + "'";
    r.echo["extended_publisher_details"] = *v;
  }
  if (auto error = locale_params(t, r.echo, r.fields)) return *error;
  return r;
}

std::string encode_cursor(std::size_t offset) {
  return core::base64_encode(std::string(cursor_prefix) + std::to_string(offset));
}

std::optional<std::size_t> decode_cursor(std::string_view cursor) {
  std::string plain;
  if (!core::base64_decode(cursor, plain) || !core::starts_with(plain, cursor_prefix)) return std::nullopt;
  const auto v = parse_int(std::string_view(plain).substr(cursor_prefix.size()));
  if (!v || *v < 0) return std::nullopt;
  return static_cast<std::size_t>(*v);
}

}  // namespace jobpilot::fake_jsearch
