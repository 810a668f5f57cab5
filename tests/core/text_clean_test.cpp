// Tests for text cleaning and the dedupe key forms (titles and companies taken from real JSearch jobs).
#include "core/text_clean.hpp"
#include "core/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace jobpilot::core;

namespace {
struct text_row {
  std::string in;
  std::string out;
};
}  // namespace

TEST_CASE("core: clean_text table", "[core][text]") {
  const std::vector<text_row> rows = {
      // whitespace
      {"  plain text  ", "plain text"},
      {"a \t  b", "a b"},
      {"line1\r\nline2\rline3", "line1\nline2\nline3"},
      {"a\n\n\n\n\nb", "a\n\nb"},
      {"a  \n  b", "a\nb"},
      {"\n\n  start and end \n\n", "start and end"},
      {"", ""},
      {" \t\r\n ", ""},
      // entities
      {"Tom &amp; Jerry", "Tom & Jerry"},
      {"&lt;5 years&gt;", "<5 years>"},
      {"&quot;quoted&quot; &#39;single&#39; &apos;apos&apos;", "\"quoted\" 'single' 'apos'"},
      {"a&nbsp;b", "a b"},
      {"2019&#8211;2024", "2019\xE2\x80\x93" "2024"},
      {"A&#x2014;B", "A\xE2\x80\x94" "B"},
      {"caf&eacute; &euro;60.000", "caf\xC3\xA9 \xE2\x82\xAC" "60.000"},
      {"It&rsquo;s &ldquo;ok&rdquo;&hellip;", "It\xE2\x80\x99s \xE2\x80\x9Cok\xE2\x80\x9D\xE2\x80\xA6"},
      {"&#150; cp1252 dash", "\xE2\x80\x93 cp1252 dash"},
      {"AT&T and R&D", "AT&T and R&D"},
      {"&unknown; &#; &#xZZ; &", "&unknown; &#; &#xZZ; &"},
      {"&amp;amp;", "&amp;"},
      {"&#0; &#x110000; &#xD800;", "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD"},
      {"bad&#1;control", "badcontrol"},
      // tags
      {"<p>First</p><p>Second</p>", "First\n\nSecond"},
      {"line<br>next<br/>last<BR />end", "line\nnext\nlast\nend"},
      {"<ul><li>Python</li><li>SQL</li></ul>", "Python\nSQL"},
      {"<b>Bold</b> and <a href=\"https://x.com/?a=1&b=2\">link</a>", "Bold and link"},
      {"<td>a</td><td>b</td>", "a b"},
      {"keep <3 years and a < b > c", "keep <3 years and a < b > c"},
      {"<Python> is not a tag", "<Python> is not a tag"},
      {"x<!-- hidden -->y", "xy"},
      {"<script>var a = '<p>';</script>text", "text"},
      {"<style type=\"text/css\">p{}</style>text", "text"},
      {"<div class='a>b'>quoted</div>", "quoted"},
      {"&lt;b&gt;literal&lt;/b&gt;", "<b>literal</b>"},
      {"unclosed <b tag", "unclosed <b tag"},
      // control characters and Unicode spaces
      {"a\x01" "b\x7F" "c\x1B" "d", "abcd"},
      {"tab\tkept? no: collapsed", "tab kept? no: collapsed"},
      {"nbsp\xC2\xA0" "here", "nbsp here"},
      {"zero\xE2\x80\x8Bwidth\xEF\xBB\xBF", "zerowidth"},
      {"soft\xC2\xADhyphen", "softhyphen"},
      {"c1\xC2\x85next", "c1\nnext"},
      {"\xE2\x80\xA2 bullet stays", "\xE2\x80\xA2 bullet stays"},
      // invalid UTF-8: each bad sequence becomes U+FFFD
      {"bad\xFFyte", "bad\xEF\xBF\xBDyte"},
      {"cut\xE2\x82", "cut\xEF\xBF\xBD"},
      {"over\xC0\xAFlong", "over\xEF\xBF\xBD\xEF\xBF\xBDlong"},
      {"sur\xED\xA0\x80gate", "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDgate"},
      {"\xF0\x9F\x98\x80 emoji", "\xF0\x9F\x98\x80 emoji"},
      {"lat\xE9n1", "lat\xEF\xBF\xBDn1"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    const auto got = clean_text(r.in);
    CHECK(got == r.out);
    CHECK(is_valid_utf8(got));
  }
}

TEST_CASE("core: clean_text on a real description fragment", "[core][text]") {
  const std::string in =
      "Job Title: Python Developer\r\nLocation: Houston, TX- Hybrid\r\n\r\n\r\n\xE2\x80\xA2 3+ years of "
      "experience&nbsp;with Python\r\n\xE2\x80\xA2 Django &amp; Flask  \r\n";
  CHECK(clean_text(in) ==
        "Job Title: Python Developer\nLocation: Houston, TX- Hybrid\n\n\xE2\x80\xA2 3+ years of experience with "
        "Python\n\xE2\x80\xA2 Django & Flask");
  // idempotent
  CHECK(clean_text(clean_text(in)) == clean_text(in));
}

TEST_CASE("core: clean_line table", "[core][text]") {
  const std::vector<text_row> rows = {
      {"   FinTech - Frontend Software Engineer (React)   ", "FinTech - Frontend Software Engineer (React)"},
      {"Software Development \nIntegration \nTesting", "Software Development Integration Testing"},
      {"Hiring Immediately Python Developer  Austin TX", "Hiring Immediately Python Developer Austin TX"},
      {"AT&amp;T", "AT&T"},
      {"<b>Senior</b><br>Engineer", "Senior Engineer"},
      {"\n\n", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(clean_line(r.in) == r.out);
  }
}

TEST_CASE("core: normalize_for_key table", "[core][text]") {
  const std::vector<text_row> rows = {
      {"Sr. C++ Engineer!", "sr c engineer"},
      {"  React/React Native -- Developer ", "react react native developer"},
      {"PYTHON DEVELOPER(ENTRY LEVEL)", "python developer entry level"},
      {"Caf\xC3\xA9 M\xC3\xBCnchen", "caf\xC3\xA9 m\xC3\xBCnchen"},
      {"", ""},
      {"---", ""},
      {"A1_b2", "a1 b2"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(normalize_for_key(r.in) == r.out);
  }
}

TEST_CASE("core: normalize_company table", "[core][text]") {
  const std::vector<text_row> rows = {
      {"Scribd, Inc.", "scribd"},
      {"Zenfreed, LLC", "zenfreed"},
      {"Susquehanna International Group, LLP (SIG)", "susquehanna international group llp sig"},
      {"Phoenix Cyber Solutions LTD", "phoenix cyber solutions"},
      {"pozent corporation", "pozent"},
      {"U.S. Bank Corp", "u s bank"},
      {"Extend Information Systems Inc.", "extend information systems"},
      {"extend information systems inc.", "extend information systems"},
      {"Siemens AG", "siemens"},
      {"Foo Co., Ltd.", "foo"},
      {"Example GmbH & Co. KG", "example"},
      {"Winterfell and Company", "winterfell"},
      {"Johnson & Johnson", "johnson johnson"},
      {"Company", "company"},
      {"Inc", "inc"},
      {"AT&T", "at t"},
      {"Walmart", "walmart"},
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(normalize_company(r.in) == r.out);
  }
}

TEST_CASE("core: normalize_title table", "[core][text]") {
  const std::vector<text_row> rows = {
      {"React Developer (Remote)", "react developer"},
      {"AI/ML Engineer (Remote)", "ai ml engineer"},
      {"C#, WPF UI Software Engineer [100% Remote within USA]", "c wpf ui software engineer"},
      {"Software Engineer (Remote - USA)", "software engineer"},
      {"Applications Developer (Hybrid)", "applications developer"},
      {"Contract Python Developer - Remote", "contract python developer"},
      {"React Developer - Remote | WFH", "react developer"},
      {"Sr React Developer -100% Remote", "sr react developer"},
      {"Hiring Immediately Python Developer  Austin TX", "python developer austin tx"},
      {"React Developer Needed - Urgent", "react developer needed"},
      {"React Developer required urgently", "react developer"},
      {"Urgent Hiring // Python Developer // Full Time", "python developer"},
      {"Job Title: Python Developer", "python developer"},
      {"Now Hiring Remote Sales Experts: Apply Today", "remote sales experts apply today"},
      {"Remote Software Developer", "remote software developer"},
      {"Remote Sensing Scientist", "remote sensing scientist"},
      {"Urgent Care Nurse", "urgent care nurse"},
      {"Python Developer (Entry Level)", "python developer entry level"},
      {"Python Developer ( Entry Level )", "python developer entry level"},
      {"Full Stack Software Developer (Dayton, OH)", "full stack software developer dayton oh"},
      {"Remote", "remote"},
      {"(Remote)", ""},
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(normalize_title(r.in) == r.out);
  }
  // the same job with and without noise gets the same key
  CHECK(normalize_title("Entry Level Python Developer (Remote)") == normalize_title("Entry Level Python Developer"));
  CHECK(normalize_title("React Developer (Remote)") != normalize_title("React Native Developer (Remote)"));
}
