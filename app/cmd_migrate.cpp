#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <iostream>

namespace jobpilot::app {

int run_migrate(const global_options& g) {
  int code = exit_ok;
  auto s = load_settings(g, code);
  if (!s) return code;
  std::string err;
  auto target = storage::parse_database_url(s->database.url, s->data_dir, &err);
  if (!target) {
    std::cerr << "error: database.url: " << err << "\n";
    return exit_usage;
  }
  try {
    auto db = storage::database::open(*target, 1);
    auto report = storage::migrate(*db);
    std::cout << "database " << db->display_url() << ": schema version " << report.from_version << " -> "
              << report.to_version << "\n";
    for (const auto& name : report.applied) std::cout << "  applied " << name << "\n";
    if (report.applied.empty()) std::cout << "  up to date\n";
  } catch (const storage::storage_error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace jobpilot::app
