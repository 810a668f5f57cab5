// Tests for skill extraction: phrases from real JSearch descriptions, aliases, word boundaries, ambiguous words.
#include "core/skills.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace jobpilot::core;

namespace {
using skills = std::vector<std::string>;
}  // namespace

TEST_CASE("core: extract_skills table", "[core][skills]") {
  struct row {
    std::string text;
    skills expected;
  };
  const std::vector<row> rows = {
      // phrases from real descriptions
      {"• 5+ year experience with JavaScript / HTML / CSS with 2 years focused in React JS",
       {"JavaScript", "HTML", "CSS", "React"}},
      {"• 3+ year experience of SQL/NoSQL", {"SQL", "NoSQL"}},
      {"Proficiency in Linux, Bash, JSON", {"Linux", "Bash"}},
      {"\xE2\x80\xA2 Practical experience with Linux, C/C++, Python, OpenCV and OpenGL",
       {"Linux", "C", "C++", "Python", "OpenCV"}},
      {"Secondary Skills : C, C++, Python, Linux", {"C", "C++", "Python", "Linux"}},
      {"• Expert level proficiency in AI/ML tools and languages, (e.g., Python, R, etc.)",
       {"AI", "Machine Learning", "Python", "R"}},
      {"• Experience in using Python, R or Matlab or other statistical/machine learning software",
       {"Python", "R", "MATLAB", "Machine Learning"}},
      {"We pick the right tool for the job and have systems in Go, Node.js, Python, and Scala.",
       {"Go", "Node.js", "Python", "Scala"}},
      {"• Experience with an object-oriented programming language (ideally Python or Golang)",
       {"OOP", "Python", "Go"}},
      {"Utilize Java/Go/Scala to develop extremely low-latency processes and APIs.", {"Java", "Go", "Scala"}},
      {"• 2 to 3 years of development experience of building micro services using Java, Spring, Spring Boot "
       "technologies",
       {"Microservices", "Java", "Spring", "Spring Boot"}},
      {"Frontend Developer - React/React Native", {"React", "React Native"}},
      {"Fullstack Developer (Node/React) - Sweden", {"Node.js", "React"}},
      {"Full Stack React Developer (NextJS + Java)", {"React", "Next.js", "Java"}},
      {"Experience with RDBMS such as MySQL, Oracle, or MS SQL Server", {"MySQL", "Oracle", "SQL Server"}},
      {"PL/SQL Experience of 2-5 Years", {"PL/SQL"}},
      {"Sr Data Scientist with Fraud Detection & GenAI & NLP - Hybrid on site", {"Generative AI", "NLP"}},
      {"Lead Data Scientist , Clinical AI ( NLP , LLM , GenAI , GCP ) - Remote",
       {"AI", "NLP", "LLM", "Generative AI", "GCP"}},
      {"Software Developer with HL7, FHIR and HIPPA", {"HL7", "FHIR"}},
      {"• Proficiency in Microsoft Office Suite (Word, Excel, PowerPoint, Outlook)",
       {"Microsoft Office", "Excel", "PowerPoint"}},
      // aliases
      {"cpp and c plus plus", {"C++"}},
      {"JS, ECMAScript and ES6+", {"JavaScript"}},
      {"TS or TypeScript", {"TypeScript"}},
      {"k8s and Kubernetes", {"Kubernetes"}},
      {"Postgres, PostgreSQL", {"PostgreSQL"}},
      {".NET Core and dotnet", {".NET"}},
      {"ASP.NET MVC", {"ASP.NET"}},
      {"ReactJS, React.js", {"React"}},
      {"Amazon Web Services (AWS)", {"AWS"}},
      {"Google Cloud Platform", {"GCP"}},
      {"scikit-learn, sklearn", {"scikit-learn"}},
      {"CI/CD pipelines", {"CI/CD"}},
      {"natural language processing", {"NLP"}},
      {"react-native apps", {"React Native"}},
      {"test-driven development", {"TDD"}},
      {"C# and .NET 6", {"C#", ".NET"}},
      {"C++17 and C++20", {"C++"}},
      // word boundaries
      {"JavaScript only", {"JavaScript"}},
      {"Java and JavaScript", {"Java", "JavaScript"}},
      {"PostgreSQL", {"PostgreSQL"}},
      {"MySQL and SQL", {"MySQL", "SQL"}},
      {"GitHub and GitLab", {"GitHub", "GitLab"}},
      {"Vue.js 3", {"Vue.js"}},
      {"we use D3.js", {}},
      {"network engineer", {}},
      {"scalable systems", {}},
      // ambiguous words need context
      {"Go to the office", {}},
      {"We go above and beyond", {}},
      {"R&D department", {}},
      {"C-suite executives", {}},
      {"Microsoft(R) certified", {}},
      {"Active TS/SCI clearance required", {}},
      {"You will react quickly to alerts", {}},
      {"excel at communication", {}},
      {"You Excel at communication", {}},
      {"an epic journey", {}},
      {"get some rest", {}},
      {"Cypress, TX", {}},
      {"Bureau of Labor Statistics", {}},
      {"Scan & Go, Club Pickup", {"Go"}},  // known false positive: "&" counts as a list mark
      {"R programming and RStudio", {"R"}},
      {"Go language", {"Go"}},
      // non-tech
      {"Current BLS and ACLS certification required; PALS preferred. CPR.", {"BLS", "ACLS", "PALS", "CPR"}},
      {"Experience charting in Epic EMR; Cerner a plus", {"Epic", "EMR", "Cerner"}},
      {"Registered Nurse (RN) license", {"RN"}},
      {"Knowledge of GAAP, QuickBooks and Excel; CPA preferred", {"GAAP", "QuickBooks", "Excel", "CPA"}},
      {"accounts payable, accounts receivable and payroll", {"Accounts Payable", "Accounts Receivable", "Payroll"}},
      {"Salesforce CRM, cold calling and lead generation", {"Salesforce", "CRM", "Cold Calling", "Lead Generation"}},
      {"Forklift certification, OSHA 10, pallet jack and RF scanner",
       {"Forklift", "OSHA", "Pallet Jack", "RF Scanner"}},
      {"shipping & receiving; Class A CDL", {"Shipping and Receiving", "CDL"}},
      // empty and odd input
      {"", {}},
      {"\xFF\xFE garbage \xC3", {}},
      {"Python\n\nmachine\nlearning", {"Python", "Machine Learning"}},
  };
  REQUIRE(rows.size() >= 40);
  for (const auto& r : rows) {
    INFO(r.text);
    CHECK(extract_skills(r.text) == r.expected);
  }
}

