// URL shapes follow the boards' public posting URLs as they appear in JSearch apply links.
#include "fake_jsearch/apply_links.hpp"

#include "core/ascii.hpp"

namespace jobpilot::fake_jsearch {
namespace {

std::string digits(rng& r, int n) {
  std::string out;
  out.push_back(static_cast<char>('1' + r.below(9)));
  for (int i = 1; i < n; ++i) out.push_back(static_cast<char>('0' + r.below(10)));
  return out;
}

std::string hex(rng& r, int n) {
  static const char* const alphabet = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(alphabet[r.below(16)]);
  return out;
}

std::string uuid(rng& r) {
  return hex(r, 8) + "-" + hex(r, 4) + "-4" + hex(r, 3) + "-a" + hex(r, 3) + "-" + hex(r, 12);
}

/// "Software Engineer II" -> "Software-Engineer-II" (ZipRecruiter and Workday keep the case).
std::string dashed(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (word) {
      if (gap && !out.empty()) out.push_back('-');
      out.push_back(c);
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

std::string compact(std::string_view text) {
  std::string out;
  for (char c : slug(text))
    if (c != '-') out.push_back(c);
  return out;
}

std::string host_prefix(std::string_view country) {
  if (country == "DE") return "de";
  if (country == "GB") return "uk";
  if (country == "CA") return "ca";
  return "www";
}

}  // namespace

std::string slug(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char raw : text) {
    const char c = core::ascii_lower(raw);
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word) {
      if (gap && !out.empty()) out.push_back('-');
      out.push_back(c);
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

std::string board_link(link_style style, const link_context& ctx, rng& r) {
  const std::string title = slug(ctx.title);
  const std::string company = slug(ctx.employer);
  const std::string place = ctx.city.empty() ? "remote" : slug(ctx.city);
  switch (style) {
    case link_style::linkedin:
      return "https://www.linkedin.com/jobs/view/" + title + "-at-" + company + "-" + std::to_string(3 + r.below(2)) +
             digits(r, 9);
    case link_style::indeed:
      return "https://" + host_prefix(ctx.country) + ".indeed.com/viewjob?jk=" + hex(r, 16);
    case link_style::ziprecruiter:
      return "https://www.ziprecruiter.com/c/" + dashed(ctx.employer) + "/Job/" + dashed(ctx.title) + "/-in-" +
             (ctx.city.empty() ? std::string("Remote") : dashed(ctx.city)) +
             (ctx.state_code.empty() ? std::string() : "," + std::string(ctx.state_code)) + "?jid=" + hex(r, 16);
    case link_style::glassdoor: {
      const std::size_t a = title.size();
      const std::size_t b = a + 1 + company.size();
      return "https://www.glassdoor.com/job-listing/" + title + "-" + company + "-JV_IC" + digits(r, 7) + "_KO0," +
             std::to_string(a) + "_KE" + std::to_string(a + 1) + "," + std::to_string(b) + ".htm?jl=" + digits(r, 13);
    }
    case link_style::dice: return "https://www.dice.com/job-detail/" + uuid(r);
    case link_style::bebee:
      return "https://" + (ctx.country == "US" ? std::string("us") : core::to_lower(ctx.country)) + ".bebee.com/job/" +
             hex(r, 32);
    case link_style::monster:
      return "https://www.monster.com/job-openings/" + title + "-" + place +
             (ctx.state_code.empty() ? std::string() : "-" + core::to_lower(ctx.state_code)) + "--" + uuid(r);
    case link_style::talent: return "https://www.talent.com/view?id=" + hex(r, 12);
    case link_style::jooble: return "https://jooble.org/desc/" + (r.chance(0.5) ? std::string("-") : "") + digits(r, 19);
    case link_style::builtin: return "https://builtin.com/job/" + title + "/" + digits(r, 7);
    case link_style::simplyhired: return "https://www.simplyhired.com/job/" + hex(r, 22);
    case link_style::greenhouse: return "https://boards.greenhouse.io/" + compact(ctx.employer) + "/jobs/" + digits(r, 10);
    case link_style::workday:
      return "https://" + compact(ctx.employer) + ".wd5.myworkdayjobs.com/en-US/External/job/" +
             (ctx.city.empty() ? std::string("Remote") : dashed(ctx.city)) + "/" + dashed(ctx.title) + "_R" +
             digits(r, 7);
  }
  return "https://www.linkedin.com/jobs/view/" + digits(r, 10);
}

std::string careers_link(const employer_info& employer, const link_context& ctx, rng& r) {
  const std::string title = slug(ctx.title);
  const std::string domain(employer.domain);
  const std::string place = ctx.city.empty() ? "remote" : slug(ctx.city);
  if (employer.kind == sector::staffing || employer.kind == sector::health_staffing) {
    if (employer.name == "Jobs via Dice") return "https://www.dice.com/job-detail/" + uuid(r);
    return "https://www." + domain + "/jobs/" + title + "-" + place + "/" + digits(r, 8);
  }
  switch (r.below(4)) {
    case 0: return "https://careers." + domain + "/us/en/job/" + "R" + digits(r, 7) + "/" + dashed(ctx.title);
    case 1: return "https://jobs." + domain + "/job/" + place + "/" + title + "/" + digits(r, 3) + "/" + digits(r, 11);
    case 2: return "https://careers." + domain + "/jobs/" + digits(r, 8) + "-" + title;
    default:
      return "https://" + compact(employer.name) + ".wd1.myworkdayjobs.com/en-US/careers/job/" +
             (ctx.city.empty() ? std::string("Remote") : dashed(ctx.city)) + "/" + dashed(ctx.title) + "_JR" +
             digits(r, 6);
  }
}

std::string with_google_utm(const std::string& link) {
  const char sep = link.find('?') == std::string::npos ? '?' : '&';
  return link + sep + "utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic";
}

std::string with_tracking(const std::string& link, std::string_view source) {
  const char sep = link.find('?') == std::string::npos ? '?' : '&';
  return link + sep + "utm_source=" + slug(source) + "&utm_medium=jobboard&utm_campaign=job_syndication&src=" +
         slug(source);
}

}  // namespace jobpilot::fake_jsearch
