// Works around a bug in Debian's CAF 0.17.6 openssl module: a connection that fails its TLS
// handshake (a plain client, a wrong certificate, a port scanner) leaves its error in the thread's
// OpenSSL error queue, because CAF drains the queue only inside log statements, which Debian's build
// compiles out. The next SSL_read on any healthy connection of that thread then reports the stale
// error and CAF drops that connection: one rejected node would cut every worker off the coordinator.
// OpenSSL requires the queue to be empty before each TLS I/O call (SSL_get_error(3)); these
// definitions in the executable take the place of libssl's for every library in the process, clear
// the queue, and call libssl's own. Beast's own calls clear it already: for them nothing changes.
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <dlfcn.h>

namespace {

template <class F>
F next_definition(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static const auto real = next_definition<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static const auto real = next_definition<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static const auto real = next_definition<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static const auto real = next_definition<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

}  // extern "C"
