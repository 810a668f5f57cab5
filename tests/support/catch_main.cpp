// The one Catch2 v2 main of the test binary.
//
// Catch2 2.13's command line takes -w/--warn only once ("Unrecognised token" on the second), but
// CTest runs every group with both "--warn NoTests --warn NoAssertions" (CMakeLists.txt). So the
// known warnings are taken out of the arguments here and or-ed into Catch2's configuration;
// anything else, an unknown warning name included, goes to Catch2 unchanged.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

int known_warning(const std::string& name) {
  if (name == "NoAssertions") return Catch::WarnAbout::NoAssertions;
  if (name == "NoTests") return Catch::WarnAbout::NoTests;
  return Catch::WarnAbout::Nothing;
}

}  // namespace

int main(int argc, char* argv[]) {
  std::vector<char*> args;
  int warnings = Catch::WarnAbout::Nothing;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i > 0 && (arg == "-w" || arg == "--warn") && i + 1 < argc && known_warning(argv[i + 1])) {
      warnings |= known_warning(argv[++i]);
    } else if (i > 0 && arg.rfind("--warn=", 0) == 0 && known_warning(arg.substr(7))) {
      warnings |= known_warning(arg.substr(7));
    } else {
      args.push_back(argv[i]);
    }
  }

  Catch::Session session;
  if (const int rc = session.applyCommandLine(static_cast<int>(args.size()), args.data()); rc != 0) return rc;
  auto& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | warnings);
  return session.run();
}
