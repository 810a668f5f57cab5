// Tests for location standardisation: real JSearch city/state/country combos of both generations, free text, bad input.
#include "core/jsearch_model.hpp"
#include "core/location.hpp"

#include "tests/support/real_corpus.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace jobpilot::core;

namespace {

struct location_row {
  // input
  std::string city, state, country, text;
  std::optional<bool> is_remote;
  // expected
  std::string e_city, e_state, e_country;
  bool e_remote;
  std::string e_display;
};

}  // namespace

TEST_CASE("core: normalize_location table", "[core][location]") {
  const auto none = std::optional<bool>{};
  const std::vector<location_row> rows = {
      // legacy generation: codes
      {"Austin", "TX", "US", "", false, "Austin", "TX", "US", false, "Austin, TX, US"},
      {"Houston", "TX", "US", "", true, "Houston", "TX", "US", true, "Houston, TX, US (Remote)"},
      {"Stockholm", "", "SE", "", false, "Stockholm", "", "SE", false, "Stockholm, SE"},
      {"", "", "US", "", true, "", "", "US", true, "Remote, US"},
      {"", "", "US", "", false, "", "", "US", false, "US"},
      {"", "TX", "US", "", false, "", "TX", "US", false, "TX, US"},
      {"Texas City", "TX", "US", "", false, "Texas City", "TX", "US", false, "Texas City, TX, US"},
      {"Poland", "ME", "US", "", true, "Poland", "ME", "US", true, "Poland, ME, US (Remote)"},
      {"Remote", "OR", "US", "", false, "", "OR", "US", true, "Remote, OR, US"},
      {"", "", "GR", "", true, "", "", "GR", true, "Remote, GR"},
      {"", "", "Indonesia", "", true, "", "", "ID", true, "Remote, ID"},
      {"St. Petersburg", "FL", "US", "", false, "St. Petersburg", "FL", "US", false, "St. Petersburg, FL, US"},
      {"King of Prussia", "PA", "US", "", true, "King of Prussia", "PA", "US", true,
       "King of Prussia, PA, US (Remote)"},
      {"McLean", "VA", "US", "", false, "McLean", "VA", "US", false, "McLean, VA, US"},
      // current generation: state names and job_location text
      {"Washington", "District of Columbia", "US", "Washington, DC", false, "Washington", "DC", "US", false,
       "Washington, DC, US"},
      {"Berlin", "", "DE", "Berlin, Germany", false, "Berlin", "", "DE", false, "Berlin, DE"},
      {"Arlington", "Virginia", "US", "Arlington, VA", false, "Arlington", "VA", "US", false, "Arlington, VA, US"},
      {"New York", "New York", "US", "New York, NY", false, "New York", "NY", "US", false, "New York, NY, US"},
      {"Baltimore", "Maryland", "US", "Baltimore, MD", true, "Baltimore", "MD", "US", true,
       "Baltimore, MD, US (Remote)"},
      {"Washington", "District of Columbia", "US", "Chevy Chase", false, "Washington", "DC", "US", false,
       "Washington, DC, US"},
      {"Tysons", "Virginia", "US", "Tysons, VA", none, "Tysons", "VA", "US", false, "Tysons, VA, US"},
      // free text only
      {"", "", "", "Austin, TX", none, "Austin", "TX", "US", false, "Austin, TX, US"},
      {"", "", "", "Washington, DC", none, "Washington", "DC", "US", false, "Washington, DC, US"},
      {"", "", "", "Berlin, Germany", none, "Berlin", "", "DE", false, "Berlin, DE"},
      {"", "", "", "Remote", none, "", "", "", true, "Remote"},
      {"", "", "", "Anywhere", none, "", "", "", true, "Remote"},
      {"", "", "", "United States", none, "", "", "US", false, "US"},
      {"", "", "", "New York, NY 10001", none, "New York", "NY", "US", false, "New York, NY, US"},
      {"", "", "", "Seattle, WA 98101-1234, USA", none, "Seattle", "WA", "US", false, "Seattle, WA, US"},
      {"", "", "", "Austin, Texas, United States", none, "Austin", "TX", "US", false, "Austin, TX, US"},
      {"", "", "", "Remote (US)", none, "", "", "US", true, "Remote, US"},
      {"", "", "", "Remote - United Kingdom", none, "", "", "GB", true, "Remote, GB"},
      {"", "", "", "London, UK", none, "London", "", "GB", false, "London, GB"},
      {"", "", "", "Toronto, ON, Canada", none, "Toronto", "ON", "CA", false, "Toronto, ON, CA"},
      {"", "", "", "Vancouver, British Columbia", none, "Vancouver", "BC", "CA", false, "Vancouver, BC, CA"},
      {"", "", "", "Munich, Bavaria, Germany", none, "Munich", "Bavaria", "DE", false, "Munich, Bavaria, DE"},
      {"", "", "", "Houston, TX (Hybrid)", none, "Houston", "TX", "US", false, "Houston, TX, US"},
      {"", "", "", "Dallas, TX (Remote)", none, "Dallas", "TX", "US", true, "Dallas, TX, US (Remote)"},
      {"", "", "", "Texas", none, "", "TX", "US", false, "TX, US"},
      {"", "", "", "Georgia", none, "", "GA", "US", false, "GA, US"},
      {"", "", "", "Work from home", none, "", "", "", true, "Remote"},
      {"", "", "", "Chevy Chase", none, "Chevy Chase", "", "", false, "Chevy Chase"},
      // state and country spellings
      {"austin", "texas", "usa", "", none, "Austin", "TX", "US", false, "Austin, TX, US"},
      {"SAN FRANCISCO", "ca", "United States of America", "", none, "San Francisco", "CA", "US", false,
       "San Francisco, CA, US"},
      {"Dallas", "tx", "", "", none, "Dallas", "TX", "US", false, "Dallas, TX, US"},
      {"Atlanta", "Georgia", "", "", none, "Atlanta", "GA", "US", false, "Atlanta, GA, US"},
      {"Tbilisi", "", "Georgia", "", none, "Tbilisi", "", "GE", false, "Tbilisi, GE"},
      {"Berlin", "Berlin", "Germany", "", none, "Berlin", "Berlin", "DE", false, "Berlin, Berlin, DE"},
      {"Manchester", "", "United Kingdom", "", none, "Manchester", "", "GB", false, "Manchester, GB"},
      {"Montreal", "Quebec", "", "", none, "Montreal", "QC", "CA", false, "Montreal, QC, CA"},
      {"  New   York ", " NY ", " us ", "", none, "New York", "NY", "US", false, "New York, NY, US"},
      {"o'fallon", "mo", "US", "", none, "O'Fallon", "MO", "US", false, "O'Fallon, MO, US"},
      {"Austin, TX", "", "", "", none, "Austin", "TX", "US", false, "Austin, TX, US"},
      {"United States", "", "", "", none, "", "", "US", false, "US"},
      // structured country wins over text that names another one
      {"", "", "US", "Berlin, Germany", none, "", "", "US", false, "US"},
      // bad or empty input
      {"", "", "", "", none, "", "", "", false, ""},
      {"", "", "Atlantis", "", none, "", "", "", false, ""},
      {"", "", "", ",,, ,", none, "", "", "", false, ""},
      {"", "", "", "10001", none, "", "", "", false, ""},
      {"Paris", "", "ZZ", "", none, "Paris", "", "", false, "Paris"},
      {"", "", "Remote", "", none, "", "", "", true, "Remote"},
  };
  REQUIRE(rows.size() >= 40);
  for (const auto& r : rows) {
    INFO("city=" << r.city << " state=" << r.state << " country=" << r.country << " text=" << r.text);
    const auto got = normalize_location(r.city, r.state, r.country, r.text, r.is_remote);
    CHECK(got.city == r.e_city);
    CHECK(got.state == r.e_state);
    CHECK(got.country == r.e_country);
    CHECK(got.remote == r.e_remote);
    CHECK(got.display == r.e_display);
  }
}

