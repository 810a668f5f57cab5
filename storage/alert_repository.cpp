#include "storage/alert_repository.hpp"

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"

namespace jobpilot::storage {

alert_repository::alert_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

bool alert_repository::raise(const std::string& kind, const std::string& period, const std::string& message) {
  return db_->with_session([&](soci::session& s) {
    std::string id = core::uuid_generator().next();
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    soci::statement st = (s.prepare << "INSERT INTO alerts (id, kind, period, message, created_at) VALUES (:id, :k, :p, "
                                       ":m, " + db_->ts_in(":c") + ") ON CONFLICT (kind, period) DO NOTHING",
                          soci::use(id), soci::use(kind), soci::use(period), soci::use(message), soci::use(now));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

std::vector<alert_row> alert_repository::recent(int limit) {
  return db_->with_session([&](soci::session& s) {
    std::vector<alert_row> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT kind, period, message, " + db_->ts_out("created_at") +
                                                   " FROM alerts ORDER BY created_at DESC LIMIT :n",
                                  soci::use(limit));
    for (const auto& row : rs) out.push_back({col_text(row, 0), col_text(row, 1), col_text(row, 2), col_text(row, 3)});
    return out;
  });
}

}  // namespace jobpilot::storage
