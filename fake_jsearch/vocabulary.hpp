// Text tables the posting generator draws from: role families, employers, cities, boards, phrases.
#pragma once

#include <string_view>
#include <vector>

namespace jobpilot::fake_jsearch {

enum class sector { tech, finance, health, retail, logistics, industrial, consulting, telecom, bpo, staffing, health_staffing };

struct family_info {
  std::string_view id;                        ///< stable family id, e.g. "software_engineer"
  std::string_view label;                     ///< legacy job_job_title, e.g. "Software engineer"
  std::vector<std::string_view> titles;
  std::vector<std::string_view> keywords;     ///< lower-case words/phrases a query may use
  std::vector<std::string_view> skills;       ///< includes aliases on purpose ("Kubernetes", "k8s")
  std::vector<std::string_view> duties;       ///< may hold {skill}, {skill2}, {team}
  std::vector<std::string_view> quals;        ///< may hold {skill}, {skill2}
  std::vector<std::string_view> education;
  std::vector<std::string_view> teams;
  std::string_view onet_soc;
  std::string_view onet_zone;
  std::vector<std::string_view> occupational_categories;
  int year_min, year_max;                     ///< USD per year band
  int hour_min, hour_max;                     ///< USD per hour band
  double hourly_share;                        ///< how often the pay is quoted per hour
  double remote_share;
  double weight;                              ///< share of openings
  std::vector<sector> sectors;                ///< employers that hire this family
};

struct employer_info {
  std::string_view name;
  std::string_view domain;                    ///< "walmart.com"
  std::string_view company_type;              ///< legacy employer_company_type ("" = unknown)
  std::string_view naics_code;
  std::string_view naics_name;
  sector kind;
  std::string_view hq;                        ///< a city name from cities()
};

struct city_info {
  std::string_view name;
  std::string_view state_code;                ///< "TX"; "" when none
  std::string_view state_name;                ///< "Texas"; "" when none
  std::string_view country;                   ///< ISO-2
  std::string_view country_name;              ///< for job_location outside the US
  double lat, lon;
  double weight;
};

enum class link_style { linkedin, indeed, ziprecruiter, glassdoor, dice, bebee, monster, talent, jooble, builtin, simplyhired, greenhouse, workday };

struct board_info {
  std::string_view name;
  link_style style;
  double weight;
};

struct heading_style {
  std::string_view responsibilities, qualifications, preferred, benefits, bullet;
};

const std::vector<family_info>& families();
const std::vector<employer_info>& employers();
const std::vector<city_info>& cities();
const std::vector<board_info>& boards();
const std::vector<heading_style>& heading_styles();

std::string_view industry_phrase(sector s);

/// Phrase pools; placeholders in braces are filled by the description builder.
const std::vector<std::string_view>& intro_templates();       ///< {employer} {industry} {hq} {years} {count}
const std::vector<std::string_view>& summary_templates();     ///< {title} {a_title} {team} {where} {employer}
const std::vector<std::string_view>& opening_headers();       ///< {title}
const std::vector<std::string_view>& experience_templates();  ///< {n} {n2} {years} {n_word} {n_word_cap} {skill}
const std::vector<std::string_view>& benefit_lines();
const std::vector<std::string_view>& eeo_templates();         ///< {employer}
const std::vector<std::string_view>& agency_lines();          ///< {industry} {title} {a_title} {where}
const std::vector<std::string_view>& agency_footers();        ///< {agency}
const std::vector<std::string_view>& closing_lines();         ///< {employer} {title}

}  // namespace jobpilot::fake_jsearch
