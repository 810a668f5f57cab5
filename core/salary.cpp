#include "core/salary.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

namespace jobpilot::core {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

bool has_at(std::string_view s, std::size_t pos, std::string_view what) {
  if (!what.empty() && (pos >= s.size() || s[pos] != what[0])) return false;  // most tries fail on the first byte
  return pos <= s.size() && s.size() - pos >= what.size() && s.compare(pos, what.size(), what) == 0;
}

bool has_at_ci(std::string_view s, std::size_t pos, std::string_view what) {
  return pos <= s.size() && s.size() - pos >= what.size() && iequals(s.substr(pos, what.size()), what);
}

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Horizontal spacing only (a salary statement does not span lines): ASCII blanks, NBSP, narrow NBSP.
std::size_t skip_blanks(std::string_view s, std::size_t pos) {
  while (pos < s.size()) {
    if (s[pos] == ' ' || s[pos] == '\t') {
      ++pos;
    } else if (has_at(s, pos, "\xC2\xA0")) {
      pos += 2;
    } else if (has_at(s, pos, "\xE2\x80\xAF")) {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

std::size_t word_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_alpha(s[pos])) ++pos;
  return pos;
}

// ---- currency -------------------------------------------------------------------------------------------------

struct currency_match {
  std::string code;  // may be empty for a marker of unknown currency ("kr")
  std::size_t end;
};

constexpr std::string_view known_codes[] = {"USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF", "SEK",
                                            "NOK", "DKK", "PLN", "NZD", "SGD", "JPY", "MXN", "BRL"};

std::optional<std::string> code_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || s[pos] < 'A' || s[pos] > 'Z') return std::nullopt;  // tried at every byte of a text
  if (pos > 0 && is_alnum(s[pos - 1])) return std::nullopt;
  if (pos + 3 > s.size() || (pos + 3 < s.size() && is_alpha(s[pos + 3]))) return std::nullopt;
  for (auto c : known_codes)
    if (has_at(s, pos, c)) return std::string(c);  // codes are upper case in practice; "usd" is too often a word
  return std::nullopt;
}

// A currency symbol (possibly a country-qualified dollar) at pos.
std::optional<currency_match> symbol_at(std::string_view s, std::size_t pos) {
  struct sym {
    std::string_view text, code;
  };
  static constexpr sym symbols[] = {{"US$", "USD"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"C$", "CAD"}, {"A$", "AUD"},
                                    {"$", "USD"},   {"\xE2\x82\xAC", "EUR"}, {"\xC2\xA3", "GBP"},
                                    {"\xE2\x82\xB9", "INR"}, {"z\xC5\x82", "PLN"}};
  if (pos >= s.size()) return std::nullopt;
  switch (s[pos]) {  // tried at every byte of a text: only these bytes start a symbol
    case 'U': case 'C': case 'A': case '$': case 'z': case '\xE2': case '\xC2': break;
    default: return std::nullopt;
  }
  for (const auto& y : symbols) {
    if (!has_at(s, pos, y.text)) continue;
    if (is_alpha(y.text[0]) && pos > 0 && is_alnum(s[pos - 1])) continue;
    return currency_match{std::string(y.code), pos + y.text.size()};
  }
  return std::nullopt;
}

// "USD 100,000", "USD $99,812", "$ 64,000", "€60.000": the currency before a number.
std::optional<currency_match> currency_prefix(std::string_view s, std::size_t pos) {
  if (auto code = code_at(s, pos)) {
    std::size_t p = skip_blanks(s, pos + 3);
    if (auto y = symbol_at(s, p)) p = y->end;  // the code wins over "$"
    return currency_match{*code, p};
  }
  return symbol_at(s, pos);
}

