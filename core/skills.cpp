// Skill dictionary and a hand-written longest-alias scanner (no regex): aliases are bucketed by first letter.
#include "core/skills.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace jobpilot::core {
namespace {

// Alias flags.
constexpr std::uint8_t ci = 0;         // case-insensitive
constexpr std::uint8_t cs = 1;         // exact case: the lower-case form is an ordinary word ("react", "excel")
constexpr std::uint8_t in_list = 2;    // needs list context: "Python, R", "C/C++", "Go and Rust"
constexpr std::uint8_t not_at = 4;     // not before the word "at" ("Excel at ...")
constexpr std::uint8_t not_sci = 8;    // not the clearance "TS/SCI"
constexpr std::uint8_t name_only = 16; // too ambiguous in prose; only for canonical_skill on skill lists

struct skill_alias {
  std::string_view alias;  // lower case unless cs
  std::string_view canonical;
  std::uint8_t flags;
};

// Canonical names come in the order of the first alias that names them.
constexpr skill_alias dictionary[] = {
    // -- programming languages
    {"python", "Python", ci},
    {"java", "Java", ci},
    {"javascript", "JavaScript", ci}, {"JS", "JavaScript", cs}, {"ecmascript", "JavaScript", ci},
    {"es6", "JavaScript", ci}, {"vanilla js", "JavaScript", ci},
    {"typescript", "TypeScript", ci}, {"TS", "TypeScript", cs | in_list | not_sci},
    {"c++", "C++", ci}, {"cpp", "C++", ci}, {"c plus plus", "C++", ci},
    {"c#", "C#", ci}, {"csharp", "C#", ci}, {"c sharp", "C#", ci},
    {"C", "C", cs | in_list}, {"c language", "C", ci}, {"c programming", "C", ci}, {"ansi c", "C", ci},
    {"embedded c", "C", ci},
    {"golang", "Go", ci}, {"go language", "Go", ci}, {"go programming", "Go", ci}, {"Go", "Go", cs | in_list},
    {"Rust", "Rust", cs}, {"rust programming", "Rust", ci},
    {"Ruby", "Ruby", cs},
    {"php", "PHP", ci},
    {"kotlin", "Kotlin", ci},
    {"Swift", "Swift", cs}, {"swiftui", "Swift", ci},
    {"objective-c", "Objective-C", ci}, {"objective c", "Objective-C", ci}, {"objc", "Objective-C", ci},
    {"scala", "Scala", ci},
    {"R", "R", cs | in_list}, {"r programming", "R", ci}, {"r language", "R", ci}, {"rstudio", "R", ci},
    {"matlab", "MATLAB", ci},
    {"perl", "Perl", ci},
    {"Bash", "Bash", cs}, {"bash scripting", "Bash", ci}, {"shell scripting", "Bash", ci},
    {"powershell", "PowerShell", ci},
    {"sql", "SQL", ci},
    {"pl/sql", "PL/SQL", ci}, {"plsql", "PL/SQL", ci},
    {"html", "HTML", ci}, {"html5", "HTML", ci},
    {"css", "CSS", ci}, {"css3", "CSS", ci},
    {"sass", "Sass", ci}, {"scss", "Sass", ci},
    {"Dart", "Dart", cs},
    {"haskell", "Haskell", ci},
    {"vba", "VBA", ci},
    {"cobol", "COBOL", ci},
    // -- web and application frameworks
    {"React", "React", cs}, {"REACT", "React", cs}, {"react.js", "React", ci}, {"reactjs", "React", ci},
    {"react js", "React", ci},
    {"react native", "React Native", ci},
    {"angular", "Angular", ci}, {"angularjs", "Angular", ci}, {"angular.js", "Angular", ci},
    {"vue", "Vue.js", ci}, {"vue.js", "Vue.js", ci}, {"vuejs", "Vue.js", ci},
    {"next.js", "Next.js", ci}, {"nextjs", "Next.js", ci},
    {"node.js", "Node.js", ci}, {"nodejs", "Node.js", ci}, {"node js", "Node.js", ci}, {"Node", "Node.js", cs},
    {"express.js", "Express.js", ci}, {"expressjs", "Express.js", ci},
    {"django", "Django", ci},
    {"flask", "Flask", ci},
    {"fastapi", "FastAPI", ci},
    {"spring boot", "Spring Boot", ci},
    {"Spring", "Spring", cs | in_list}, {"spring framework", "Spring", ci}, {"spring mvc", "Spring", ci},
    {"ruby on rails", "Ruby on Rails", ci}, {"Rails", "Ruby on Rails", cs},
    {".net", ".NET", ci}, {"dotnet", ".NET", ci}, {".net core", ".NET", ci},
    {"asp.net", "ASP.NET", ci},
    {"laravel", "Laravel", ci},
    {"redux", "Redux", ci},
    {"jquery", "jQuery", ci},
    {"Bootstrap", "Bootstrap", cs},
    {"tailwind", "Tailwind CSS", ci}, {"tailwindcss", "Tailwind CSS", ci}, {"tailwind css", "Tailwind CSS", ci},
    {"graphql", "GraphQL", ci},
    {"REST", "REST APIs", cs}, {"restful", "REST APIs", ci}, {"rest api", "REST APIs", ci},
    {"rest apis", "REST APIs", ci},
    {"microservices", "Microservices", ci}, {"microservice", "Microservices", ci},
    {"micro services", "Microservices", ci},
    {"webpack", "Webpack", ci},
    {"hibernate", "Hibernate", ci},
    // -- data, ML, AI
    {"machine learning", "Machine Learning", ci}, {"ML", "Machine Learning", cs},
    {"deep learning", "Deep Learning", ci},
    {"AI", "AI", cs}, {"artificial intelligence", "AI", ci},
    {"generative ai", "Generative AI", ci}, {"genai", "Generative AI", ci}, {"gen ai", "Generative AI", ci},
    {"llm", "LLM", ci}, {"llms", "LLM", ci}, {"large language model", "LLM", ci},
    {"large language models", "LLM", ci},
    {"nlp", "NLP", ci}, {"natural language processing", "NLP", ci},
    {"computer vision", "Computer Vision", ci},
    {"tensorflow", "TensorFlow", ci},
    {"pytorch", "PyTorch", ci},
    {"keras", "Keras", ci},
    {"scikit-learn", "scikit-learn", ci}, {"sklearn", "scikit-learn", ci},
    {"pandas", "Pandas", ci},
    {"numpy", "NumPy", ci},
    {"hugging face", "Hugging Face", ci}, {"huggingface", "Hugging Face", ci},
    {"langchain", "LangChain", ci},
    {"opencv", "OpenCV", ci},
    {"Spark", "Spark", cs}, {"apache spark", "Spark", ci}, {"pyspark", "Spark", ci},
    {"hadoop", "Hadoop", ci},
    {"kafka", "Kafka", ci},
    {"airflow", "Airflow", ci},
    {"databricks", "Databricks", ci},
    {"Snowflake", "Snowflake", cs},
    {"bigquery", "BigQuery", ci},
    {"tableau", "Tableau", ci},
    {"power bi", "Power BI", ci}, {"powerbi", "Power BI", ci},
    {"Looker", "Looker", cs},
    {"etl", "ETL", ci},
    {"data warehouse", "Data Warehousing", ci}, {"data warehousing", "Data Warehousing", ci},
    // In prose, "statistics" is mostly "Bureau of Labor Statistics" in pay disclaimers.
    {"statistics", "Statistics", name_only}, {"statistical analysis", "Statistics", ci},
    {"statistical modeling", "Statistics", ci},
    {"dbt", "dbt", cs},
    // -- databases
    {"postgresql", "PostgreSQL", ci}, {"postgres", "PostgreSQL", ci},
    {"mysql", "MySQL", ci},
    {"sql server", "SQL Server", ci}, {"mssql", "SQL Server", ci}, {"ms sql", "SQL Server", ci},
    {"microsoft sql server", "SQL Server", ci}, {"t-sql", "SQL Server", ci}, {"tsql", "SQL Server", ci},
    {"Oracle", "Oracle", cs}, {"oracle database", "Oracle", ci},
    {"mongodb", "MongoDB", ci}, {"mongo", "MongoDB", ci},
    {"redis", "Redis", ci},
    {"elasticsearch", "Elasticsearch", ci}, {"elastic search", "Elasticsearch", ci},
    {"cassandra", "Cassandra", ci},
    {"dynamodb", "DynamoDB", ci},
    {"sqlite", "SQLite", ci},
    {"nosql", "NoSQL", ci},
    {"rabbitmq", "RabbitMQ", ci},
    // -- cloud and devops
    {"aws", "AWS", ci}, {"amazon web services", "AWS", ci},
    {"azure", "Azure", ci}, {"microsoft azure", "Azure", ci},
    {"gcp", "GCP", ci}, {"google cloud", "GCP", ci}, {"google cloud platform", "GCP", ci},
    {"docker", "Docker", ci},
    {"kubernetes", "Kubernetes", ci}, {"k8s", "Kubernetes", ci},
    {"terraform", "Terraform", ci},
    {"ansible", "Ansible", ci},
    {"jenkins", "Jenkins", ci},
    {"ci/cd", "CI/CD", ci}, {"cicd", "CI/CD", ci}, {"ci cd", "CI/CD", ci}, {"continuous integration", "CI/CD", ci},
    {"git", "Git", ci},
    {"github", "GitHub", ci},
    {"gitlab", "GitLab", ci},
    {"linux", "Linux", ci},
    {"unix", "Unix", ci},
    {"devops", "DevOps", ci},
    {"cybersecurity", "Cybersecurity", ci}, {"cyber security", "Cybersecurity", ci},
    // -- practices and tools
    {"agile", "Agile", ci},
    {"scrum", "Scrum", ci},
    {"jira", "Jira", ci},
    {"confluence", "Confluence", ci},
    {"figma", "Figma", ci},
    {"selenium", "Selenium", ci},
    {"cypress.io", "Cypress", ci}, {"cypress testing", "Cypress", ci},
    {"cypress", "Cypress", name_only},  // in prose, "Cypress, TX" is a town
    {"Jest", "Jest", cs},
    {"junit", "JUnit", ci},
    {"pytest", "pytest", ci},
    {"tdd", "TDD", ci}, {"test driven development", "TDD", ci},
    {"oop", "OOP", ci}, {"object oriented programming", "OOP", ci},
    // -- healthcare
    {"BLS", "BLS", cs}, {"basic life support", "BLS", ci},
    {"ACLS", "ACLS", cs}, {"advanced cardiac life support", "ACLS", ci},
    {"PALS", "PALS", cs}, {"pediatric advanced life support", "PALS", ci},
    {"cpr", "CPR", ci},
    {"EMR", "EMR", cs}, {"electronic medical record", "EMR", ci}, {"electronic medical records", "EMR", ci},
    {"EHR", "EHR", cs}, {"electronic health record", "EHR", ci}, {"electronic health records", "EHR", ci},
    {"Epic", "Epic", cs}, {"EPIC", "Epic", cs}, {"epic systems", "Epic", ci},
    {"cerner", "Cerner", ci},
    {"hipaa", "HIPAA", ci},
    {"RN", "RN", cs}, {"registered nurse", "RN", ci},
    {"LPN", "LPN", cs}, {"licensed practical nurse", "LPN", ci},
    {"CNA", "CNA", cs}, {"certified nursing assistant", "CNA", ci},
    {"phlebotomy", "Phlebotomy", ci},
    {"patient care", "Patient Care", ci},
    {"medical terminology", "Medical Terminology", ci},
    {"hl7", "HL7", ci},
    {"fhir", "FHIR", ci},
    // -- accounting and finance
    {"gaap", "GAAP", ci},
    {"quickbooks", "QuickBooks", ci}, {"quick books", "QuickBooks", ci},
    {"Excel", "Excel", cs | not_at}, {"microsoft excel", "Excel", ci}, {"ms excel", "Excel", ci},
    {"CPA", "CPA", cs}, {"certified public accountant", "CPA", ci},
    {"accounts payable", "Accounts Payable", ci},
    {"accounts receivable", "Accounts Receivable", ci},
    {"bookkeeping", "Bookkeeping", ci},
    {"payroll", "Payroll", ci},
    {"financial reporting", "Financial Reporting", ci},
    {"netsuite", "NetSuite", ci},
    {"SAP", "SAP", cs},
    {"tax preparation", "Tax Preparation", ci},
    // -- sales and customer service
    {"CRM", "CRM", cs},
    {"salesforce", "Salesforce", ci}, {"sfdc", "Salesforce", ci},
    {"hubspot", "HubSpot", ci},
    {"cold calling", "Cold Calling", ci},
    {"lead generation", "Lead Generation", ci},
    {"b2b", "B2B", ci},
    {"customer service", "Customer Service", ci},
    {"account management", "Account Management", ci},
    // -- warehouse and logistics
    {"forklift", "Forklift", ci}, {"forklifts", "Forklift", ci}, {"fork lift", "Forklift", ci},
    {"osha", "OSHA", ci},
    {"pallet jack", "Pallet Jack", ci}, {"pallet jacks", "Pallet Jack", ci},
    {"rf scanner", "RF Scanner", ci}, {"rf scanning", "RF Scanner", ci}, {"rf gun", "RF Scanner", ci},
    {"inventory management", "Inventory Management", ci}, {"inventory control", "Inventory Management", ci},
    {"shipping and receiving", "Shipping and Receiving", ci},
    {"shipping & receiving", "Shipping and Receiving", ci},
    {"CDL", "CDL", cs},
    {"order picking", "Order Picking", ci}, {"pick and pack", "Order Picking", ci},
    // -- office
    {"microsoft office", "Microsoft Office", ci}, {"ms office", "Microsoft Office", ci},
    {"office 365", "Microsoft Office", ci}, {"microsoft 365", "Microsoft Office", ci},
    {"powerpoint", "PowerPoint", ci},
    {"microsoft word", "Microsoft Word", ci}, {"ms word", "Microsoft Word", ci},
};

constexpr std::size_t dictionary_size = sizeof(dictionary) / sizeof(dictionary[0]);

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_gap(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-'; }

// Alias indexes bucketed by lower-cased first byte; built once, read-only afterwards.
using bucket_index = std::array<std::vector<std::uint16_t>, 128>;
const bucket_index& buckets() {
  static const bucket_index index = [] {
    bucket_index b;
    for (std::size_t k = 0; k < dictionary_size; ++k)
      b[static_cast<unsigned char>(ascii_lower(dictionary[k].alias[0])) & 0x7F].push_back(
          static_cast<std::uint16_t>(k));
    return b;
  }();
  return index;
}

// End of the alias matched at text[pos], or 0. Spaces and hyphens in the alias match any run of gaps.
std::size_t match_at(std::string_view text, std::size_t pos, const skill_alias& a, bool any_case) {
  std::size_t i = pos;
  for (std::size_t k = 0; k < a.alias.size(); ++k) {
    const char ac = a.alias[k];
    if (ac == ' ' || (ac == '-' && k > 0 && k + 1 < a.alias.size())) {
      if (i >= text.size() || !is_gap(text[i])) return 0;
      while (i < text.size() && is_gap(text[i])) ++i;
      continue;
    }
    if (i >= text.size()) return 0;
    const bool same = (a.flags & cs) && !any_case ? text[i] == ac : ascii_lower(text[i]) == ascii_lower(ac);
    if (!same) return 0;
    ++i;
  }
  return i;
}

bool token_start(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  const char prev = text[pos - 1];
  if (is_alnum(prev)) return false;
  // "Node.js", "ASP.NET": the part after a dot inside a word is not a word of its own.
  if (prev == '.' && pos >= 2 && is_alnum(text[pos - 2])) return false;
  return true;
}

bool token_end(std::string_view text, std::size_t end, const skill_alias& a) {
  if (end >= text.size()) return true;
  const char next = text[end];
  const char last = a.alias.back();
  if ((next == '+' || next == '#') && !(last >= '0' && last <= '9')) return false;  // "C" in "C++"/"C#", not "ES6+"
  if (!is_alnum(last)) return true;                                                 // "C++17", ".NET6"
  if (is_alnum(next)) return false;
  if (next == '.' && end + 1 < text.size() && is_alnum(text[end + 1])) return false;  // "Node" in "Node.js"
  return true;
}

std::string_view word_before(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t start = end;
  while (start > 0 && is_alnum(text[start - 1])) --start;
  return text.substr(start, end - start);
}

std::string_view word_after(std::string_view text, std::size_t pos) {
  std::size_t start = pos;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
  std::size_t end = start;
  while (end < text.size() && is_alnum(text[end])) ++end;
  return text.substr(start, end - start);
}

bool is_list_mark(char c) {
  return c == ',' || c == '/' || c == '(' || c == ')' || c == ':' || c == '&' || c == '|' || c == ';';
}

// "Python, R", "C/C++", "(Go)", "Go and Rust", "Java or C" -- but not "R&D", "C-suite", "P&C".
bool list_context(std::string_view text, std::size_t start, std::size_t end) {
  const char before = start > 0 ? text[start - 1] : ' ';
  const char after = end < text.size() ? text[end] : ' ';
  if (before == '&' || after == '&' || before == '-' || after == '-' || after == '\'') return false;
  if (before == '(' && after == ')') return false;  // "(R)", "(C)": trademark and copyright marks
  std::size_t j = start;
  while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t')) --j;
  if (j > 0 && is_list_mark(text[j - 1])) return true;
  std::size_t k = end;
  while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
  if (k < text.size() && is_list_mark(text[k]) && text[k] != '(') return true;
  for (const auto w : {word_before(text, start), word_after(text, end)})
    if (iequals(w, "and") || iequals(w, "or")) return true;
  return false;
}

bool context_ok(std::string_view text, std::size_t start, std::size_t end, const skill_alias& a) {
  if ((a.flags & in_list) && !list_context(text, start, end)) return false;
  if ((a.flags & not_at) && iequals(word_after(text, end), "at")) return false;
  if ((a.flags & not_sci) && end + 1 < text.size() && text[end] == '/' && iequals(word_after(text, end + 1), "sci"))
    return false;
  return true;
}

bool contains_ci(const std::vector<std::string>& list, std::string_view s) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return iequals(x, s); });
}

}  // namespace

