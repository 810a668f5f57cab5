// Who holds a claim: every process that claims work (a raw collection, a collection request) writes
// its owner name, "<host>/<pid>/<start time>", into claimed_by. A restarted process can then tell at
// once that the claims of a process killed on this host are free, instead of waiting out the lease.
#pragma once

#include <string>
#include <string_view>

namespace jobpilot::storage {

/// This machine's host name ("unknown-host" when it has none).
const std::string& this_host();

/// This process's owner name (computed once).
const std::string& this_process_owner();

/// True when `owner` names a process on this host that no longer runs: its pid is gone, or the pid
/// now belongs to a process started at another time. Owners on other hosts, and names in another
/// form: false (their lease decides).
bool owner_is_gone(std::string_view owner);

}  // namespace jobpilot::storage
