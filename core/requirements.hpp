// Experience and education requirements read from job text, plus the legacy structured education flags.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// Years of experience the text asks for: the lower bound of the first amount stated in an experience
/// context. "3+ years" -> 3, "3-5 years of experience" -> 3, "minimum of five years" -> 5, "at least two (2)
/// years" -> 2, "5 years' experience" -> 5, "10+ yrs exp" -> 10, "six months of experience" -> 0.5,
/// "0-2 years of experience" -> 0, "less than one year of experience" -> 0.
/// An amount counts when "experience"/"exp" follows it in the same clause, or "experience", "minimum",
/// "at least" or "required" precedes it, or "(required)" or "as a" follows it. Ignored: amounts without a
/// unit ("2024", "401k"), ages ("years old"), company history ("in business for 20 years", "over the past
/// 12 years"), durations ("12 months contract", "a 4-year degree") and amounts above 30 years.
/// nullopt when nothing qualifies.
std::optional<double> extract_experience_years(std::string_view text);

/// Education level the text requires: "phd", "masters", "bachelors", "associates", "high_school" or "".
/// Levels marked preferred ("Master's preferred", "PhD a plus", under a "Preferred qualifications:" heading)
/// do not count. Of the required levels the lowest is the bar: levels joined by "or"/"/" are alternatives
/// ("BS/MS" -> bachelors, "Master's or PhD" -> masters), and in real postings levels named in separate
/// statements are alternatives or substitutes too ("Bachelor's and 8 years; or Master's and 6 years",
/// "Employer also accepts a Bachelor's", "0-2 years with MS, 2-4 with BS").
/// "Bachelor's degree in CS or equivalent; Master's preferred" -> "bachelors", "High school diploma or GED"
/// -> "high_school".
std::string extract_education_level(std::string_view text);

/// Level from the legacy job_required_education flags: the highest flag set ("postgraduate" -> "masters",
/// since it does not say which); "" when none is set.
std::string education_from_flags(bool postgraduate, bool bachelors, bool associates, bool high_school);

}  // namespace jobpilot::core