// "148,000 USD", "60.000 €", "30,000.00kr": the currency after a number.
std::optional<currency_match> currency_suffix(std::string_view s, std::size_t pos) {
  std::size_t p = skip_blanks(s, pos);
  if (auto code = code_at(s, p)) return currency_match{*code, p + 3};
  if (has_at_ci(s, p, "kr") && (p + 2 == s.size() || !is_alpha(s[p + 2]))) return currency_match{"", p + 2};
  if (has_at(s, p, "\xE2\x82\xAC")) return currency_match{"EUR", p + 3};
  if (has_at(s, p, "\xC2\xA3")) return currency_match{"GBP", p + 2};
  if (has_at(s, p, "z\xC5\x82")) return currency_match{"PLN", p + 3};
  return std::nullopt;
}

// ---- numbers --------------------------------------------------------------------------------------------------

struct amount {
  double value = 0;
  std::string currency;
  bool has_currency = false;
  bool bare_dollar = false;   // only "$": the country is not said, a code elsewhere in the statement wins
  bool money_format = false;  // grouped thousands, cents or a "k": looks like money even without a currency
  bool thousands = false;     // "k" suffix
  bool plus = false;          // "$120,000+"
  std::size_t end = 0;
};

enum class number_status { none, ok, rejected };

// One space, NBSP or narrow NBSP at pos: its width in bytes, else 0.
std::size_t space_width(std::string_view s, std::size_t pos) {
  if (pos < s.size() && s[pos] == ' ') return 1;
  if (has_at(s, pos, "\xC2\xA0")) return 2;
  if (has_at(s, pos, "\xE2\x80\xAF")) return 3;
  return 0;
}

// Three digits that end the number or are followed by cents: "45 000 €", "45 000,50 €"; not "3 104,550".
bool three_digits_then_end(std::string_view s, std::size_t pos) {
  auto digits_at = [&](std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (!is_digit(s[i])) return false;
    return from + n == s.size() || !is_digit(s[from + n]);
  };
  if (!digits_at(pos, 3)) return false;
  const std::size_t e = pos + 3;
  if (e + 1 < s.size() && (s[e] == ',' || s[e] == '.') && is_digit(s[e + 1])) return digits_at(e + 1, 2);
  return true;
}

