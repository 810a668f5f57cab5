// Who a posting's "company" is: the employer itself, a staffing agency posting for a client, or a
// marketplace / job board whose name stands where the employer's should (Upwork: each gig is another
// client's). The deduper trusts a shared company name only for direct employers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::core {

enum class employer_kind {
  direct,       ///< the company that hires
  agency,       ///< a staffing or recruiting company (reposts its clients' openings)
  marketplace,  ///< a freelance marketplace or job board named as the company: not an employer
  unknown,      ///< no company name, or a hidden one ("Confidential")
};
const char* to_string(employer_kind k) noexcept;

/// Names added by the configuration, as normalize_company keys (whole words matched).
struct employer_lists {
  std::vector<std::string> staffing;
  std::vector<std::string> marketplaces;
};

/// Classifies by (in this order) the curated and configured names, JSearch's employer_company_type
/// ("Staffing", "Staffing & Recruiting"), staffing words in the name ("staffing", "recruiting",
/// "recruitment", "talent solutions") and a description that speaks of "our client" (mentions_client).
/// `company_key` is normalize_company(name).
employer_kind classify_employer(std::string_view company_key, std::string_view company_type, bool client_phrasing,
                                const employer_lists& extra = {});

/// "our client", "my client", "on behalf of a client": an agency writing about the employer it hides.
bool mentions_client(std::string_view description);

}  // namespace jobpilot::core
