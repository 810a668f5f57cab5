// Tests for apply-link canonicalisation: real JSearch links with utm_* noise, normalisation rules, invalid URLs.
#include "core/jsearch_model.hpp"
#include "core/url_canonical.hpp"

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

TEST_CASE("core: canonicalize_url table", "[core][url]") {
  struct row {
    std::string in;
    std::optional<std::string> out;
  };
  const auto invalid = std::optional<std::string>{};
  const std::vector<row> rows = {
      // real links (2025 generation adds the utm_* triple)
      {"https://www.indeed.com/viewjob?jk=0b59b963bb25e0ea&utm_campaign=google_jobs_apply&utm_source=google_jobs_apply"
       "&utm_medium=organic",
       "https://www.indeed.com/viewjob?jk=0b59b963bb25e0ea"},
      {"https://www.snagajob.com/jobs/1070617495?utm_campaign=google_jobs_apply&utm_source=google_jobs_apply"
       "&utm_medium=organic",
       "https://www.snagajob.com/jobs/1070617495"},
      {"https://www.ziprecruiter.com/c/KBR/Job/Junior-Python-Coder-and-Analyst-with-Security-Clearance/-in-Arlington,VA"
       "?jid=7f1831b30d849947&utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic",
       "https://www.ziprecruiter.com/c/KBR/Job/Junior-Python-Coder-and-Analyst-with-Security-Clearance/-in-Arlington,VA"
       "?jid=7f1831b30d849947"},
      {"https://jobs.lincolnfinancial.com/job/Omaha-Claims-Care-Associate-%28Remote-available%29-NE-68046/1157270400/"
       "?utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic",
       "https://jobs.lincolnfinancial.com/job/Omaha-Claims-Care-Associate-%28Remote-available%29-NE-68046/1157270400"},
      {"https://humana.dejobs.org/newport-ri/java-api-and-react-js-lead-software-engineer/"
       "D6F3418C57784BD891204FBCCBD6B9E8/job/?utm_medium=XMLFeed&utm_source=XMLFeed-DE&utm_campaign=XMLFeed",
       "https://humana.dejobs.org/newport-ri/java-api-and-react-js-lead-software-engineer/"
       "D6F3418C57784BD891204FBCCBD6B9E8/job"},
      {"https://careers.siriusxm.com/careers/jobs/15628?lang=en-us&utm_campaign=google_jobs_apply",
       "https://careers.siriusxm.com/careers/jobs/15628?lang=en-us"},
      {"https://www.glassdoor.com/job-listing/remote-survey-representatives-mai-voice-na-llc-JV_KO0,29_KE30,46.htm"
       "?jl=1009492947469&utm_campaign=google_jobs_apply",
       "https://www.glassdoor.com/job-listing/remote-survey-representatives-mai-voice-na-llc-JV_KO0,29_KE30,46.htm"
       "?jl=1009492947469"},
      {"https://www.linkedin.com/jobs/view/c%2B%2B-software-engineer-at-citadel-securities-3912870932",
       "https://www.linkedin.com/jobs/view/c%2B%2B-software-engineer-at-citadel-securities-3912870932"},
      {"https://www.suisssefrancaise.net/?refId=V7WOZA%2FHJxlUbisYmz4suA%3D%3D&trackingId=NznmuBoNL4vmao6iJkOGyg%3D%3D"
       "&position=24&pageNum=0&trk=public_jobs_jserp-result_search-card",
       "https://www.suisssefrancaise.net/?pageNum=0&position=24"},
      {"https://careers.abnormalsecurity.com/jobs/5867634003?gh_jid=5867634003",
       "https://careers.abnormalsecurity.com/jobs/5867634003?gh_jid=5867634003"},
      {"https://www.levels.fyi/jobs?jobId=115906394246259398", "https://www.levels.fyi/jobs?jobId=115906394246259398"},
      {"https://zenfreed.zohorecruit.com/jobs/Careers/638583000004194008/React-Developer---Front-End-Developer"
       "?source=Google&utm_campaign=google_jobs_apply",
       "https://zenfreed.zohorecruit.com/jobs/Careers/638583000004194008/React-Developer---Front-End-Developer"},
      {"http://j.brt.mv/PortalViewRequirement.do?reqGK=27731422",
       "http://j.brt.mv/PortalViewRequirement.do?reqGK=27731422"},
      {"https://www.google.com/search?q=jobs&gl=us&hl=en&udm=8#vhid=vt%3D20/docid%3Dabc&vssid=jobs-detail-viewer",
       "https://www.google.com/search?gl=us&hl=en&q=jobs&udm=8"},
      // scheme and host case, default ports, user info, fragments
      {"HTTPS://WWW.Indeed.COM/viewjob?jk=abc", "https://www.indeed.com/viewjob?jk=abc"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"http://example.com:80/a", "http://example.com/a"},
      {"http://example.com:8080/a", "http://example.com:8080/a"},
      {"https://example.com:80/a", "https://example.com:80/a"},
      {"https://example.com:/a", "https://example.com/a"},
      {"https://user:secret@example.com/a", "https://example.com/a"},
      {"https://example.com/a#apply", "https://example.com/a"},
      {"https://example.com./a", "https://example.com/a"},
      {"https://example.com", "https://example.com/"},
      {"https://example.com?", "https://example.com/"},
      {"https://example.com/?", "https://example.com/"},
      {"https://example.com/jobs/?utm_source=x", "https://example.com/jobs"},
      {"https://[2001:DB8::1]:8443/x", "https://[2001:db8::1]:8443/x"},
      // query order, empty parameters, tracking in any case
      {"https://example.com/p?b=2&a=1&c=3", "https://example.com/p?a=1&b=2&c=3"},
      {"https://example.com/p?b=2&a=1&b=1", "https://example.com/p?a=1&b=2&b=1"},
      {"https://example.com/p?&&a=1&&", "https://example.com/p?a=1"},
      {"https://example.com/p?UTM_Source=x&Gclid=y&fbclid=z&msclkid=1&mc_cid=2&mc_eid=3&igshid=4&ref=5&id=7",
       "https://example.com/p?id=7"},
      {"https://example.com/p?flag&a=", "https://example.com/p?a=&flag"},
      // percent-encoding: case, unreserved decoded, raw bytes escaped
      {"https://example.com/a%2fb%7ec%41", "https://example.com/a%2Fb~cA"},
      {"https://example.com/s?q=a%2bb", "https://example.com/s?q=a%2Bb"},
      {"https://example.com/caf\xC3\xA9", "https://example.com/caf%C3%A9"},
      {"https://example.com/a|b{c}", "https://example.com/a%7Cb%7Bc%7D"},
      // dot segments and trailing slash; path case is kept
      {"https://example.com/a/./b/../c/", "https://example.com/a/c"},
      {"https://example.com/../a", "https://example.com/a"},
      {"https://example.com/Jobs/ABC", "https://example.com/Jobs/ABC"},
      {"  https://example.com/a  ", "https://example.com/a"},
      // invalid
      {"", invalid},
      {"not a url", invalid},
      {"ftp://example.com/file", invalid},
      {"mailto:jobs@example.com", invalid},
      {"javascript:alert(1)", invalid},
      {"//example.com/a", invalid},
      {"https:/example.com/a", invalid},
      {"https://", invalid},
      {"https:///path", invalid},
      {"https://user@/path", invalid},
      {"https://exa mple.com/", invalid},
      {"https://example.com/a b", invalid},
      {"https://example.com/a\tb", invalid},
      {"https://example.com:99999/", invalid},
      {"https://example.com:0/", invalid},
      {"https://example.com:80a/", invalid},
      {"https://example.com/%zz", invalid},
      {"https://example.com/%4", invalid},
      {"https://example.com/a?x=%", invalid},
      {"https://exa%41mple.com/", invalid},
      {"https://a..b/", invalid},
      {"https://.example.com/", invalid},
      {"https://[::1/", invalid},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(canonicalize_url(r.in) == r.out);
    CHECK(is_valid_url(r.in) == r.out.has_value());
  }
}