// Digits with ',' '.' separators. US "1,234.56", European "1.234,56" and "60.000", "45.50", "1.2".
number_status read_number(std::string_view s, std::size_t pos, amount& a) {
  std::size_t p = pos;
  std::string digits_only;
  std::vector<std::pair<char, std::size_t>> seps;  // separator and count of digits before it
  bool space_grouped = false;                       // "45 000 €"
  while (p < s.size()) {
    if (is_digit(s[p])) {
      digits_only += s[p];
      ++p;
    } else if ((s[p] == ',' || s[p] == '.') && p + 1 < s.size() && is_digit(s[p + 1]) && !digits_only.empty()) {
      seps.emplace_back(s[p], digits_only.size());
      ++p;
    } else if (std::size_t w = space_width(s, p); w > 0 && seps.empty() &&
               (space_grouped || digits_only.size() <= 3) &&
               three_digits_then_end(s, p + w)) {
      space_grouped = true;  // a space is a group separator only before exactly three digits
      p += w;
    } else {
      break;
    }
  }
  if (digits_only.empty()) return number_status::none;
  a.end = p;
  if (space_grouped && space_width(s, p) > 0 && p + space_width(s, p) < s.size() && is_digit(s[p + space_width(s, p)]))
    return number_status::rejected;  // "555 123 4567" is a phone number
  if (digits_only.size() > 15) return number_status::rejected;

  std::size_t decimal_at = digits_only.size();  // digits before the decimal separator
  bool grouped = false;
  if (!seps.empty()) {
    const char last = seps.back().first;
    const bool mixed = std::any_of(seps.begin(), seps.end(), [&](auto& x) { return x.first != last; });
    const std::size_t after_last = digits_only.size() - seps.back().second;
    if (mixed) {
      decimal_at = seps.back().second;  // the last separator of two kinds is the decimal one
      grouped = true;
    } else if (seps.size() > 1) {
      if (after_last != 3) return number_status::rejected;  // "1.2.3" is a version, not money
      grouped = true;
    } else if (after_last == 3 && (last == ',' || seps.back().second <= 3)) {
      grouped = true;  // "90,000", "€60.000"
    } else {
      decimal_at = seps.back().second;
    }
    if (decimal_at < digits_only.size() && digits_only.size() - decimal_at == 2) a.money_format = true;
  }
  if (grouped || space_grouped) a.money_format = true;

  double v = 0;
  for (std::size_t i = 0; i < decimal_at; ++i) v = v * 10 + (digits_only[i] - '0');
  double scale = 0.1;
  for (std::size_t i = decimal_at; i < digits_only.size(); ++i, scale /= 10) v += (digits_only[i] - '0') * scale;
  a.value = v;

  // Suffixes: "k" thousands; M/B/million are funding rounds and revenues, never salaries; "%" is a share.
  p = a.end;
  if (p < s.size() && (s[p] == 'k' || s[p] == 'K') && (p + 1 == s.size() || !is_alpha(s[p + 1]))) {
    if (a.value < 1000) a.value *= 1000;  // "$102,750k" means 102,750: the k is redundant
    a.thousands = a.money_format = true;
    a.end = ++p;
  } else if (p < s.size() && (s[p] == 'm' || s[p] == 'M' || s[p] == 'b' || s[p] == 'B')) {
    std::size_t e = word_end(s, p);
    std::string w = to_lower(s.substr(p, e - p));
    if (one_of(w, {"m", "mm", "b", "bn", "mil", "million", "billion"})) return number_status::rejected;
  }
  std::size_t q = skip_blanks(s, p);
  if (q < s.size() && s[q] == '%') return number_status::rejected;
  {
    std::string w = to_lower(s.substr(q, word_end(s, q) - q));
    if (one_of(w, {"million", "billion", "trillion", "mil", "bn", "percent"})) return number_status::rejected;
    if (w == "thousand" && a.value < 1000) {
      a.value *= 1000;
      a.thousands = a.money_format = true;
      a.end = word_end(s, q);
    }
  }
  if (a.end < s.size() && s[a.end] == '+') {
    a.plus = true;
    ++a.end;
  }
  return number_status::ok;
}

// A currency-prefixed or bare number starting at pos.
number_status read_amount(std::string_view s, std::size_t pos, amount& a) {
  a = amount{};
  std::size_t p = pos;
  if (auto c = currency_prefix(s, pos)) {
    a.currency = c->code;
    a.has_currency = true;
    a.bare_dollar = c->end == pos + 1 && s[pos] == '$';
    p = c->end;
    if (p < s.size() && s[p] == ' ') ++p;  // "$ 64,000.00"
    if (p >= s.size() || !is_digit(s[p])) return number_status::none;
  } else {
    if (p >= s.size() || !is_digit(s[p])) return number_status::none;
    if (p > 0 && (is_alnum(s[p - 1]) || s[p - 1] == '.' || s[p - 1] == ',' || s[p - 1] == '#')) {
      return number_status::none;
    }
  }
  auto st = read_number(s, p, a);
  if (st != number_status::ok) return st;
  if (a.value <= 0) return number_status::rejected;  // "$0 copay"
  if (auto c = currency_suffix(s, a.end)) {
    if (!a.has_currency || a.bare_dollar) a.currency = c->code;  // "$131,500 CAD"
    a.has_currency = true;
    a.bare_dollar = false;
    a.end = c->end;
  }
  return number_status::ok;
}

// ---- periods --------------------------------------------------------------------------------------------------

struct period_match {
  pay_period period;
  std::size_t end;
  bool strong;  // "/hr", "per year", "an hour", "annually": enough evidence for a bare number
};

