// Maps a free-text JSearch query (or a job title) to the role families it names.
#pragma once

#include "fake_jsearch/corpus.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::fake_jsearch {

/// Family ids whose keywords score highest in `text` (ties give several); empty when none match.
std::vector<std::string> families_named(std::string_view text);

/// Indexes of the postings whose family the query names, in corpus order;
/// every index when the query names no family.
std::vector<std::size_t> match(const corpus& c, std::string_view query);

}  // namespace jobpilot::fake_jsearch
