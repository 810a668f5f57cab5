#include "actors/stage_progress.hpp"

#include "storage/database_guard.hpp"
#include "storage/stage_repository.hpp"

namespace jobpilot::actors {

std::optional<messages::collection_progress> claim_or_answer(storage::database_guard& guard,
                                                             storage::stage_repository& stages,
                                                             const std::string& id,
                                                             core::collection_status expected,
                                                             const std::string& doing) {
  auto claim = guard.run("claim the collection", [&] { return stages.claim(id, expected); });
  if (claim.claimed) return std::nullopt;
  messages::collection_progress out;
  out.collection_id = id;
  if (!claim.state) {
    out.status = core::collection_status::failed;
    out.reason = "no raw collection with this id";
    return out;
  }
  out.status = claim.state->status;
  out.reason = claim.state->reason;
  if (out.status == expected) out.reason = "being " + doing + " by " + claim.state->claimed_by;
  return out;
}

messages::stage_reply reply_with_states(storage::database_guard& guard, storage::stage_repository& stages,
                                        const std::vector<std::string>& ids,
                                        std::map<std::string, messages::collection_progress> done) {
  std::vector<std::string> rest;
  for (const auto& id : ids)
    if (!done.count(id)) rest.push_back(id);
  auto states = guard.run("read collection states", [&] { return stages.states(rest); });
  messages::stage_reply reply;
  for (auto& [id, p] : done) reply.collections.push_back(std::move(p));
  for (const auto& id : rest) {
    messages::collection_progress p;
    p.collection_id = id;
    p.status = core::collection_status::failed;
    p.reason = "no raw collection with this id";
    for (const auto& s : states)
      if (s.collection_id == id) {
        p.status = s.status;
        p.reason = s.reason;
      }
    reply.collections.push_back(std::move(p));
  }
  return reply;
}

}  // namespace jobpilot::actors