TEST_CASE("core: canonical URLs compare the way dedupe needs", "[core][url]") {
  const auto plain = canonicalize_url("https://www.indeed.com/viewjob?jk=e090a1aad3dfc9e4");
  const auto tracked = canonicalize_url(
      "https://www.indeed.com/viewjob?jk=e090a1aad3dfc9e4&utm_campaign=google_jobs_apply&utm_source=google_jobs_apply"
      "&utm_medium=organic");
  const auto other_job = canonicalize_url("https://www.indeed.com/viewjob?jk=0b59b963bb25e0ea");
  const auto reordered =
      canonicalize_url("HTTPS://www.INDEED.com:443/viewjob?utm_medium=organic&jk=e090a1aad3dfc9e4#x");
  REQUIRE(plain);
  REQUIRE(tracked);
  REQUIRE(other_job);
  REQUIRE(reordered);
  CHECK(*plain == *tracked);
  CHECK(*plain == *reordered);
  CHECK(*plain != *other_job);

  // the same ZipRecruiter posting with and without tracking; another jid is another posting
  const auto zip_a = canonicalize_url(
      "https://www.ziprecruiter.com/c/NT-Concepts/Job/Java-Python-Developer,-Junior-with-Security-Clearance/"
      "-in-Vienna,VA?jid=5c21d2469b3bf8d5&utm_campaign=google_jobs_apply&utm_source=google_jobs_apply"
      "&utm_medium=organic");
  const auto zip_b = canonicalize_url(
      "https://www.ziprecruiter.com/c/NT-Concepts/Job/Java-Python-Developer,-Junior-with-Security-Clearance/"
      "-in-Vienna,VA?jid=5c21d2469b3bf8d5");
  const auto zip_c = canonicalize_url(
      "https://www.ziprecruiter.com/c/NT-Concepts/Job/Java-Python-Developer,-Junior-with-Security-Clearance/"
      "-in-Vienna,VA?jid=5c21d2469b3bf8d6");
  CHECK(zip_a == zip_b);
  CHECK(zip_a != zip_c);

  // a canonical URL is a fixed point
  for (const auto& u : {*plain, *zip_a, std::string("https://example.com/a%2Fb~cA?a=1&b=2")})
    CHECK(canonicalize_url(u) == u);
}

namespace {


}  // namespace

// Needs the shared corpus: [real] runs only in CTest's real_corpus entry (skipped without it).
TEST_CASE("core: every real JSearch apply link canonicalises without tracking", "[core][url][real]") {
  jobpilot::test::require_real_corpus();
  const std::vector<job_posting> jobs = jobpilot::test::real_job_postings();
  REQUIRE(jobs.size() >= 400);
  std::size_t links = 0, tracked = 0;
  for (const auto& j : jobs) {
    std::vector<std::string> all;
    if (j.apply_link) all.push_back(*j.apply_link);
    if (j.apply_options)
      for (const auto& o : *j.apply_options)
        if (o.apply_link) all.push_back(*o.apply_link);
    for (const auto& link : all) {
      INFO(link);
      ++links;
      const auto c = canonicalize_url(link);
      REQUIRE(c.has_value());
      CHECK(c->find("utm_") == std::string::npos);
      CHECK(canonicalize_url(*c) == c);  // a fixed point
      if (link.find("utm_") != std::string::npos) ++tracked;
    }
  }
  CHECK(links >= 1000);
  CHECK(tracked >= 200);
}
