// Salary formats taken from the shapes real postings use (see DESIGN.md section 7 for the parser side).
#include "fake_jsearch/salary_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace jobpilot::fake_jsearch {
namespace {

std::string grouped(std::int64_t value, char separator) {
  std::string digits = std::to_string(value);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    const std::size_t left = n - i - 1;
    if (left > 0 && left % 3 == 0) out += separator;
  }
  return out;
}

std::string commas(double v) { return grouped(static_cast<std::int64_t>(std::llround(v)), ','); }

std::string with_cents(double v) {
  const auto whole = static_cast<std::int64_t>(std::floor(v));
  const auto cents = static_cast<int>(std::llround((v - static_cast<double>(whole)) * 100));
  char buf[8];
  std::snprintf(buf, sizeof buf, ".%02d", cents);
  return grouped(whole, ',') + buf;
}

std::string hourly_amount(double v) { return v == std::floor(v) ? commas(v) : with_cents(v); }

std::string thousands(double v) { return std::to_string(static_cast<std::int64_t>(std::llround(v / 1000))); }

}  // namespace

pay_range make_pay(const family_info& f, const city_info& c, rng& r) {
  pay_range p;
  double scale = 1.0;
  if (c.country == "DE") { p.currency = "EUR"; scale = 0.65; }
  else if (c.country == "GB") { p.currency = "GBP"; scale = 0.6; }
  else if (c.country == "CA") { p.currency = "CAD"; scale = 0.85; }
  p.hourly = p.currency == "USD" && r.chance(f.hourly_share);
  if (p.hourly) {
    const double unit = r.chance(0.5) ? 0.5 : 1.0;
    p.min = std::round((f.hour_min + r.real() * (f.hour_max - f.hour_min) * 0.7) / unit) * unit;
    p.max = p.min + static_cast<double>(r.range(2, 15));
  } else {
    const double unit = r.chance(0.2) ? 500.0 : 1000.0;
    const double lo = (f.year_min + r.real() * (f.year_max - f.year_min) * 0.7) * scale;
    p.min = std::round(lo / unit) * unit;
    p.max = std::round(lo * (1.1 + r.real() * 0.35) / unit) * unit;
  }
  if (r.chance(0.1)) p.max = p.min;  // a single figure, as Glassdoor estimates often are
  return p;
}

std::string salary_phrase(const pay_range& p, rng& r) {
  if (r.chance(0.1)) {
    static const std::vector<std::string_view> doe = {"Salary: DOE", "Compensation: DOE (depending on experience)",
                                                      "Pay: Competitive, DOE"};
    return std::string(r.pick(doe));
  }
  if (p.currency == "EUR")
    return "Salary: \u20ac" + grouped(std::llround(p.min), '.') + " - \u20ac" + grouped(std::llround(p.max), '.') +
           " per year";
  if (p.currency == "GBP") return "Salary: \u00a3" + commas(p.min) + " - \u00a3" + commas(p.max) + " per annum";
  if (p.currency == "CAD") return "Salary: $" + commas(p.min) + " - $" + commas(p.max) + " CAD per year";
  if (p.hourly) {
    switch (r.below(4)) {
      case 0: return "Pay: $" + hourly_amount(p.min) + "/hr";
      case 1: return "Pay: $" + hourly_amount(p.min) + " - $" + hourly_amount(p.max) + " an hour";
      case 2: return "Salary: $" + with_cents(p.min) + " - $" + with_cents(p.max) + " per hour";
      default: return "Hourly rate: up to $" + hourly_amount(p.max) + " per hour";
    }
  }
  switch (r.below(5)) {
    case 0: return "Compensation: $" + thousands(p.min) + "k-$" + thousands(p.max) + "k";
    case 1: return "Pay: $" + commas(p.min) + " - $" + commas(p.max) + " a year";
    case 2: return "Salary: up to " + commas(p.max) + " per year";
    case 3:
      return "The base pay range for this position is $" + with_cents(p.min) + " - $" + with_cents(p.max) +
             " USD per year.";
    default: return "Salary range: $" + commas(p.min) + " to $" + commas(p.max) + " per year, plus bonus";
  }
}

bool has_amount(std::string_view line) {
  for (char c : line)
    if (c >= '0' && c <= '9') return true;
  return false;
}

}  // namespace jobpilot::fake_jsearch
