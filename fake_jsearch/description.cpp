// Rendering and editing of generated job descriptions.
#include "fake_jsearch/description.hpp"

namespace jobpilot::fake_jsearch {
namespace {

void append_block(std::string& out, std::string_view block) {
  if (block.empty()) return;
  if (!out.empty()) out += "\n\n";
  out += block;
}

void append_list(std::string& out, std::string_view heading, const std::vector<std::string>& items,
                 std::string_view bullet) {
  if (items.empty()) return;
  std::string block(heading);
  for (const auto& item : items) {
    block += '\n';
    block += bullet;
    block += item;
  }
  append_block(out, block);
}

}  // namespace

std::string fill(std::string_view pattern, const text_vars& vars) {
  std::string out;
  out.reserve(pattern.size() + 64);
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const auto name = pattern.substr(i + 1, close - i - 1);
        const std::string* value = nullptr;
        for (const auto& [key, text] : vars)
          if (key == name) value = &text;
        if (value) {
          out += *value;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

std::string render_description(const description_parts& p) {
  std::string out;
  append_block(out, p.prefix);
  append_block(out, p.header);
  append_block(out, p.intro);
  append_block(out, p.summary);
  append_list(out, p.headings.responsibilities, p.duties, p.headings.bullet);
  append_list(out, p.headings.qualifications, p.quals, p.headings.bullet);
  append_list(out, p.headings.preferred, p.preferred, p.headings.bullet);
  append_block(out, p.salary_line);
  append_list(out, p.headings.benefits, p.benefits, p.headings.bullet);
  append_block(out, p.closing);
  append_block(out, p.eeo);
  return out;
}

std::string vary_formatting(const std::string& text, rng& r) {
  std::string out = text;
  const int edits = static_cast<int>(r.range(1, 3));
  for (int e = 0; e < edits; ++e) {
    switch (r.below(6)) {
      case 0: out = replace_all(out, " - ", " \u2013 "); out = replace_all(out, "-time", "\u2011time"); break;
      case 1: out = replace_all(out, "\n\n", "\n"); break;
      case 2: out = replace_all(out, ". ", ".  "); break;
      case 3: out = replace_all(out, "\u2022 ", "- "); break;
      case 4: out = replace_all(out, "\n", " \n"); break;
      default: out = replace_all(out, "\u2022", "\u00b7"); out += "\n"; break;
    }
  }
  if (out == text) out += " ";
  return out;
}

std::string with_article(const std::string& noun) {
  const char c = noun.empty() ? 'x' : noun[0];
  const bool vowel = c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'a' || c == 'e' || c == 'i' ||
                     c == 'o' || c == 'u';
  return (vowel ? "an " : "a ") + noun;
}

std::string number_word(int n) {
  static const char* const words[] = {"zero", "one", "two",   "three", "four",   "five",  "six",
                                      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  if (n >= 0 && n <= 12) return words[n];
  return std::to_string(n);
}

}  // namespace jobpilot::fake_jsearch