std::vector<std::string> extract_skills(std::string_view text) {
  const auto& index = buckets();
  std::vector<std::string> found;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto first = static_cast<unsigned char>(text[pos]);
    if (first >= 0x80 || !token_start(text, pos)) {
      ++pos;
      continue;
    }
    const skill_alias* best = nullptr;
    std::size_t best_end = 0;
    for (const auto k : index[static_cast<unsigned char>(ascii_lower(text[pos]))]) {
      const auto& a = dictionary[k];
      if (a.flags & name_only) continue;
      if (a.alias.size() > 1 && a.alias[1] != ' ' && a.alias[1] != '-') {  // most aliases fail here: cheaply
        if (pos + 1 >= text.size()) continue;
        const char c = text[pos + 1], ac = a.alias[1];
        if ((a.flags & cs) ? c != ac : ascii_lower(c) != ascii_lower(ac)) continue;
      }
      const auto end = match_at(text, pos, a, false);
      if (end > best_end && token_end(text, end, a) && context_ok(text, pos, end, a)) {
        best = &a;
        best_end = end;
      }
    }
    if (!best) {
      ++pos;
      continue;
    }
    if (std::find(found.begin(), found.end(), best->canonical) == found.end()) found.emplace_back(best->canonical);
    pos = best_end;
  }
  return found;
}

std::optional<std::string> canonical_skill(std::string_view name) {
  name = trim(name);
  if (name.empty()) return std::nullopt;
  const auto first = static_cast<unsigned char>(name[0]);
  if (first >= 0x80) return std::nullopt;
  for (const auto k : buckets()[static_cast<unsigned char>(ascii_lower(name[0]))]) {
    const auto& a = dictionary[k];
    if (match_at(name, 0, a, true) == name.size()) return std::string(a.canonical);
  }
  return std::nullopt;
}

std::vector<std::string> merge_skills(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  out.reserve(a.size() + b.size());
  for (const auto* list : {&a, &b})
    for (const auto& s : *list)
      if (!contains_ci(out, s)) out.push_back(s);
  return out;
}

std::vector<std::string> skill_names() {
  std::vector<std::string> names;
  for (const auto& a : dictionary)
    if (std::find(names.begin(), names.end(), a.canonical) == names.end()) names.emplace_back(a.canonical);
  return names;
}

}  // namespace jobpilot::core
