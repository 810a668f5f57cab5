// Job description text for generated postings: structured parts, rendering, and the small edits
// that turn one text into a duplicate's text.
#pragma once

#include "fake_jsearch/random.hpp"
#include "fake_jsearch/vocabulary.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobpilot::fake_jsearch {

/// The pieces of one description; duplicates are made by copying and editing these.
struct description_parts {
  std::string prefix;                    ///< e.g. an agency's "Our client, ..." line
  std::string header;
  std::string intro;
  std::string summary;
  std::vector<std::string> duties;
  std::vector<std::string> quals;        ///< includes the experience and education lines
  std::vector<std::string> preferred;
  std::string salary_line;
  std::vector<std::string> benefits;
  std::string closing;
  std::string eeo;
  heading_style headings;
};

using text_vars = std::vector<std::pair<std::string_view, std::string>>;

/// Replaces every "{name}" of `vars` in `pattern`; unknown names stay as written.
std::string fill(std::string_view pattern, const text_vars& vars);

std::string replace_all(std::string text, std::string_view from, std::string_view to);

/// Plain text with "\n" line breaks and bullets, like JSearch's job_description.
std::string render_description(const description_parts& parts);

/// Whitespace, dash and bullet differences that leave the words unchanged (1-3 of them).
std::string vary_formatting(const std::string& text, rng& r);

/// "an Accountant", "a Data Scientist".
std::string with_article(const std::string& noun);

/// "five" for 5 (1-12), otherwise the digits.
std::string number_word(int n);

}  // namespace jobpilot::fake_jsearch
