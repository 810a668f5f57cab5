#include "core/employment_type.hpp"

#include "core/ascii.hpp"

#include <array>

namespace jobpilot::core {

namespace {

constexpr std::array<std::string_view, 6> canonical_order = {employment_full_time,  employment_part_time,
                                                             employment_contract,   employment_internship,
                                                             employment_temporary,  employment_per_diem};

using found_set = std::array<bool, canonical_order.size()>;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Lower-case words; "-", "_", "/", "," and spaces all separate ("Full-time", "FULL_TIME", "full time").
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    c = ascii_lower(c);
    if (is_alnum(c)) {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

void scan(std::string_view text, found_set& found) {
  const auto w = words_of(text);
  auto at = [&](std::size_t i) -> std::string_view { return i < w.size() ? std::string_view(w[i]) : ""; };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::string_view x = w[i];
    if (x == "fulltime" || (x == "full" && at(i + 1) == "time")) {
      found[0] = true;
    } else if (x == "full" && (at(i + 1) == "and" || at(i + 1) == "or") && at(i + 2) == "part") {
      found[0] = true;  // "Full or part time"
    } else if (x == "parttime" || (x == "part" && at(i + 1) == "time")) {
      found[1] = true;
    } else if (x == "contract" || x == "contracts" || x == "contractor" || x == "contractors" ||
               x == "contracting" || x == "freelance" || x == "freelancer" || x == "c2c" || x == "c2h") {
      found[2] = true;
    } else if (x == "intern" || x == "interns" || x == "internship" || x == "internships") {
      found[3] = true;
    } else if (x == "temporary" || x == "temp" || x == "seasonal") {
      found[4] = true;
    } else if (x == "perdiem" || (x == "per" && at(i + 1) == "diem")) {
      found[5] = true;
    }
  }
}

}  // namespace

std::vector<std::string> normalize_employment_types(std::string_view type_text,
                                                    const std::vector<std::string>& types_array) {
  found_set found{};
  scan(type_text, found);
  for (const auto& t : types_array) scan(t, found);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < canonical_order.size(); ++i)
    if (found[i]) out.emplace_back(canonical_order[i]);
  return out;
}

std::string primary_employment_type(const std::vector<std::string>& types) {
  return types.empty() ? std::string() : types.front();
}

}  // namespace jobpilot::core
