// Real-looking apply links for generated postings (job boards, careers sites, tracking parameters).
#pragma once

#include "fake_jsearch/random.hpp"
#include "fake_jsearch/vocabulary.hpp"

#include <string>
#include <string_view>

namespace jobpilot::fake_jsearch {

struct link_context {
  std::string_view title;
  std::string_view employer;
  std::string_view city;        ///< "" for remote
  std::string_view state_code;  ///< "" when none
  std::string_view country;     ///< ISO-2
};

/// Lower-case words joined by '-': "Software Engineer II" -> "software-engineer-ii".
std::string slug(std::string_view text);

/// A posting URL on a job board, with fresh ids drawn from `r`.
std::string board_link(link_style style, const link_context& ctx, rng& r);

/// A posting URL on the employer's own careers site (or an agency's site).
std::string careers_link(const employer_info& employer, const link_context& ctx, rng& r);

/// The parameters the 2025+ generation appends to every apply link.
std::string with_google_utm(const std::string& link);

/// The same URL with a board's tracking parameters (the "same job, other URL" dedupe trap).
std::string with_tracking(const std::string& link, std::string_view source);

}  // namespace jobpilot::fake_jsearch
