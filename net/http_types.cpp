// Header lookup for the plain HTTP value types.
#include "net/http_types.hpp"

#include "core/ascii.hpp"

namespace jobpilot::net {

const std::string* find_header(const header_list& headers, const std::string& name) {
  for (const auto& [key, value] : headers)
    if (core::iequals(key, name)) return &value;
  return nullptr;
}

}  // namespace jobpilot::net
