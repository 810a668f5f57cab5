// Text cleaning: one pass for markup, entities, UTF-8 and control characters, one pass for whitespace.
#include "core/text_clean.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace jobpilot::core {
namespace {

// -- UTF-8 ---------------------------------------------------------------------

constexpr char32_t replacement_char = 0xFFFD;

bool is_continuation(unsigned char c) { return c >= 0x80 && c <= 0xBF; }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the sequence at s[i]. On success sets cp and returns its length; on failure returns 0 and sets
// bad_len to the maximal ill-formed subpart (Unicode 15, 3.9 "U+FFFD substitution of maximal subparts").
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp, std::size_t& bad_len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    bad_len = 1;
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const bool ok = i + k < s.size() && (k == 1 ? (static_cast<unsigned char>(s[i + k]) >= lo &&
                                                   static_cast<unsigned char>(s[i + k]) <= hi)
                                                : is_continuation(static_cast<unsigned char>(s[i + k])));
    if (!ok) {
      bad_len = k;
      return 0;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return len;
}

// -- entities ------------------------------------------------------------------

struct named_entity {
  std::string_view name;
  char32_t cp;
};

// The entities seen in job descriptions, plus Latin-1 letters common in names.
constexpr std::array<named_entity, 72> named_entities{{
    {"amp", '&'},        {"lt", '<'},         {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"nbsp", 0xA0},      {"ensp", 0x2002},    {"emsp", 0x2003},    {"thinsp", 0x2009},  {"shy", 0xAD},
    {"ndash", 0x2013},   {"mdash", 0x2014},   {"hellip", 0x2026},  {"bull", 0x2022},    {"middot", 0xB7},
    {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"sbquo", 0x201A},   {"ldquo", 0x201C},   {"rdquo", 0x201D},
    {"bdquo", 0x201E},   {"laquo", 0xAB},     {"raquo", 0xBB},     {"lsaquo", 0x2039},  {"rsaquo", 0x203A},
    {"copy", 0xA9},      {"reg", 0xAE},       {"trade", 0x2122},   {"euro", 0x20AC},    {"pound", 0xA3},
    {"yen", 0xA5},       {"cent", 0xA2},      {"curren", 0xA4},    {"deg", 0xB0},       {"plusmn", 0xB1},
    {"times", 0xD7},     {"divide", 0xF7},    {"frac12", 0xBD},    {"frac14", 0xBC},    {"frac34", 0xBE},
    {"sect", 0xA7},      {"para", 0xB6},      {"dagger", 0x2020},  {"larr", 0x2190},    {"rarr", 0x2192},
    {"check", 0x2713},   {"iexcl", 0xA1},     {"iquest", 0xBF},    {"aacute", 0xE1},    {"agrave", 0xE0},
    {"acirc", 0xE2},     {"auml", 0xE4},      {"aring", 0xE5},     {"ccedil", 0xE7},    {"eacute", 0xE9},
    {"egrave", 0xE8},    {"ecirc", 0xEA},     {"euml", 0xEB},      {"iacute", 0xED},    {"iuml", 0xEF},
    {"ntilde", 0xF1},    {"oacute", 0xF3},    {"ocirc", 0xF4},     {"ouml", 0xF6},      {"oslash", 0xF8},
    {"uacute", 0xFA},    {"uuml", 0xFC},      {"szlig", 0xDF},     {"Auml", 0xC4},      {"Ouml", 0xD6},
    {"Uuml", 0xDC},      {"Eacute", 0xC9},
}};

// HTML5 maps numeric references 0x80..0x9F through windows-1252 (0 = keep the replacement character).
constexpr std::array<char32_t, 32> cp1252_high{{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
}};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses an entity at s[i] == '&'. Returns the bytes consumed (0 = not an entity) and sets cp.
std::size_t parse_entity(std::string_view s, std::size_t i, char32_t& cp) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (j < s.size() && digits < 8) {
      const int d = hex ? hex_value(s[j]) : (is_digit(s[j]) ? s[j] - '0' : -1);
      if (d < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      ++digits, ++j;
    }
    if (digits == 0 || j >= s.size() || s[j] != ';') return 0;
    if (value >= 0x80 && value <= 0x9F && cp1252_high[value - 0x80] != 0)
      cp = cp1252_high[value - 0x80];
    else if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
      cp = replacement_char;
    else
      cp = value;
    return j + 1 - i;
  }
  while (j < s.size() && j - i <= 8 && is_alnum(s[j])) ++j;
  const std::string_view name = s.substr(i + 1, j - i - 1);
  if (name.empty()) return 0;
  const bool semicolon = j < s.size() && s[j] == ';';
  for (const auto& e : named_entities) {
    if (e.name != name) continue;
    // The legacy forms without ';' are accepted only for the five entities browsers also accept that way.
    if (!semicolon && name != "amp" && name != "lt" && name != "gt" && name != "quot" && name != "nbsp") return 0;
    cp = e.cp;
    return j - i + (semicolon ? 1 : 0);
  }
  return 0;
}