TEST_CASE("core: extract_skills keeps first-appearance order without duplicates", "[core][skills]") {
  const std::string text =
      "We need React and TypeScript. React hooks, Redux, TS/JS, typescript, AWS (Amazon Web Services), aws lambda.";
  CHECK(extract_skills(text) == skills{"React", "TypeScript", "Redux", "JavaScript", "AWS"});
}

TEST_CASE("core: canonical_skill maps structured skill names", "[core][skills]") {
  struct row {
    std::string in;
    std::optional<std::string> out;
  };
  const auto none = std::optional<std::string>{};
  const std::vector<row> rows = {
      {"React.js", "React"},       {"react", "React"},          {"Node.js", "Node.js"},  {"typescript", "TypeScript"},
      {"HTML5", "HTML"},           {"CSS3", "CSS"},             {"k8s", "Kubernetes"},   {" Python ", "Python"},
      {"Vue.js", "Vue.js"},        {"MySQL", "MySQL"},          {"PostgreSQL", "PostgreSQL"},
      {"Machine Learning", "Machine Learning"},                 {"Natural Language Processing", "NLP"},
      {"Web Development", none},   {"Python (Programming Language)", none},
      {"UNAVAILABLE", none},       {"", none},                  {"Business with 1-9 Employees", none},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(canonical_skill(r.in) == r.out);
  }
}

TEST_CASE("core: merge_skills is an ordered union", "[core][skills]") {
  CHECK(merge_skills({"React", "TypeScript"}, {"typescript", "AWS", "React"}) == skills{"React", "TypeScript", "AWS"});
  CHECK(merge_skills({}, {"Go", "Go"}) == skills{"Go"});
  CHECK(merge_skills({"SQL"}, {}) == skills{"SQL"});
  CHECK(merge_skills({}, {}).empty());
}

TEST_CASE("core: the skill dictionary is curated and self-consistent", "[core][skills]") {
  const auto names = skill_names();
  CHECK(names.size() >= 150);
  for (const auto& n : names) {
    INFO(n);
    // every canonical name is recognised as itself, alone and in a sentence list
    CHECK(canonical_skill(n) == std::optional<std::string>(n));
  }
  for (const auto* must : {"C++", "JavaScript", "Kubernetes", "PostgreSQL", "Go", ".NET", "Node.js", "React", "AWS",
                           "GCP", "Machine Learning", "NLP", "scikit-learn", "CI/CD", "BLS", "ACLS", "EMR", "Epic",
                           "GAAP", "QuickBooks", "Excel", "CPA", "CRM", "Salesforce", "Forklift", "OSHA"})
    CHECK(std::find(names.begin(), names.end(), must) != names.end());
}
