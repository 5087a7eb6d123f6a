// HTTPS on the mock's own connection layer (docs/serve.md, "TLS"): the scripted answer, and
// every fault seen by a TLS client as what it is.
#include "mockserver/tls.h"

#include <gmock/gmock.h>

#include <string>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::StartsWith;

class TlsTest : public ServerTest {
 protected:
  MockServer& start_tls(std::vector<faults::Step> steps, bool cut_handshake = false,
                        MockServerOptions options = {}) {
    options.tls.enabled = true;
    options.tls.cut_handshake = cut_handshake;
    return start(chat_scenario(std::move(steps)), fake_clock_, std::move(options));
  }

  HttpResult post_trusting(const std::string& ca_pem, std::string body = kChatBody) {
    HttpRequest request = chat_request();
    request.ca_pem = ca_pem;
    request.body = std::move(body);
    return client_.perform(request);
  }
};

TEST_F(TlsTest, AClientTrustingTheGeneratedCaGetsTheScriptedAnswer) {
  MockServer& server = start_tls({respond(200, R"({"ok":true})")});
  EXPECT_THAT(server.url(), StartsWith("https://127.0.0.1:"));
  const HttpResult result = post_trusting(server.tls_ca_pem());
  EXPECT_EQ(result.code, CURLE_OK);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"ok":true})");
  ASSERT_EQ(server.journal().size(), 1u);
  EXPECT_EQ(server.journal()[0].status, 200);
}

TEST_F(TlsTest, AClientTrustingAnotherCaFailsVerification) {
  MockServer& server = start_tls({respond(200, "{}")});
  EXPECT_EQ(post_trusting(generate_tls_identity().ca_pem).code, CURLE_PEER_FAILED_VERIFICATION);
  EXPECT_TRUE(server.journal().empty());
}

TEST_F(TlsTest, AHandshakeCutByTheServerIsAnSslConnectError) {
  MockServer& server = start_tls({respond(200, "{}")}, /*cut_handshake=*/true);
  EXPECT_EQ(post_trusting(server.tls_ca_pem()).code, CURLE_SSL_CONNECT_ERROR);
  EXPECT_TRUE(server.journal().empty());
}

TEST_F(TlsTest, ADropIsAnEmptyReplyOverTlsToo) {
  MockServer& server = start_tls({faults::DropStep{}});
  EXPECT_EQ(post_trusting(server.tls_ca_pem()).code, CURLE_GOT_NOTHING);
}

TEST_F(TlsTest, AResetIsARecvErrorOverTlsToo) {
  MockServer& server = start_tls({faults::ResetStep{}});
  EXPECT_EQ(post_trusting(server.tls_ca_pem()).code, CURLE_RECV_ERROR);
}

TEST_F(TlsTest, ATruncatedBodyIsAPartialFileOverTlsToo) {
  faults::TruncateStep cut;
  cut.status = 200;
  cut.body = json_body(R"({"object":"chat.completion","choices":[]})");
  cut.after_bytes = 12;
  MockServer& server = start_tls({cut});
  const HttpResult result = post_trusting(server.tls_ca_pem());
  EXPECT_EQ(result.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(result.body, R"({"object":"c)");
}

TEST_F(TlsTest, LimitsHoldOverTls) {
  MockServerOptions options;
  options.max_body_bytes = 16;
  MockServer& server = start_tls({respond(200, "{}")}, false, options);
  const HttpResult result = post_trusting(server.tls_ca_pem());
  EXPECT_EQ(result.code, CURLE_OK);
  EXPECT_EQ(result.status, 413);
  EXPECT_TRUE(server.journal().empty());
}

}  // namespace
}  // namespace cometbench::mockserver::testing