std::optional<pay_period> unit_word(std::string_view w) {
  std::string l = to_lower(w);
  if (one_of(l, {"h", "hr", "hrs", "hour"})) return pay_period::hour;
  if (one_of(l, {"d", "day"})) return pay_period::day;
  if (one_of(l, {"w", "wk", "week"})) return pay_period::week;
  if (one_of(l, {"mo", "mth", "month"})) return pay_period::month;
  if (one_of(l, {"y", "yr", "year", "annum"})) return pay_period::year;
  return std::nullopt;
}

std::optional<pay_period> adverb_word(std::string_view w) {
  std::string l = to_lower(w);
  if (l == "hourly") return pay_period::hour;
  if (l == "daily") return pay_period::day;
  if (l == "weekly") return pay_period::week;
  if (l == "monthly") return pay_period::month;
  if (one_of(l, {"annually", "annual", "yearly", "pa"})) return pay_period::year;
  return std::nullopt;
}

// After an amount: "/hr", "/ year", "per hour", "a year", "an hour", "p/h", "p.a.", "annually", " year.".
std::optional<period_match> period_after(std::string_view s, std::size_t pos) {
  std::size_t p = skip_blanks(s, pos);
  auto unit_from = [&](std::size_t from) -> std::optional<period_match> {
    std::size_t b = skip_blanks(s, from);
    std::size_t e = word_end(s, b);
    if (auto u = unit_word(s.substr(b, e - b))) {
      if (e < s.size() && s[e] == '.' && e - b <= 2) ++e;  // "/Yr."
      return period_match{*u, e, true};
    }
    return std::nullopt;
  };
  if (p < s.size() && s[p] == '/') return unit_from(p + 1);
  if (has_at_ci(s, p, "p/") || has_at_ci(s, p, "p.")) {
    std::size_t b = p + 2;
    std::size_t e = word_end(s, b);
    std::string u = to_lower(s.substr(b, e - b));
    if (e < s.size() && s[e] == '.') ++e;
    if (u == "a") return period_match{pay_period::year, e, true};
    if (u == "h" || u == "hr") return period_match{pay_period::hour, e, true};
    return std::nullopt;
  }
  std::size_t e = word_end(s, p);
  std::string w = to_lower(s.substr(p, e - p));
  if (w.empty()) return std::nullopt;
  if (w == "per") return unit_from(e);
  if (w == "a" || w == "an") {  // "a year", "an hour": full words only ("a d" is not a phrase)
    std::size_t b = skip_blanks(s, e);
    std::size_t e2 = word_end(s, b);
    std::string u = to_lower(s.substr(b, e2 - b));
    if (one_of(u, {"year", "hour", "month", "week", "day"})) return period_match{*unit_word(u), e2, true};
    return std::nullopt;
  }
  if (auto a = adverb_word(w)) return period_match{*a, e, true};
  if (one_of(w, {"year", "yr", "hour", "hr", "month", "week", "day"})) return period_match{*unit_word(w), e, false};
  return std::nullopt;
}

// ---- context --------------------------------------------------------------------------------------------------

// Words of the clause before pos: back to a sentence end or a bullet, across at most one line break.
std::vector<std::string> words_before(std::string_view s, std::size_t pos, std::size_t max_chars) {
  std::size_t start = pos > max_chars ? pos - max_chars : 0;
  bool crossed_line = false, text_since_newline = false;
  for (std::size_t i = pos; i > start; --i) {
    char c = s[i - 1];
    bool stop = false;
    if (c == '\n') {
      if (crossed_line && text_since_newline) stop = true;
      crossed_line = true;
      text_since_newline = false;
    } else if (!is_space(c)) {
      text_since_newline = true;
    }
    if ((c == '.' || c == '!' || c == '?') && i < s.size() && (s[i] == ' ' || s[i] == '\n')) stop = true;
    if (c == ';' || c == '|') stop = true;
    if (i >= 3 && has_at(s, i - 3, "\xE2\x80\xA2")) stop = true;  // "•"
    if (stop) {
      start = i;
      break;
    }
  }
  std::vector<std::string> out;  // lower case
  std::size_t i = start;
  while (i < pos) {
    if (is_alpha(s[i]) && (i == 0 || !is_alnum(s[i - 1]))) {
      std::size_t e = std::min(word_end(s, i), pos);
      out.push_back(to_lower(s.substr(i, e - i)));
      i = e;
    } else {
      ++i;
    }
  }
  return out;
}

