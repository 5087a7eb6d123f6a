#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace cometbench::mockserver {

/// A server's certificate chain and key, PEM; `ca_pem` is what a client must trust (empty when
/// the files came from the user, who knows their own CA).
struct TlsIdentity {
  std::string certificate_pem;  // leaf first, then any intermediates
  std::string key_pem;
  std::string ca_pem;
};

/// A fresh certificate authority and a server certificate it signed, for `127.0.0.1`, `::1` and
/// `localhost`, valid from a day ago for 30 days, with P-256 keys. Two levels rather than one
/// self-signed leaf because strict verifiers (Python 3.13's default context, for one) refuse a
/// leaf that is its own trust anchor; a client trusts `ca_pem`. Throws std::runtime_error
/// naming the OpenSSL call that failed.
TlsIdentity generate_tls_identity();

/// Reads a PEM certificate chain and a PEM private key. Throws std::runtime_error naming the
/// file that cannot be read.
TlsIdentity load_tls_identity(const std::string& certificate_file, const std::string& key_file);

/// An OpenSSL server context for one identity: TLS 1.2 or newer, non-blocking friendly (partial
/// and moving-buffer writes). Thread-safe: every connection's SSL object comes from `make()`.
class TlsContext {
 public:
  /// Throws std::runtime_error when the certificate or key is unusable or they do not match.
  explicit TlsContext(const TlsIdentity& identity);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  /// A new server-side SSL object for the accepted socket `fd` (not owned); the caller owns the
  /// result and frees it with SSL_free. Null when OpenSSL is out of memory.
  SSL* make(int fd) const;

 private:
  SSL_CTX* ctx_ = nullptr;
};

/// The last OpenSSL error queued on this thread, as text ("" when none); clears the queue.
std::string take_openssl_error();

}  // namespace cometbench::mockserver
