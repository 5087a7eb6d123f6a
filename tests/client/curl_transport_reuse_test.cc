// One request on the wire is one transfer, also when libcurl would resend on its own.
#include <gtest/gtest.h>

#include <thread>

#include "curl_transport_fixture.h"
#include "raw_server.h"

namespace cometbench::client {
namespace {

using testing::CurlTransportTest;
using testing::RawServer;

// One request on the wire is one transfer: when a request on a reused connection dies
// unanswered, libcurl would resend it on a new connection by itself. The transport refuses, so
// the server sees one connection and the caller sees the failure.
class ReusedConnectionTest : public CurlTransportTest {
 protected:
  // Answers the first request, then reads the second and ends the connection with `end`.
  template <typename End>
  void answer_then(End end) {
    server_thread_ = std::thread([this, end] {
      const int fd = server_.accept_one();
      RawServer::read_request(fd);
      RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
      RawServer::read_request(fd);
      end(fd);
    });
  }

  void expect_first_answered() {
    const TransportResult first = transport_.perform(request(server_.url()));
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.connection_reused, false);
  }
};

TEST_F(ReusedConnectionTest, AFinOnTheReusedConnectionIsAnEmptyReplyAndNoResend) {
  answer_then([](int fd) { ::close(fd); });
  expect_first_answered();
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::empty_reply);
  EXPECT_EQ(r.status, std::nullopt);
  EXPECT_EQ(r.connection_reused, true);
  server_thread_.join();
  EXPECT_FALSE(server_.has_pending_connection());
}

TEST_F(ReusedConnectionTest, AnRstOnTheReusedConnectionIsAResetAndNoResend) {
  answer_then([](int fd) { RawServer::reset(fd); });
  expect_first_answered();
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::connection_reset);
  EXPECT_EQ(r.connection_reused, true);
  server_thread_.join();
  EXPECT_FALSE(server_.has_pending_connection());
}

TEST_F(ReusedConnectionTest, ABodylessRequestIsNotResentEither) {
  // No body means no rewind for libcurl to ask for: the pre-request callback refuses instead.
  answer_then([](int fd) { ::close(fd); });
  expect_first_answered();
  TransportRequest req = request(server_.url());
  req.body.clear();
  const TransportResult r = transport_.perform(req);
  EXPECT_EQ(r.error, TransportError::empty_reply);
  EXPECT_EQ(r.connection_reused, true);
  server_thread_.join();
  EXPECT_FALSE(server_.has_pending_connection());
}

TEST_F(ReusedConnectionTest, TheNextTransferOpensANewConnectionAndSucceeds) {
  server_thread_ = std::thread([this] {
    int fd = server_.accept_one();
    RawServer::read_request(fd);
    RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    RawServer::read_request(fd);
    ::close(fd);
    fd = server_.accept_one();
    RawServer::read_request(fd);
    RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    ::close(fd);
  });
  expect_first_answered();
  EXPECT_EQ(transport_.perform(request(server_.url())).error, TransportError::empty_reply);
  const TransportResult third = transport_.perform(request(server_.url()));
  EXPECT_EQ(third.error, TransportError::none);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.connection_reused, false);
}

}  // namespace
}  // namespace cometbench::client