// The next few words after pos, up to punctuation that ends the phrase ("+ bonus", ", plus bonus").
std::vector<std::string> words_after(std::string_view s, std::size_t pos, std::size_t count) {
  std::vector<std::string> out;
  std::size_t p = pos;
  while (out.size() < count && p < s.size()) {
    char c = s[p];
    if (c == ' ' || c == '\t' || c == '-' || c == '\'') {
      ++p;
    } else if (is_alpha(c)) {
      std::size_t e = word_end(s, p);
      std::string w = to_lower(s.substr(p, e - p));
      if (one_of(w, {"plus", "and", "or", "with"})) break;
      out.push_back(std::move(w));
      p = e;
    } else if (static_cast<unsigned char>(c) >= 0x80 && has_at(s, p, "\xC2\xA0")) {
      p += 2;
    } else {
      break;
    }
  }
  return out;
}

bool is_salary_word(std::string_view w) {
  return one_of(w, {"salary", "salaries", "pay", "compensation", "wage", "wages", "rate", "rates", "earn",
                    "earns", "earning", "ote", "remuneration", "range"});
}

// Money that is not a wage: funding, revenue, benefits, allowances, bonuses.
bool is_block_word(std::string_view w) {
  return one_of(w, {"raised", "raising", "raise", "funding", "funded", "valuation", "revenue", "revenues",
                    "budget", "allowance", "allowances", "stipend", "reimbursement", "reimbursed", "bonus",
                    "bonuses", "referral", "copay", "deductible", "match", "grant", "grants", "investment",
                    "invested", "market", "capital", "fee", "fees", "prize", "reward", "rewards", "credit",
                    "credits", "discount", "deposit", "loan", "savings", "assets", "donation", "gift", "fund",
                    "turnover"});
}

// ---- statements -----------------------------------------------------------------------------------------------

struct statement {
  amount lo, hi;
  bool range = false;
  std::optional<period_match> period;
  std::size_t end = 0;
};

// "-", "–", "—", "−", "--", "~", "to", or "and" after "between"; returns where the second amount starts.
std::optional<std::size_t> connector_after(std::string_view s, std::size_t pos, bool between) {
  std::size_t p = skip_blanks(s, pos);
  std::size_t q = p;
  if (has_at(s, p, "--")) q = p + 2;
  else if (p < s.size() && (s[p] == '-' || s[p] == '~')) q = p + 1;
  else if (has_at(s, p, "\xE2\x80\x93") || has_at(s, p, "\xE2\x80\x94") || has_at(s, p, "\xE2\x88\x92")) q = p + 3;
  else {
    std::size_t e = word_end(s, p);
    std::string w = to_lower(s.substr(p, e - p));
    if (w == "to" || (w == "and" && between)) q = e;
  }
  if (q == p) return std::nullopt;
  q = skip_blanks(s, q);
  // "MIN:$55.29 to MAX:$89.02"
  if (has_at_ci(s, q, "max")) {
    std::size_t e = word_end(s, q);
    if (one_of(to_lower(s.substr(q, e - q)), {"max", "maximum"})) {
      q = e;
      if (q < s.size() && s[q] == ':') ++q;
      q = skip_blanks(s, q);
    }
  }
  return q;
}