TEST_CASE("core: location_key groups the same place and all remote jobs of a country", "[core][location]") {
  const auto none = std::optional<bool>{};
  const auto legacy = normalize_location("Washington", "DC", "US", "", false);
  const auto current = normalize_location("Washington", "District of Columbia", "US", "Washington, DC", false);
  CHECK(location_key(legacy) == "washington|dc|us");
  CHECK(location_key(legacy) == location_key(current));
  CHECK(location_key(normalize_location("Dallas", "TX", "US", "", true)) == "remote|us");
  CHECK(location_key(normalize_location("", "", "US", "", true)) == "remote|us");
  CHECK(location_key(normalize_location("", "", "", "Remote", none)) == "remote|");
  CHECK(location_key(normalize_location("Austin", "TX", "US", "", false)) !=
        location_key(normalize_location("Dallas", "TX", "US", "", false)));
  CHECK(location_key(normalize_location("", "", "", "", none)) == "||");
}

TEST_CASE("core: us_state_code and country_code lookups", "[core][location]") {
  struct row {
    std::string in;
    std::optional<std::string> state, country;
  };
  const auto no = std::optional<std::string>{};
  const std::vector<row> rows = {
      {"Texas", "TX", no},
      {"tx", "TX", no},
      {"TX", "TX", no},
      {"District of Columbia", "DC", no},
      {"Washington D.C.", "DC", no},
      {"new  hampshire", "NH", no},
      {"Puerto Rico", "PR", "PR"},
      {"Georgia", "GA", "GE"},
      {"CA", "CA", "CA"},
      {"DE", "DE", "DE"},
      {"United States", no, "US"},
      {"USA", no, "US"},
      {"U.S.A.", no, "US"},
      {"us", no, "US"},
      {"Germany", no, "DE"},
      {"Deutschland", no, "DE"},
      {"Indonesia", no, "ID"},
      {"UK", no, "GB"},
      {"United Kingdom", no, "GB"},
      {"England", no, "GB"},
      {"The Netherlands", no, "NL"},
      {"Bosnia & Herzegovina", no, "BA"},
      {"Bosnia and Herzegovina", no, "BA"},
      {"South Korea", no, "KR"},
      {"Côte d'Ivoire", no, "CI"},
      {"Czech Republic", no, "CZ"},
      {"UAE", no, "AE"},
      {"Sweden", no, "SE"},
      {"se", no, "SE"},
      {"GBR", no, "GB"},
      {"", no, no},
      {"Texass", no, no},
      {"XX", no, no},
      {"Remote", no, no},
      {"Earth", no, no},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(us_state_code(r.in) == r.state);
    CHECK(country_code(r.in) == r.country);
  }
  CHECK(us_state_name("tx") == std::optional<std::string>("Texas"));
  CHECK(us_state_name("ZZ") == std::nullopt);
  CHECK(country_name("de") == std::optional<std::string>("Germany"));
  CHECK(country_name("GB") == std::optional<std::string>("United Kingdom"));
  CHECK(country_name("Germany") == std::nullopt);
}

namespace {


bool is_alpha2(const std::string& s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

}  // namespace

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core: every real JSearch location normalises", "[core][location][real]") {
  jobpilot::test::require_real_corpus();
  const std::vector<job_posting> jobs = jobpilot::test::real_job_postings();
  REQUIRE(jobs.size() >= 400);
  std::size_t with_country = 0, us_with_state = 0;
  for (const auto& j : jobs) {
    INFO(j.job_id);
    const auto loc = normalize_location(j.city.value_or(""), j.state.value_or(""), j.country.value_or(""),
                                        j.location.value_or(""), j.is_remote);
    if (j.country) {
      ++with_country;
      CHECK(is_alpha2(loc.country));  // "US", "DE", "SE", and "Indonesia" -> "ID"
    }
    if (loc.country == "US" && j.state) {
      ++us_with_state;
      CHECK(us_state_name(loc.state).has_value());  // "TX" and "Texas", "District of Columbia" -> "DC"
    }
    if (j.is_remote.value_or(false)) CHECK(loc.remote);
    CHECK_FALSE((loc.display.empty() && !loc.country.empty()));
  }
  CHECK(with_country >= 390);
  CHECK(us_with_state >= 250);
}