// -- tags ----------------------------------------------------------------------

enum class tag_effect { none, space, line, paragraph };

struct known_tag {
  std::string_view name;
  tag_effect effect;
};

constexpr std::array<known_tag, 60> known_tags{{
    {"p", tag_effect::paragraph},   {"h1", tag_effect::paragraph},     {"h2", tag_effect::paragraph},
    {"h3", tag_effect::paragraph},  {"h4", tag_effect::paragraph},     {"h5", tag_effect::paragraph},
    {"h6", tag_effect::paragraph},  {"br", tag_effect::line},          {"div", tag_effect::line},
    {"li", tag_effect::line},       {"ul", tag_effect::line},          {"ol", tag_effect::line},
    {"dl", tag_effect::line},       {"dt", tag_effect::line},          {"dd", tag_effect::line},
    {"tr", tag_effect::line},       {"table", tag_effect::line},       {"tbody", tag_effect::line},
    {"thead", tag_effect::line},    {"tfoot", tag_effect::line},       {"hr", tag_effect::line},
    {"section", tag_effect::line},  {"article", tag_effect::line},     {"header", tag_effect::line},
    {"footer", tag_effect::line},   {"blockquote", tag_effect::line},  {"pre", tag_effect::line},
    {"nav", tag_effect::line},      {"main", tag_effect::line},        {"aside", tag_effect::line},
    {"form", tag_effect::line},     {"address", tag_effect::line},     {"figure", tag_effect::line},
    {"center", tag_effect::line},   {"td", tag_effect::space},         {"th", tag_effect::space},
    {"img", tag_effect::space},     {"a", tag_effect::none},           {"b", tag_effect::none},
    {"i", tag_effect::none},        {"u", tag_effect::none},           {"s", tag_effect::none},
    {"em", tag_effect::none},       {"strong", tag_effect::none},      {"span", tag_effect::none},
    {"font", tag_effect::none},     {"small", tag_effect::none},       {"big", tag_effect::none},
    {"sup", tag_effect::none},      {"sub", tag_effect::none},         {"code", tag_effect::none},
    {"label", tag_effect::none},    {"abbr", tag_effect::none},        {"mark", tag_effect::none},
    {"strike", tag_effect::none},   {"del", tag_effect::none},         {"ins", tag_effect::none},
    {"wbr", tag_effect::none},      {"html", tag_effect::line},        {"body", tag_effect::line},
}};

constexpr std::size_t max_tag_length = 2000;