// "[minimum salary in our lowest market]" or "(base)" between the two ends of a range.
std::size_t skip_aside(std::string_view s, std::size_t pos) {
  std::size_t p = skip_blanks(s, pos);
  if (p >= s.size() || (s[p] != '[' && s[p] != '(')) return pos;
  const char close = s[p] == '[' ? ']' : ')';
  for (std::size_t i = p + 1; i < s.size() && i < p + 160; ++i) {
    if (s[i] == close) return i + 1;
    if (s[i] == '\n' || s[i] == '$') break;
  }
  return pos;
}

struct candidate {
  salary_info info;
  int rank = 3;  // 0 salary keyword, 1 explicit period or currency range, 2 lone amount
};

void swap_if_reversed(salary_info& s) {
  if (s.min && s.max && *s.min > *s.max) std::swap(s.min, s.max);
}

bool plausible(const salary_info& s) {
  auto ok = [](const std::optional<double>& v) {
    return !v || (*v >= min_plausible_annual && *v <= max_plausible_annual);
  };
  return (s.annual_min || s.annual_max) && ok(s.annual_min) && ok(s.annual_max);
}

// The statement starting at pos, or how far to skip when there is none.
std::optional<candidate> try_statement(std::string_view text, std::size_t pos, std::size_t& next) {
  statement st;
  auto r = read_amount(text, pos, st.lo);
  if (r == number_status::none) {
    next = pos + 1;
    return std::nullopt;
  }
  next = std::max(st.lo.end, pos + 1);
  if (r == number_status::rejected) return std::nullopt;

  auto before = words_before(text, pos, 100);
  auto last_words = [&](std::size_t n) {
    std::vector<std::string> w;
    for (std::size_t i = before.size() > n ? before.size() - n : 0; i < before.size(); ++i)
      w.push_back(before[i]);
    return w;
  };
  const auto near = last_words(3);
  const bool between = !near.empty() && std::find(near.begin(), near.end(), "between") != near.end();

  // Second end of a range.
  std::size_t p = st.lo.end;
  std::optional<period_match> first_period = period_after(text, p);
  if (first_period && first_period->strong) p = first_period->end;
  p = skip_aside(text, p);
  if (auto q = connector_after(text, p, between)) {
    amount hi;
    if (read_amount(text, *q, hi) == number_status::ok) {
      st.hi = hi;
      st.range = true;
      // "zł15,900 - zł18,800 - zł21,600 per month": low, middle and high points; the range ends at the last.
      amount third;
      if (auto q3 = connector_after(text, hi.end, false);
          q3 && read_amount(text, *q3, third) == number_status::ok && third.value >= hi.value)
        st.hi = third;
    }
  } else if (st.lo.money_format && !st.lo.thousands) {
    // "USD 140,800 216,200": two grouped numbers side by side.
    std::size_t q = skip_blanks(text, p);
    amount hi;
    if (q > p && q < text.size() && is_digit(text[q]) && read_amount(text, q, hi) == number_status::ok &&
        hi.money_format && hi.value >= st.lo.value) {
      st.hi = hi;
      st.range = true;
    }
  }
  if (st.range) {
    amount& lo = st.lo;
    amount& hi = st.hi;
    // "$100-130k", "$150-$180,000": the first end borrows the magnitude of the second.
    if (!lo.thousands && lo.value < 1000 && hi.value >= 1000 && lo.value * 1000 <= hi.value * 1.5) lo.value *= 1000;
    if (lo.thousands && !hi.thousands && hi.value < 1000 && hi.value * 1000 >= lo.value) hi.value *= 1000;
    const double a = std::min(lo.value, hi.value), b = std::max(lo.value, hi.value);
    if (b > a * 10) st.range = false;  // "$120,000 - 5 years": not one range
  }
  if (st.range) {
    if (st.hi.has_currency && (!st.lo.has_currency || (st.lo.bare_dollar && !st.hi.bare_dollar))) {
      st.lo.currency = st.hi.currency;  // "$80,000 - $95,000 CAD", "100k-130k USD"
      st.lo.has_currency = true;
    }
    st.end = st.hi.end;
    st.period = period_after(text, st.end);
    if (!st.period && first_period && first_period->strong) st.period = first_period;
  } else {
    st.end = st.lo.end;
    st.period = first_period;
  }
  if (st.period) st.end = std::max(st.end, st.period->end);
  if (auto c = currency_suffix(text, st.end)) {  // "125k - 150k USD annually"
    if (!st.lo.has_currency || st.lo.bare_dollar) st.lo.currency = c->code;
    st.lo.has_currency = true;
    st.end = c->end;
    if (!st.period) {
      st.period = period_after(text, st.end);
      if (st.period) st.end = st.period->end;
    }
  }
  next = std::max(next, st.end);

  // Context.
  const auto after = words_after(text, st.end, 3);
  // "budget of $100", "bonus up to $50"; but "funding and pay $130,000" is a wage.
  for (std::size_t i = before.size(), n = 0; i > 0 && n < 3; --i, ++n) {
    const auto& w = before[i - 1];
    if (is_block_word(w)) return std::nullopt;
    if (is_salary_word(w) || one_of(w, {"and", "or", "but", "plus"})) break;
  }
  for (const auto& w : after)
    if (is_block_word(w)) return std::nullopt;
  bool keyword = std::any_of(before.begin(), before.end(), [](auto& w) { return is_salary_word(w); });
  for (std::size_t i = 0; i < after.size() && i < 2; ++i) keyword = keyword || is_salary_word(after[i]);

  const bool has_currency = st.lo.has_currency || (st.range && st.hi.has_currency);
  const bool strong_period = st.period && st.period->strong;
  const auto near2 = last_words(2);
  auto near_is = [&](std::initializer_list<std::string_view> tail) {
    if (near2.size() < tail.size()) return false;
    std::size_t off = near2.size() - tail.size();
    std::size_t i = 0;
    for (auto t : tail)
      if (near2[off + i++] != t) return false;
    return true;
  };
  const bool up_to = near_is({"up", "to"}) || near_is({"upto"}) || near_is({"max"}) || near_is({"maximum"});
  const bool from = near_is({"from"}) || near_is({"starting", "at"}) || near_is({"starts", "at"}) ||
                    near_is({"start", "at"}) || near_is({"at", "least"}) || near_is({"minimum"}) ||
                    near_is({"min"}) || near_is({"beginning", "at"});

  if (!has_currency) {
    const bool money = st.lo.money_format || (st.range && st.hi.money_format);
    if (!money && !strong_period) return std::nullopt;
    bool qualified = false;
    if ((up_to || from) && money) {
      std::size_t q = skip_blanks(text, st.end);
      qualified = q >= text.size() || !is_alpha(text[q]) ||
                  one_of(to_lower(text.substr(q, word_end(text, q) - q)), {"based", "depending", "doe", "plus"});
    }
    if (!keyword && !strong_period && !qualified) return std::nullopt;
  }

  candidate c;
  salary_info& s = c.info;
  s.source = "description";
  s.currency = st.lo.has_currency ? st.lo.currency : (st.range ? st.hi.currency : std::string());
  if (st.range) {
    s.min = st.lo.value;
    s.max = st.hi.value;
    swap_if_reversed(s);
  } else if (up_to) {
    s.max = st.lo.value;
  } else if (from || st.lo.plus) {
    s.min = st.lo.value;
  } else {
    s.min = s.max = st.lo.value;
  }

  c.rank = keyword ? 0 : (st.period || (st.range && has_currency)) ? 1 : 2;
  if (st.period) {
    s.period = st.period->period;
  } else {
    // "The annual salary range is ...", "Hourly rate: $45": a period word earlier in the clause.
    for (auto it = before.rbegin(); it != before.rend() && !s.period; ++it)
      if (auto a = adverb_word(*it); a && *it != "pa") s.period = a;  // "PA" before an amount is a state
    if (!s.period) {
      s.period = infer_pay_period(s.max ? *s.max : *s.min);
      // A lone small amount with no context ("$100 to display your pride") is not an hour rate.
      if (s.period == pay_period::hour && c.rank == 2) return std::nullopt;
    }
  }
  annualize(s);
  if (!plausible(s)) return std::nullopt;
  return c;
}

