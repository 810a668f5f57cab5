// The shared corpus of real JSearch replies (../shared/data/jsearch-real), for tests that
// check our parsers on real data when this checkout sits next to it.
#pragma once

#include "core/jsearch_model.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <vector>

namespace jobpilot::test {

/// The corpus folder, or an empty path when it is not there.
std::filesystem::path real_corpus_dir();

/// For test cases tagged [real]: the corpus folder, REQUIREd to be there, so that such a test fails
/// instead of passing without asserting anything. CTest runs [real] only in its real_corpus entry,
/// through tests/skip_unless.sh shared-corpus, which reports "skipped" when the corpus is absent.
std::filesystem::path require_real_corpus();

/// Every job object in every *.json file (core::find_job_objects), in file order;
/// `distinct` keeps the first object of each job_id only.
std::vector<boost::json::object> real_job_objects(bool distinct = false);

/// Distinct job objects that carry a job_description (the text scanners' test input).
std::vector<boost::json::object> real_described_jobs();

/// real_job_objects() parsed (every one parses: the model test proves it).
std::vector<core::job_posting> real_job_postings(bool distinct = false);

}  // namespace jobpilot::test
