// Pay ranges for generated openings and the many ways descriptions write them.
#pragma once

#include "fake_jsearch/random.hpp"
#include "fake_jsearch/vocabulary.hpp"

#include <string>
#include <string_view>

namespace jobpilot::fake_jsearch {

struct pay_range {
  bool hourly = false;
  double min = 0;
  double max = 0;
  std::string currency = "USD";  ///< USD, EUR, GBP or CAD (from the city's country)
};

/// A plausible range for the family in the city's currency (hourly only in the US).
pay_range make_pay(const family_info& family, const city_info& city, rng& r);

/// One description line: "$120k-$150k", "$45/hr", "up to 90,000 per year", "€60.000 - €75.000",
/// "$95,000 - $120,000 a year", "DOE", ...
std::string salary_phrase(const pay_range& pay, rng& r);

/// True when the line holds an amount (a digit), i.e. it is not empty and not just "DOE".
bool has_amount(std::string_view line);

}  // namespace jobpilot::fake_jsearch
