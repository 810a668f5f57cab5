// `config check [FILE]` and `config show`: the configuration as the service would use it.
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "config/config_loader.hpp"
#include "storage/database_url.hpp"

#include <filesystem>
#include <iostream>

namespace jobpilot::app {

int run_config_check(const global_options& g, const std::string& file) {
  global_options with_file = g;
  if (!file.empty()) with_file.config_path = file;
  int code = exit_ok;
  auto s = load_settings(with_file, code);  // prints every error with file, line and key
  if (!s) return code;
  int enabled = 0;
  for (const auto& e : s->schedules.entries) enabled += e.enabled ? 1 : 0;
  // load_settings reads ./jobpilot.yaml when no file is named: say which file was checked.
  std::string checked = with_file.config_path;
  if (checked.empty() && std::filesystem::exists("jobpilot.yaml")) checked = "jobpilot.yaml";
  std::cout << (checked.empty() ? std::string("built-in defaults") : checked)
            << ": OK (" << s->schedules.entries.size() << " schedule(s), " << enabled << " enabled; time zone "
            << s->scheduler.time_zone << "; HTTP "
            << (s->http.enabled ? s->http.listen + ":" + std::to_string(s->http.port) : std::string("off")) << ")\n";
  return exit_ok;
}

int run_config_show(const global_options& g) {
  int code = exit_ok;
  auto s = load_settings(g, code);
  if (!s) return code;
  // The database URL may carry a password: show it masked, as every log line does.
  std::string error;
  if (auto target = storage::parse_database_url(s->database.url, s->data_dir, &error);
      target && target->display.find("***") != std::string::npos)
    s->database.url = target->display;
  std::cout << config::render_yaml(*s);
  return exit_ok;
}

}  // namespace jobpilot::app
