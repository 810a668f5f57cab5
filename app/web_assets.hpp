// The dashboard page (web/dashboard.html), compiled into the binary by cmake/embed_web.cmake.
#pragma once

#include <string_view>

namespace jobpilot::app {

std::string_view dashboard_html();

}  // namespace jobpilot::app