std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// End of a tag starting at s[i] == '<' (one past '>'), honouring quoted attribute values, or npos.
std::size_t tag_end(std::string_view s, std::size_t i) {
  char quote = 0;
  for (std::size_t j = i + 1; j < s.size() && j - i < max_tag_length; ++j) {
    if (quote) {
      if (s[j] == quote) quote = 0;
    } else if (s[j] == '"' || s[j] == '\'') {
      quote = s[j];
    } else if (s[j] == '>') {
      return j + 1;
    } else if (s[j] == '<') {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// Parses markup at s[i] == '<'. Returns the bytes consumed (0 = a literal '<', as in "<5 years") and its effect.
std::size_t parse_tag(std::string_view s, std::size_t i, tag_effect& effect) {
  effect = tag_effect::none;
  if (s.substr(i, 4) == "<!--") {
    const auto end = s.find("-->", i + 4);
    return end == std::string_view::npos ? 0 : end + 3 - i;
  }
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '!') {  // <!DOCTYPE ...>, <![CDATA[ ...
    const auto end = tag_end(s, i);
    return end == std::string_view::npos ? 0 : end - i;
  }
  if (j < s.size() && s[j] == '/') ++j;
  const std::size_t name_start = j;
  while (j < s.size() && is_alnum(s[j])) ++j;
  const std::string name = to_lower(s.substr(name_start, j - name_start));
  if (name.empty() || (j < s.size() && !is_space(s[j]) && s[j] != '>' && s[j] != '/')) return 0;
  const auto it =
      std::find_if(known_tags.begin(), known_tags.end(), [&](const known_tag& t) { return t.name == name; });
  const bool is_raw = name == "script" || name == "style";
  if (it == known_tags.end() && !is_raw) return 0;
  const auto end = tag_end(s, i);
  if (end == std::string_view::npos) return 0;
  if (is_raw && s[i + 1] != '/') {
    // The body of <script>/<style> is not text: drop it up to the closing tag (or the end).
    const auto close = find_ci(s, "</" + name, end);
    if (close == std::string_view::npos) return s.size() - i;
    const auto close_end = tag_end(s, close);
    return (close_end == std::string_view::npos ? s.size() : close_end) - i;
  }
  if (it != known_tags.end()) effect = it->effect;
  return end - i;
}

// -- passes --------------------------------------------------------------------

// Appends a decoded code point, applying the control-character and space rules.
void emit(std::string& out, char32_t cp) {
  if (cp == '\n' || cp == '\t') {
    out += static_cast<char>(cp);
  } else if (cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
    out += '\n';
  } else if (cp == '\f' || cp == '\v' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
             cp == 0x205F || cp == 0x3000) {
    out += ' ';
  } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x200B || cp == 0xFEFF) {
    // control characters, soft hyphen, zero-width space and byte-order mark carry no text
  } else {
    append_utf8(out, cp);
  }
}

// Block tags end a line; "</li><li>" or "</p><p>" must not stack up blank lines.
void ensure_line_breaks(std::string& out, int wanted) {
  int have = 0;
  for (auto it = out.rbegin(); it != out.rend() && (*it == '\n' || *it == ' ' || *it == '\t'); ++it)
    if (*it == '\n') ++have;
  for (; have < wanted; ++have) out += '\n';
}

std::string decode_pass(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '<') {
      tag_effect effect;
      if (const auto n = parse_tag(s, i, effect)) {
        if (effect == tag_effect::paragraph) ensure_line_breaks(out, 2);
        if (effect == tag_effect::line) ensure_line_breaks(out, 1);
        if (effect == tag_effect::space) out += ' ';
        i += n;
        continue;
      }
      out += c, ++i;
    } else if (c == '&') {
      char32_t cp = 0;
      if (const auto n = parse_entity(s, i, cp)) {
        emit(out, cp);
        i += n;
        continue;
      }
      out += c, ++i;
    } else if (c == '\r') {
      out += '\n';
      i += (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    } else if (u < 0x80) {
      emit(out, static_cast<char32_t>(u));
      ++i;
    } else {
      char32_t cp = 0;
      std::size_t bad = 0;
      if (const auto n = decode_utf8(s, i, cp, bad)) {
        emit(out, cp);
        i += n;
      } else {
        append_utf8(out, replacement_char);
        i += bad;
      }
    }
  }
  return out;
}

// Collapses spaces/tabs, drops spaces next to line breaks, caps line breaks at 2, trims.
std::string whitespace_pass(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  int pending_newlines = 0;
  for (const char c : s) {
    if (c == ' ' || c == '\t') {
      pending_space = true;
    } else if (c == '\n') {
      ++pending_newlines;
      pending_space = false;
    } else {
      if (!out.empty()) {
        if (pending_newlines > 0)
          out.append(static_cast<std::size_t>(std::min(pending_newlines, 2)), '\n');
        else if (pending_space)
          out += ' ';
      }
      pending_space = false;
      pending_newlines = 0;
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_words(std::string_view key) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < key.size()) {
    const auto sp = key.find(' ', i);
    const auto end = sp == std::string_view::npos ? key.size() : sp;
    if (end > i) words.emplace_back(key.substr(i, end - i));
    i = end + 1;
  }
  return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k) {
    if (!out.empty()) out += ' ';
    out += words[k];
  }
  return out;
}

template <typename Set>
bool contains_word(const Set& set, std::string_view w) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// -- title noise ---------------------------------------------------------------

// Words that may make up a bracketed or trailing work-mode tag such as "(100% Remote within USA)".
constexpr std::array<std::string_view, 33> work_mode_words{{
    "remote", "hybrid", "onsite", "on", "site", "wfh", "telecommute", "virtual", "100", "fully", "within",
    "in", "the", "us", "usa", "u", "s", "only", "work", "from", "home", "anywhere", "available", "opportunity",
    "full", "part", "time", "fulltime", "parttime", "urgent", "immediate", "start", "hiring"}};
