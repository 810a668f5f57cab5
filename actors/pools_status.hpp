// Asks a node's processor and embedder pools for their status, one after the other, then calls
// `done` with the answers (a pool that does not answer within `timeout` is left out). The worker's
// heartbeat and the coordinator's own cluster_nodes row both report this. Included only by actor
// .cpp files: it pulls in CAF.
#pragma once

#include "messages/atoms.hpp"
#include "messages/status.hpp"

#include <caf/all.hpp>

#include <memory>
#include <vector>

namespace jobpilot::actors {

template <class Self, class Processor, class Embedder, class Done>
void ask_pools_status(Self* self, const Processor& processor, const Embedder& embedder, caf::timespan timeout,
                      Done done) {
  auto pools = std::make_shared<std::vector<messages::stage_status>>();
  auto ask_embedder = [self, embedder, timeout, pools, done] {
    self->request(embedder, timeout, atom::status::value)
        .then(
            [pools, done](messages::stage_status& e) {
              pools->push_back(std::move(e));
              done(std::move(*pools));
            },
            [pools, done](caf::error&) { done(std::move(*pools)); });
  };
  self->request(processor, timeout, atom::status::value)
      .then(
          [pools, ask_embedder](messages::stage_status& p) {
            pools->push_back(std::move(p));
            ask_embedder();
          },
          [ask_embedder](caf::error&) { ask_embedder(); });
}

}  // namespace jobpilot::actors
