#include "actors/pipeline.hpp"

#include "actors/stages.hpp"

#include <caf/all.hpp>

namespace jobpilot::actors {

namespace {

struct pipeline_state {
  messages::processor_actor processor;
  messages::embedder_actor embedder;
  messages::deduper_actor deduper;
  messages::loader_actor loader;
  static inline const char* name = "pipeline";
};

messages::pipeline_actor::behavior_type pipeline(messages::pipeline_actor::stateful_pointer<pipeline_state> self,
                                                 std::shared_ptr<const stage_context> ctx) {
  auto& sys = self->system();
  self->state.processor = spawn_processor(sys, ctx);
  self->state.embedder = spawn_embedder(sys, ctx);
  self->state.deduper = spawn_deduper(sys, ctx);
  self->state.loader = spawn_loader(sys, ctx);
  // A stage that fails for good (restart intensity exceeded) takes the pipeline down with it.
  for (auto a : {caf::actor_cast<caf::actor>(self->state.processor), caf::actor_cast<caf::actor>(self->state.embedder),
                 caf::actor_cast<caf::actor>(self->state.deduper), caf::actor_cast<caf::actor>(self->state.loader)})
    self->link_to(a);
  self->set_exit_handler([=](caf::exit_msg& em) {
    auto& st = self->state;
    for (auto a : {caf::actor_cast<caf::actor>(st.processor), caf::actor_cast<caf::actor>(st.embedder),
                   caf::actor_cast<caf::actor>(st.deduper), caf::actor_cast<caf::actor>(st.loader)})
      if (a && a.address() != em.source) self->send_exit(a, caf::exit_reason::user_shutdown);
    self->quit(em.reason);
  });
  return {
    [=](atom::process, const messages::raw_stored& in) -> caf::result<messages::loaded> {
      auto rp = self->make_response_promise<messages::loaded>();
      auto fail = [=](caf::error& err) mutable { rp.deliver(std::move(err)); };
      self->request(self->state.processor, caf::infinite, atom::process::value, in)
          .then(
              [=](messages::processed& p) mutable {
                self->request(self->state.embedder, caf::infinite, atom::embed::value, p)
                    .then(
                        [=](messages::embedded& e) mutable {
                          self->request(self->state.deduper, caf::infinite, atom::dedupe::value, e)
                              .then(
                                  [=](messages::deduped& d) mutable {
                                    self->request(self->state.loader, caf::infinite, atom::load::value, d)
                                        .then([=](messages::loaded& l) mutable { rp.deliver(std::move(l)); }, fail);
                                  },
                                  fail);
                        },
                        fail);
              },
              fail);
      return rp;
    },
  };
}

}  // namespace

messages::pipeline_actor spawn_pipeline(caf::actor_system& sys, std::shared_ptr<const stage_context> ctx) {
  return sys.spawn(pipeline, std::move(ctx));
}

}  // namespace jobpilot::actors