// At least one of these must be present for a bracket or tail to count as noise.
constexpr std::array<std::string_view, 10> work_mode_triggers{
    {"remote", "hybrid", "onsite", "wfh", "telecommute", "virtual", "time", "fulltime", "parttime", "urgent"}};

bool is_work_mode_tag(const std::vector<std::string>& words) {
  bool trigger = false;
  for (const auto& w : words) {
    if (!contains_word(work_mode_words, w)) return false;
    trigger = trigger || contains_word(work_mode_triggers, w);
  }
  return trigger;
}

// Removes "(...)"/"[...]" groups whose content is only a work-mode tag.
std::string drop_bracketed_noise(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '(' || s[i] == '[') {
      const char close = s[i] == '(' ? ')' : ']';
      const auto end = s.find(close, i + 1);
      if (end != std::string_view::npos) {
        const auto words = split_words(normalize_for_key(s.substr(i + 1, end - i - 1)));
        if (!words.empty() && is_work_mode_tag(words)) {
          out += ' ';
          i = end + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

// Phrases removed wherever they occur as whole words (longest first).
constexpr std::array<std::string_view, 12> title_noise_phrases{{
    "hiring immediately", "immediately hiring", "urgently hiring", "urgent hiring", "now hiring",
    "required urgently", "needed urgently", "immediate need", "immediate start", "urgent requirement",
    "urgently", "urgent"}};

void erase_phrase(std::vector<std::string>& words, std::string_view phrase) {
  const auto parts = split_words(phrase);
  for (std::size_t k = 0; k + parts.size() <= words.size();) {
    bool match = true;
    for (std::size_t m = 0; m < parts.size() && match; ++m) match = words[k + m] == parts[m];
    // "Urgent Care" is a kind of clinic, not noise.
    if (match && phrase == "urgent" && k + 1 < words.size() && words[k + 1] == "care") match = false;
    if (match)
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(k),
                  words.begin() + static_cast<std::ptrdiff_t>(k + parts.size()));
    else
      ++k;
  }
}

constexpr std::array<std::string_view, 26> legal_suffixes{{
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag", "plc",
    "lp", "llp", "sa", "bv", "pllc", "pc", "nv", "ab", "oy", "srl", "spa", "pte", "pty", "kg"}};

}  // namespace

std::string clean_text(std::string_view text) { return whitespace_pass(decode_pass(text)); }

std::string clean_line(std::string_view text) {
  std::string cleaned = clean_text(text);
  std::string out;
  out.reserve(cleaned.size());
  for (const char c : cleaned) {
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (c == ' ' && !out.empty() && out.back() == ' ') {
      // already one space
    } else {
      out += c;
    }
  }
  return out;
}

std::string normalize_for_key(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || is_alnum(c)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += ascii_lower(c);
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string normalize_company(std::string_view name) {
  auto words = split_words(normalize_for_key(name));
  std::size_t end = words.size();
  while (end > 1 && contains_word(legal_suffixes, words[end - 1])) {
    --end;
    // "Winterfell and Company" / "Example & Co" leave a dangling "and".
    if (end > 1 && words[end - 1] == "and") --end;
  }
  return join_words(words, 0, end);
}

std::string normalize_title(std::string_view title) {
  auto words = split_words(normalize_for_key(drop_bracketed_noise(title)));
  const std::size_t original_size = words.size();
  const std::string fallback = join_words(words, 0, words.size());

  if (words.size() > 2 && words[0] == "job" && words[1] == "title") words.erase(words.begin(), words.begin() + 2);
  for (const auto phrase : title_noise_phrases) erase_phrase(words, phrase);
  // Trailing work-mode tail: the longest suffix made only of work-mode words that holds a trigger word.
  std::size_t tail = words.size();
  while (tail > 0 && contains_word(work_mode_words, words[tail - 1])) --tail;
  if (tail > 0 && tail < words.size()) {
    const std::vector<std::string> suffix(words.begin() + static_cast<std::ptrdiff_t>(tail), words.end());
    if (is_work_mode_tag(suffix)) words.resize(tail);
  }
  if (words.empty() && original_size > 0) return fallback;
  return join_words(words, 0, words.size());
}

}  // namespace jobpilot::core
