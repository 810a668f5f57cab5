#include "app/actor_runtime.hpp"

#include "config/settings.hpp"

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include <cstdlib>

namespace jobpilot::app {

actor_config::actor_config(int threads, const config::cluster_settings* cluster) {
  messages::register_message_types(*this);
  // Work-stealing polls when idle; sharing does not (CAF #1251). Our blocking work
  // runs in detached actors, so two scheduler threads are plenty.
  set("scheduler.policy", caf::atom("sharing"));
  set("scheduler.max-threads", threads);
  if (!cluster) return;
  load<caf::io::middleman>();
  // Heartbeats are off by default, so a frozen peer would never be noticed: both sides send them,
  // and each drops a connection it has heard nothing on for node_timeout.
  set("middleman.heartbeat-interval", caf::timespan{cluster->heartbeat_interval});
  set("middleman.connection-timeout", caf::timespan{cluster->node_timeout});
  const auto& tls = cluster->tls;
  if (tls.certificate.empty()) return;
  load<caf::openssl::manager>();  // after the middleman
  // Certificates set: mutual authentication, both sides' certificates checked against the CA.
  openssl_certificate = tls.certificate;
  openssl_key = tls.key;
  openssl_cafile = tls.ca_file;
  if (!tls.passphrase_env.empty())
    if (const char* p = std::getenv(tls.passphrase_env.c_str())) openssl_passphrase = p;
}

}  // namespace jobpilot::app
