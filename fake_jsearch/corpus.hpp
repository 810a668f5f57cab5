// The set of job objects the fake JSearch server answers from, with duplicate labels.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace jobpilot::fake_jsearch {

struct generated_posting {
  boost::json::object job;   ///< the JSearch job object (either generation)
  std::string opening_id;    ///< the real-world opening; equal ids = duplicates
  std::string kind;          ///< original, cross_post, agency_repost, edited_repost, template_sibling, multi_city,
                             ///< month_later, employer_template; "recorded" for a recorded corpus
  std::string family;        ///< role family id ("software_engineer", ...); "" when unknown
  std::string raw;           ///< recorded corpus: the object's exact bytes (served as is); empty when generated
};

struct corpus {
  std::vector<generated_posting> postings;
  bool labelled = true;      ///< false for a recorded corpus (opening_id is only the job_id)
};

/// {"postings":[{"job_id","opening_id","kind"},...], "openings": <distinct opening ids>}
boost::json::value labels_json(const corpus& c);

}  // namespace jobpilot::fake_jsearch
