// Salary normalisation: JSearch's structured fields or a salary phrase found in a description, annualised.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

enum class pay_period { hour, day, week, month, year };

const char* to_string(pay_period p) noexcept;  // "hour", "day", "week", "month", "year"

/// Case-insensitive: YEAR/yearly/annual/annually/"a year"/"per annum"/pa/yr, HOUR/hourly/hr/"an hour"/"/h",
/// DAY/daily, WEEK/weekly/wk, MONTH/monthly/mo. A leading "/", "per", "a", "an" or "p/" is ignored.
std::optional<pay_period> parse_pay_period(std::string_view text);

/// The one annualisation constant set: hour 2080, day 260, week 52, month 12, year 1.
double annual_factor(pay_period p) noexcept;

/// Annualised amounts outside [min, max] are not salaries (typos, funding rounds, allowances).
inline constexpr double min_plausible_annual = 1'000.0;
inline constexpr double max_plausible_annual = 1'500'000.0;

/// The period an amount of unknown period most likely has: < 350 is an hour rate (as JobSpy), >= 10,000 a year
/// salary. Amounts in between (and zero or negative ones) are ambiguous (a week? a month? an allowance?): nullopt,
/// so such a salary is rejected rather than guessed; a month salary must say "per month"/"monthly".
std::optional<pay_period> infer_pay_period(double amount) noexcept;

struct salary_info {
  std::optional<double> min, max;    // in `currency` units per `period`; a missing side stays empty
  std::string currency;              // ISO 4217 ("USD", "EUR", "GBP"...); empty if unknown
  std::optional<pay_period> period;
  std::optional<double> annual_min, annual_max;  // min/max x annual_factor(period)
  std::string source;                // "structured" or "description"
};

/// Fills annual_min/annual_max from min/max/period (clears them when the period is unknown).
void annualize(salary_info& s);

/// JSearch's job_min_salary/job_max_salary/job_salary_currency/job_salary_period. One side may be missing: it
/// stays empty (the data does not say the range is a single value). Swapped bounds are fixed; non-positive values
/// count as missing. An unknown period is inferred from the magnitude (infer_pay_period). The currency is
/// upper-cased when it is a 3-letter code ("$" → USD, "€" → EUR, "£" → GBP), else left empty; JSearch 2025+ has no
/// currency field, so the caller decides whether to default to USD. nullopt when no amount is usable or the
/// annualised amount is implausible.
std::optional<salary_info> salary_from_structured(std::optional<double> min, std::optional<double> max,
                                                  std::string_view currency, std::string_view period);

/// Finds a salary statement in free text (a whole description) and parses it; never throws.
/// - Amounts: "$120k", "$45.50", "90,000", "€60.000" (European dot), "45 000 €", "$102,750k" (= 102,750);
///   currencies $ (USD unless a code follows: "$131,500 CAD"), US$ C$ A$ € £ ₹ zł and codes USD EUR GBP CAD AUD
///   INR CHF SEK NOK DKK PLN NZD SGD JPY MXN BRL before or after the number.
/// - Ranges with "-", "–", "—", "--", "to", "between .. and", or two grouped numbers side by side; "$100-130k" and
///   "$150-$180,000" borrow the magnitude of the upper end; reversed bounds are swapped.
/// - Period: after the amount ("/hr", "per annum", "a year", "p/h", "annually", "year"), else a period word earlier
///   in the clause ("annual salary range", "Hourly rate:"), else infer_pay_period.
/// - "from"/"starting at"/"$X+" give a min only, "up to" a max only, a lone amount min = max.
/// - Never salaries: M/B/million amounts ("1.2M" included: funding and revenue), percentages, zero, amounts next
///   to funding/bonus/allowance/referral words, bare numbers without money formatting or salary context ("401(k)",
///   "2024", "3+ years", phone numbers), amounts whose annual value is implausible.
/// - Several statements: one after a salary keyword ("salary", "pay", "compensation", "rate", "range"...) wins
///   over one with only a period or a currency range, which wins over a lone "$130,000" (taken as a year salary
///   only: a lone small amount without context is not an hour rate); within a rank the first one wins.
/// The source is "description".
std::optional<salary_info> parse_salary_text(std::string_view text);

}  // namespace jobpilot::core
