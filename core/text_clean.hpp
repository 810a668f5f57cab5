// Text cleaning for job fields: UTF-8 repair, HTML entities and tags, whitespace; plus the dedupe key forms.
#pragma once

#include <string>
#include <string_view>

namespace jobpilot::core {

/// Cleans free text (descriptions): each invalid UTF-8 sequence becomes U+FFFD, HTML entities are decoded,
/// HTML tags are stripped (block tags such as <br>, <p>, <li> become line breaks, table cells a space),
/// <script>/<style> bodies and comments are dropped, control characters other than \n and \t are removed,
/// \r\n and \r become \n, Unicode spaces become ' ', runs of spaces/tabs collapse to one space, spaces at
/// line ends are dropped, 3+ line breaks become 2, and the result is trimmed. Never throws on bad input.
std::string clean_text(std::string_view text);

/// clean_text with every whitespace run (line breaks included) turned into one space: titles, company names.
std::string clean_line(std::string_view text);

/// Dedupe key form: ASCII lower-cased, every ASCII character that is not a letter or digit becomes a space,
/// spaces collapsed and trimmed; bytes >= 0x80 are kept as they are. Expects already cleaned text
/// (entities decoded): "Sr. C++ Engineer!" -> "sr c engineer".
std::string normalize_for_key(std::string_view text);

/// normalize_for_key, then trailing legal-form words (inc, llc, ltd, limited, corp, corporation, co, company,
/// gmbh, ag, plc, lp, llp, sa, bv, ...) are dropped, repeatedly, as long as one word is left:
/// "Scribd, Inc." -> "scribd", "Zenfreed, LLC" -> "zenfreed", "Company" -> "company".
std::string normalize_company(std::string_view name);

/// normalize_for_key, then title noise is removed: bracketed work-mode tags ("(Remote)", "[100% Remote within
/// USA]", "(Hybrid)"), a leading "Job Title:", hiring noise ("urgent", "hiring immediately", "now hiring"),
/// and trailing work-mode words ("- Remote", "| WFH"). A leading "Remote" stays (it can be part of the job).
std::string normalize_title(std::string_view title);

}  // namespace jobpilot::core
