// alerts: what the pipeline raised for people to act on (the seed's quota alert at 80 % used),
// one row per kind and period, so a condition that lasts is reported once, not on every call.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace jobpilot::storage {

class database;

struct alert_row {
  std::string kind;     ///< e.g. quota_80_percent
  std::string period;   ///< what makes it one alert (the quota period's end, as ISO time)
  std::string message;
  std::string created_at;
};

class alert_repository {
public:
  explicit alert_repository(std::shared_ptr<database> db);
  /// True when this is new (false: already raised for this kind and period).
  bool raise(const std::string& kind, const std::string& period, const std::string& message);
  std::vector<alert_row> recent(int limit);

private:
  std::shared_ptr<database> db_;
};

}  // namespace jobpilot::storage
