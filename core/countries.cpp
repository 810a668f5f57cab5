// ISO 3166-1 alpha-2 codes with English names (from the IANA tz iso3166.tab, names tidied) and common aliases.
#include "core/countries.hpp"

#include "core/ascii.hpp"

#include <array>

namespace jobpilot::core {
namespace {

struct country {
  std::string_view code;
  std::string_view name;  // display name
  std::string_view key;   // name in lookup_key() form
};

constexpr std::array<country, 249> countries{{
    {"AD", "Andorra", "andorra"},
    {"AE", "United Arab Emirates", "united arab emirates"},
    {"AF", "Afghanistan", "afghanistan"},
    {"AG", "Antigua and Barbuda", "antigua and barbuda"},
    {"AI", "Anguilla", "anguilla"},
    {"AL", "Albania", "albania"},
    {"AM", "Armenia", "armenia"},
    {"AO", "Angola", "angola"},
    {"AQ", "Antarctica", "antarctica"},
    {"AR", "Argentina", "argentina"},
    {"AS", "American Samoa", "american samoa"},
    {"AT", "Austria", "austria"},
    {"AU", "Australia", "australia"},
    {"AW", "Aruba", "aruba"},
    {"AX", "Åland Islands", "åland islands"},
    {"AZ", "Azerbaijan", "azerbaijan"},
    {"BA", "Bosnia and Herzegovina", "bosnia and herzegovina"},
    {"BB", "Barbados", "barbados"},
    {"BD", "Bangladesh", "bangladesh"},
    {"BE", "Belgium", "belgium"},
    {"BF", "Burkina Faso", "burkina faso"},
    {"BG", "Bulgaria", "bulgaria"},
    {"BH", "Bahrain", "bahrain"},
    {"BI", "Burundi", "burundi"},
    {"BJ", "Benin", "benin"},
    {"BL", "Saint Barthélemy", "saint barthélemy"},
    {"BM", "Bermuda", "bermuda"},
    {"BN", "Brunei", "brunei"},
    {"BO", "Bolivia", "bolivia"},
    {"BQ", "Caribbean Netherlands", "caribbean netherlands"},
    {"BR", "Brazil", "brazil"},
    {"BS", "Bahamas", "bahamas"},
    {"BT", "Bhutan", "bhutan"},
    {"BV", "Bouvet Island", "bouvet island"},
    {"BW", "Botswana", "botswana"},
    {"BY", "Belarus", "belarus"},
    {"BZ", "Belize", "belize"},
    {"CA", "Canada", "canada"},
    {"CC", "Cocos (Keeling) Islands", "cocos keeling islands"},
    {"CD", "Democratic Republic of the Congo", "democratic republic of the congo"},
    {"CF", "Central African Republic", "central african republic"},
    {"CG", "Republic of the Congo", "republic of the congo"},
    {"CH", "Switzerland", "switzerland"},
    {"CI", "Côte d'Ivoire", "côte divoire"},
    {"CK", "Cook Islands", "cook islands"},
    {"CL", "Chile", "chile"},
    {"CM", "Cameroon", "cameroon"},
    {"CN", "China", "china"},
    {"CO", "Colombia", "colombia"},
    {"CR", "Costa Rica", "costa rica"},
    {"CU", "Cuba", "cuba"},
    {"CV", "Cape Verde", "cape verde"},
    {"CW", "Curaçao", "curaçao"},
    {"CX", "Christmas Island", "christmas island"},
    {"CY", "Cyprus", "cyprus"},
    {"CZ", "Czechia", "czechia"},
    {"DE", "Germany", "germany"},
    {"DJ", "Djibouti", "djibouti"},
    {"DK", "Denmark", "denmark"},
    {"DM", "Dominica", "dominica"},
    {"DO", "Dominican Republic", "dominican republic"},
    {"DZ", "Algeria", "algeria"},
    {"EC", "Ecuador", "ecuador"},
    {"EE", "Estonia", "estonia"},
    {"EG", "Egypt", "egypt"},
    {"EH", "Western Sahara", "western sahara"},
    {"ER", "Eritrea", "eritrea"},
    {"ES", "Spain", "spain"},
    {"ET", "Ethiopia", "ethiopia"},
    {"FI", "Finland", "finland"},
    {"FJ", "Fiji", "fiji"},
    {"FK", "Falkland Islands", "falkland islands"},
    {"FM", "Micronesia", "micronesia"},
    {"FO", "Faroe Islands", "faroe islands"},
    {"FR", "France", "france"},
    {"GA", "Gabon", "gabon"},
    {"GB", "United Kingdom", "united kingdom"},
    {"GD", "Grenada", "grenada"},
    {"GE", "Georgia", "georgia"},
    {"GF", "French Guiana", "french guiana"},
    {"GG", "Guernsey", "guernsey"},
    {"GH", "Ghana", "ghana"},
    {"GI", "Gibraltar", "gibraltar"},
    {"GL", "Greenland", "greenland"},
    {"GM", "Gambia", "gambia"},
    {"GN", "Guinea", "guinea"},
    {"GP", "Guadeloupe", "guadeloupe"},
    {"GQ", "Equatorial Guinea", "equatorial guinea"},
    {"GR", "Greece", "greece"},
    {"GS", "South Georgia and the South Sandwich Islands", "south georgia and the south sandwich islands"},
    {"GT", "Guatemala", "guatemala"},
    {"GU", "Guam", "guam"},
    {"GW", "Guinea-Bissau", "guinea bissau"},
    {"GY", "Guyana", "guyana"},
    {"HK", "Hong Kong", "hong kong"},
    {"HM", "Heard Island and McDonald Islands", "heard island and mcdonald islands"},
    {"HN", "Honduras", "honduras"},
    {"HR", "Croatia", "croatia"},
    {"HT", "Haiti", "haiti"},
    {"HU", "Hungary", "hungary"},
    {"ID", "Indonesia", "indonesia"},
    {"IE", "Ireland", "ireland"},
    {"IL", "Israel", "israel"},
    {"IM", "Isle of Man", "isle of man"},
    {"IN", "India", "india"},
    {"IO", "British Indian Ocean Territory", "british indian ocean territory"},
    {"IQ", "Iraq", "iraq"},
    {"IR", "Iran", "iran"},
    {"IS", "Iceland", "iceland"},
    {"IT", "Italy", "italy"},
    {"JE", "Jersey", "jersey"},
    {"JM", "Jamaica", "jamaica"},
    {"JO", "Jordan", "jordan"},
    {"JP", "Japan", "japan"},
    {"KE", "Kenya", "kenya"},
    {"KG", "Kyrgyzstan", "kyrgyzstan"},
    {"KH", "Cambodia", "cambodia"},
    {"KI", "Kiribati", "kiribati"},
    {"KM", "Comoros", "comoros"},
    {"KN", "Saint Kitts and Nevis", "saint kitts and nevis"},
    {"KP", "North Korea", "north korea"},
    {"KR", "South Korea", "south korea"},
    {"KW", "Kuwait", "kuwait"},
    {"KY", "Cayman Islands", "cayman islands"},
    {"KZ", "Kazakhstan", "kazakhstan"},
    {"LA", "Laos", "laos"},
    {"LB", "Lebanon", "lebanon"},
    {"LC", "Saint Lucia", "saint lucia"},
    {"LI", "Liechtenstein", "liechtenstein"},
    {"LK", "Sri Lanka", "sri lanka"},
    {"LR", "Liberia", "liberia"},
    {"LS", "Lesotho", "lesotho"},
    {"LT", "Lithuania", "lithuania"},
    {"LU", "Luxembourg", "luxembourg"},
    {"LV", "Latvia", "latvia"},
    {"LY", "Libya", "libya"},
    {"MA", "Morocco", "morocco"},
    {"MC", "Monaco", "monaco"},
    {"MD", "Moldova", "moldova"},
    {"ME", "Montenegro", "montenegro"},
    {"MF", "Saint Martin", "saint martin"},
    {"MG", "Madagascar", "madagascar"},
    {"MH", "Marshall Islands", "marshall islands"},
    {"MK", "North Macedonia", "north macedonia"},
    {"ML", "Mali", "mali"},
    {"MM", "Myanmar", "myanmar"},
    {"MN", "Mongolia", "mongolia"},
    {"MO", "Macau", "macau"},
    {"MP", "Northern Mariana Islands", "northern mariana islands"},
    {"MQ", "Martinique", "martinique"},
    {"MR", "Mauritania", "mauritania"},
    {"MS", "Montserrat", "montserrat"},
    {"MT", "Malta", "malta"},
    {"MU", "Mauritius", "mauritius"},
    {"MV", "Maldives", "maldives"},
    {"MW", "Malawi", "malawi"},
    {"MX", "Mexico", "mexico"},
    {"MY", "Malaysia", "malaysia"},
    {"MZ", "Mozambique", "mozambique"},
    {"NA", "Namibia", "namibia"},
    {"NC", "New Caledonia", "new caledonia"},
    {"NE", "Niger", "niger"},
    {"NF", "Norfolk Island", "norfolk island"},
    {"NG", "Nigeria", "nigeria"},
    {"NI", "Nicaragua", "nicaragua"},
    {"NL", "Netherlands", "netherlands"},
    {"NO", "Norway", "norway"},
    {"NP", "Nepal", "nepal"},
    {"NR", "Nauru", "nauru"},
    {"NU", "Niue", "niue"},
    {"NZ", "New Zealand", "new zealand"},
    {"OM", "Oman", "oman"},
    {"PA", "Panama", "panama"},
    {"PE", "Peru", "peru"},
    {"PF", "French Polynesia", "french polynesia"},
    {"PG", "Papua New Guinea", "papua new guinea"},
    {"PH", "Philippines", "philippines"},
    {"PK", "Pakistan", "pakistan"},
    {"PL", "Poland", "poland"},
    {"PM", "Saint Pierre and Miquelon", "saint pierre and miquelon"},
    {"PN", "Pitcairn", "pitcairn"},
    {"PR", "Puerto Rico", "puerto rico"},
    {"PS", "Palestine", "palestine"},
    {"PT", "Portugal", "portugal"},
    {"PW", "Palau", "palau"},
    {"PY", "Paraguay", "paraguay"},
    {"QA", "Qatar", "qatar"},
    {"RE", "Réunion", "réunion"},
    {"RO", "Romania", "romania"},
    {"RS", "Serbia", "serbia"},
    {"RU", "Russia", "russia"},
    {"RW", "Rwanda", "rwanda"},
    {"SA", "Saudi Arabia", "saudi arabia"},
    {"SB", "Solomon Islands", "solomon islands"},
    {"SC", "Seychelles", "seychelles"},
    {"SD", "Sudan", "sudan"},
    {"SE", "Sweden", "sweden"},
    {"SG", "Singapore", "singapore"},
    {"SH", "Saint Helena", "saint helena"},
    {"SI", "Slovenia", "slovenia"},
    {"SJ", "Svalbard and Jan Mayen", "svalbard and jan mayen"},
    {"SK", "Slovakia", "slovakia"},
    {"SL", "Sierra Leone", "sierra leone"},
    {"SM", "San Marino", "san marino"},
    {"SN", "Senegal", "senegal"},
    {"SO", "Somalia", "somalia"},
    {"SR", "Suriname", "suriname"},
    {"SS", "South Sudan", "south sudan"},
    {"ST", "Sao Tome and Principe", "sao tome and principe"},
    {"SV", "El Salvador", "el salvador"},
    {"SX", "Sint Maarten", "sint maarten"},
    {"SY", "Syria", "syria"},
    {"SZ", "Eswatini", "eswatini"},
    {"TC", "Turks and Caicos Islands", "turks and caicos islands"},
    {"TD", "Chad", "chad"},
    {"TF", "French Southern Territories", "french southern territories"},
    {"TG", "Togo", "togo"},
    {"TH", "Thailand", "thailand"},
    {"TJ", "Tajikistan", "tajikistan"},
    {"TK", "Tokelau", "tokelau"},
    {"TL", "Timor-Leste", "timor leste"},
    {"TM", "Turkmenistan", "turkmenistan"},
    {"TN", "Tunisia", "tunisia"},
    {"TO", "Tonga", "tonga"},
    {"TR", "Türkiye", "türkiye"},
    {"TT", "Trinidad and Tobago", "trinidad and tobago"},
    {"TV", "Tuvalu", "tuvalu"},
    {"TW", "Taiwan", "taiwan"},
    {"TZ", "Tanzania", "tanzania"},
    {"UA", "Ukraine", "ukraine"},
    {"UG", "Uganda", "uganda"},
    {"UM", "U.S. Minor Outlying Islands", "us minor outlying islands"},
    {"US", "United States", "united states"},
    {"UY", "Uruguay", "uruguay"},
    {"UZ", "Uzbekistan", "uzbekistan"},
    {"VA", "Vatican City", "vatican city"},
    {"VC", "Saint Vincent and the Grenadines", "saint vincent and the grenadines"},
    {"VE", "Venezuela", "venezuela"},
    {"VG", "British Virgin Islands", "british virgin islands"},
    {"VI", "U.S. Virgin Islands", "us virgin islands"},
    {"VN", "Vietnam", "vietnam"},
    {"VU", "Vanuatu", "vanuatu"},
    {"WF", "Wallis and Futuna", "wallis and futuna"},
    {"WS", "Samoa", "samoa"},
    {"YE", "Yemen", "yemen"},
    {"YT", "Mayotte", "mayotte"},
    {"ZA", "South Africa", "south africa"},
    {"ZM", "Zambia", "zambia"},
    {"ZW", "Zimbabwe", "zimbabwe"},
}};

struct country_alias {
  std::string_view key;
  std::string_view code;
};

// Other names, abbreviations and native names seen in job locations, in lookup_key() form.
constexpr std::array<country_alias, 100> country_aliases{{
    {"usa", "US"},
    {"us", "US"},
    {"u s", "US"},
    {"u s a", "US"},
    {"united states of america", "US"},
    {"america", "US"},
    {"estados unidos", "US"},
    {"uk", "GB"},
    {"u k", "GB"},
    {"great britain", "GB"},
    {"britain", "GB"},
    {"england", "GB"},
    {"scotland", "GB"},
    {"wales", "GB"},
    {"northern ireland", "GB"},
    {"britain uk", "GB"},
    {"deutschland", "DE"},
    {"federal republic of germany", "DE"},
    {"holland", "NL"},
    {"nederland", "NL"},
    {"korea", "KR"},
    {"republic of korea", "KR"},
    {"korea south", "KR"},
    {"korea republic of", "KR"},
    {"korea north", "KP"},
    {"democratic peoples republic of korea", "KP"},
    {"russian federation", "RU"},
    {"czech republic", "CZ"},
    {"viet nam", "VN"},
    {"ivory coast", "CI"},
    {"cote divoire", "CI"},
    {"uae", "AE"},
    {"u a e", "AE"},
    {"turkey", "TR"},
    {"turkiye", "TR"},
    {"islamic republic of iran", "IR"},
    {"syrian arab republic", "SY"},
    {"lao peoples democratic republic", "LA"},
    {"plurinational state of bolivia", "BO"},
    {"bolivarian republic of venezuela", "VE"},
    {"united republic of tanzania", "TZ"},
    {"republic of moldova", "MD"},
    {"brunei darussalam", "BN"},
    {"burma", "MM"},
    {"myanmar burma", "MM"},
    {"cabo verde", "CV"},
    {"swaziland", "SZ"},
    {"drc", "CD"},
    {"dr congo", "CD"},
    {"congo dem rep", "CD"},
    {"congo kinshasa", "CD"},
    {"congo", "CG"},
    {"congo rep", "CG"},
    {"congo brazzaville", "CG"},
    {"holy see", "VA"},
    {"vatican", "VA"},
    {"macedonia", "MK"},
    {"east timor", "TL"},
    {"espana", "ES"},
    {"españa", "ES"},
    {"brasil", "BR"},
    {"sverige", "SE"},
    {"italia", "IT"},
    {"osterreich", "AT"},
    {"österreich", "AT"},
    {"schweiz", "CH"},
    {"suisse", "CH"},
    {"svizzera", "CH"},
    {"méxico", "MX"},
    {"polska", "PL"},
    {"hong kong sar", "HK"},
    {"macao", "MO"},
    {"republic of china", "TW"},
    {"peoples republic of china", "CN"},
    {"prc", "CN"},
    {"mainland china", "CN"},
    {"republic of ireland", "IE"},
    {"eire", "IE"},
    {"state of palestine", "PS"},
    {"palestinian territories", "PS"},
    {"federated states of micronesia", "FM"},
    {"st kitts and nevis", "KN"},
    {"st lucia", "LC"},
    {"st vincent", "VC"},
    {"st helena", "SH"},
    {"st pierre and miquelon", "PM"},
    {"st barthelemy", "BL"},
    {"saint barthelemy", "BL"},
    {"st martin", "MF"},
    {"st maarten", "SX"},
    {"aland islands", "AX"},
    {"reunion", "RE"},
    {"curacao", "CW"},
    {"ksa", "SA"},
    {"kingdom of saudi arabia", "SA"},
    {"aotearoa", "NZ"},
    {"western samoa", "WS"},
    {"samoa american", "AS"},
    {"virgin islands uk", "VG"},
    {"virgin islands us", "VI"},
}};
// Alpha-3 codes people write instead of the alpha-2 ones (only the ones seen in job data, not all 249).
constexpr std::array<country_alias, 24> alpha3_codes{{
    {"usa", "US"}, {"gbr", "GB"}, {"deu", "DE"}, {"fra", "FR"}, {"can", "CA"}, {"aus", "AU"},
    {"ind", "IN"}, {"swe", "SE"}, {"nld", "NL"}, {"esp", "ES"}, {"ita", "IT"}, {"mex", "MX"},
    {"bra", "BR"}, {"chn", "CN"}, {"jpn", "JP"}, {"irl", "IE"}, {"che", "CH"}, {"pol", "PL"},
    {"idn", "ID"}, {"phl", "PH"}, {"sgp", "SG"}, {"nzl", "NZ"}, {"zaf", "ZA"}, {"are", "AE"},
}};

// Lower-case ASCII, '&' as "and", dots and apostrophes dropped, other punctuation as spaces, spaces
// collapsed, a leading "the" dropped: "The U.S.A." -> "usa", "Bosnia & Herzegovina" -> "bosnia and herzegovina".
std::string lookup_key(std::string_view s) {
  std::string spaced;
  spaced.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' || c == '\'') continue;
    if (c == '\xE2' && s.substr(i, 3) == "\xE2\x80\x99") {  // right single quotation mark
      i += 2;
      continue;
    }
    if (c == '&') {
      spaced += " and ";
    } else if (c == '-' || c == '(' || c == ')' || c == ',' || c == '/' || is_space(c)) {
      spaced += ' ';
    } else {
      spaced += ascii_lower(c);
    }
  }
  std::string out;
  for (const char c : spaced) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  if (starts_with(out, "the ")) out.erase(0, 4);
  return out;
}

}  // namespace

std::optional<std::string> country_code(std::string_view name_or_code) {
  const std::string key = lookup_key(name_or_code);
  if (key.empty()) return std::nullopt;
  if (key.size() == 2) {
    for (const auto& c : countries)
      if (iequals(c.code, key)) return std::string(c.code);
  }
  for (const auto& c : countries)
    if (c.key == key) return std::string(c.code);
  for (const auto& a : country_aliases)
    if (a.key == key) return std::string(a.code);
  if (key.size() == 3) {
    for (const auto& a : alpha3_codes)
      if (a.key == key) return std::string(a.code);
  }
  return std::nullopt;
}

std::optional<std::string> country_name(std::string_view code) {
  for (const auto& c : countries)
    if (iequals(c.code, code)) return std::string(c.name);
  return std::nullopt;
}

}  // namespace jobpilot::core
