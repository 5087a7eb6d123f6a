#include "mockserver/tls.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cometbench::mockserver {
namespace {

constexpr long kDaySeconds = 24L * 60 * 60;
constexpr long kValidDays = 30;

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter>;
using Cert = std::unique_ptr<X509, Deleter>;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("TLS: " + what + " failed: " + take_openssl_error());
}

void check(int ok, const char* what) {
  if (ok != 1) fail(what);
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) fail("EVP_EC_gen");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) fail(std::string("X509V3_EXT_conf_nid ") + OBJ_nid2sn(nid));
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  check(ok, "X509_add_ext");
}

// A certificate for `subject_cn` holding `key`, before extensions and signature. A random
// 128-bit serial, as RFC 5280 asks of a CA that issues more than one.
Cert new_certificate(const char* subject_cn, EVP_PKEY* key) {
  Cert cert(X509_new());
  if (!cert) fail("X509_new");
  check(X509_set_version(cert.get(), 2), "X509_set_version");
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial), "RAND_bytes");
  serial[0] &= 0x7f;  // a positive INTEGER
  std::unique_ptr<BIGNUM, Deleter> bn(BN_bin2bn(serial, sizeof serial, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    fail("BN_to_ASN1_INTEGER");
  }
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kDaySeconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidDays * kDaySeconds) == nullptr) {
    fail("X509_gmtime_adj");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("cometbench"), -1, -1, 0),
        "X509_NAME_add_entry_by_txt");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(subject_cn), -1, -1, 0),
        "X509_NAME_add_entry_by_txt");
  check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
  return cert;
}

std::string to_pem(X509* cert) {
  std::unique_ptr<BIO, Deleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) fail("PEM_write_bio_X509");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, Deleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail("PEM_write_bio_PrivateKey");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    throw std::runtime_error("cannot read the TLS " + std::string(what) + " file " + path);
  }
  return text.str();
}

}  // namespace

std::string take_openssl_error() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text = buffer;  // the last one queued is the most specific
  }
  return text.empty() ? "no OpenSSL error queued" : text;
}

TlsIdentity generate_tls_identity() {
  const Key ca_key = new_key();
  const Cert ca = new_certificate("cometbench mock CA", ca_key.get());
  check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())), "X509_set_issuer_name");
  add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_extension(ca.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(ca.get(), ca_key.get(), EVP_sha256()) == 0) fail("X509_sign (CA)");

  const Key key = new_key();
  const Cert leaf = new_certificate("localhost", key.get());
  check(X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get())), "X509_set_issuer_name");
  add_extension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_extension(leaf.get(), ca.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
  add_extension(leaf.get(), ca.get(), NID_subject_key_identifier, "hash");
  add_extension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(leaf.get(), ca_key.get(), EVP_sha256()) == 0) fail("X509_sign (server)");

  return {to_pem(leaf.get()), to_pem(key.get()), to_pem(ca.get())};
}

TlsIdentity load_tls_identity(const std::string& certificate_file, const std::string& key_file) {
  return {read_file(certificate_file, "certificate"), read_file(key_file, "key"), ""};
}

TlsContext::TlsContext(const TlsIdentity& identity) : ctx_(SSL_CTX_new(TLS_server_method())) {
  if (ctx_ == nullptr) fail("SSL_CTX_new");
  try {
    if (SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION) != 1) {
      fail("SSL_CTX_set_min_proto_version");
    }
    SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // A client that closes without close_notify is an EOF, not an error.
    SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF);
    std::unique_ptr<BIO, Deleter> certs(BIO_new_mem_buf(
        identity.certificate_pem.data(), static_cast<int>(identity.certificate_pem.size())));
    Cert leaf(PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr));
    if (!leaf) fail("reading the certificate (PEM)");
    check(SSL_CTX_use_certificate(ctx_, leaf.get()), "SSL_CTX_use_certificate");
    while (X509* extra = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) {
      if (SSL_CTX_add0_chain_cert(ctx_, extra) != 1) {
        X509_free(extra);
        fail("SSL_CTX_add0_chain_cert");
      }
    }
    ERR_clear_error();  // the loop ends on a "no start line" error
    std::unique_ptr<BIO, Deleter> keys(
        BIO_new_mem_buf(identity.key_pem.data(), static_cast<int>(identity.key_pem.size())));
    Key key(PEM_read_bio_PrivateKey(keys.get(), nullptr, nullptr, nullptr));
    if (!key) fail("reading the private key (PEM)");
    check(SSL_CTX_use_PrivateKey(ctx_, key.get()), "SSL_CTX_use_PrivateKey");
    check(SSL_CTX_check_private_key(ctx_), "matching the key to the certificate");
  } catch (...) {
    SSL_CTX_free(ctx_);
    throw;
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

SSL* TlsContext::make(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  if (ssl != nullptr && SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    return nullptr;
  }
  return ssl;
}

}  // namespace cometbench::mockserver