std::string currency_code(std::string_view text) {
  auto t = trim(text);
  if (t == "$") return "USD";
  if (t == "\xE2\x82\xAC") return "EUR";
  if (t == "\xC2\xA3") return "GBP";
  if (t == "\xE2\x82\xB9") return "INR";
  if (t.size() != 3 || !std::all_of(t.begin(), t.end(), is_alpha)) return "";
  std::string out(t);
  for (auto& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

}  // namespace

const char* to_string(pay_period p) noexcept {
  switch (p) {
    case pay_period::hour: return "hour";
    case pay_period::day: return "day";
    case pay_period::week: return "week";
    case pay_period::month: return "month";
    case pay_period::year: return "year";
  }
  return "year";
}

std::optional<pay_period> parse_pay_period(std::string_view text) {
  std::string t = to_lower(trim(text));
  std::string_view v = t;
  auto drop = [&](std::string_view prefix) {
    if (starts_with(v, prefix)) {
      v.remove_prefix(prefix.size());
      v = trim(v);
      return true;
    }
    return false;
  };
  if (v == "p.a." || v == "p.a" || v == "p/a" || v == "pa") return pay_period::year;
  if (v == "p/h" || v == "p/hr" || v == "p.h.") return pay_period::hour;
  drop("/") || drop("per ") || drop("an ") || drop("a ");
  if (v.size() > 1 && v.back() == '.') v.remove_suffix(1);  // "yr."
  if (auto u = unit_word(v)) return u;
  if (auto a = adverb_word(v)) return a;
  if (one_of(v, {"hours", "days", "weeks", "months", "years", "yrs", "hrs", "wks", "mos"})) {
    return unit_word(v.substr(0, v.size() - 1));
  }
  return std::nullopt;
}

double annual_factor(pay_period p) noexcept {
  switch (p) {
    case pay_period::hour: return 2080;
    case pay_period::day: return 260;
    case pay_period::week: return 52;
    case pay_period::month: return 12;
    case pay_period::year: return 1;
  }
  return 1;
}

std::optional<pay_period> infer_pay_period(double amount) noexcept {
  if (!(amount > 0)) return std::nullopt;
  if (amount < 350) return pay_period::hour;
  if (amount >= 10'000) return pay_period::year;
  return std::nullopt;
}

void annualize(salary_info& s) {
  s.annual_min.reset();
  s.annual_max.reset();
  if (!s.period) return;
  const double f = annual_factor(*s.period);
  if (s.min) s.annual_min = *s.min * f;
  if (s.max) s.annual_max = *s.max * f;
}

std::optional<salary_info> salary_from_structured(std::optional<double> min, std::optional<double> max,
                                                  std::string_view currency, std::string_view period) {
  auto usable = [](std::optional<double> v) { return v && std::isfinite(*v) && *v > 0 ? v : std::nullopt; };
  salary_info s;
  s.min = usable(min);
  s.max = usable(max);
  if (!s.min && !s.max) return std::nullopt;
  swap_if_reversed(s);
  s.currency = currency_code(currency);
  s.period = parse_pay_period(period);
  if (!s.period) s.period = infer_pay_period(s.max ? *s.max : *s.min);
  s.source = "structured";
  annualize(s);
  if (!plausible(s)) return std::nullopt;
  return s;
}

std::optional<salary_info> parse_salary_text(std::string_view text) {
  std::optional<candidate> best;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = pos + 1;
    auto c = try_statement(text, pos, next);
    if (c && (!best || c->rank < best->rank)) {
      best = std::move(c);
      if (best->rank == 0) break;
    }
    pos = next;
  }
  if (!best) return std::nullopt;
  return best->info;
}

}  // namespace jobpilot::core
