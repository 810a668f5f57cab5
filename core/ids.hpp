// Random identifiers (UUID v4) and content digests.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace jobpilot::core {

/// Owns its engine (seeded from std::random_device); one per component, not shared across threads.
class uuid_generator {
public:
  uuid_generator();
  explicit uuid_generator(std::uint64_t seed);  ///< deterministic, for tests
  std::string next();                           ///< "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"

private:
  std::mt19937_64 engine_;
};

bool is_uuid(std::string_view text);

/// A UUID derived from a name (SHA-256 based, version-5 style): the same name always gives
/// the same id, so reprocessing writes the same rows again instead of new ones.
std::string uuid_from_name(std::string_view name);

/// The processing id of a raw collection: derived from it, so reprocessing replaces its rows.
std::string processing_id_for(std::string_view collection_id);

/// The enhanced_jobs.id of a canonical job first seen as this JSearch posting.
std::string job_uuid_for(std::string_view jsearch_job_id);

/// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

std::string base64_encode(std::string_view bytes);
/// Returns false on characters outside the base64 alphabet.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace jobpilot::core
