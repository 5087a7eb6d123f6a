#include "client/curl_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "clock/fake_clock.h"
#include "clock/system_clock.h"
#include "curl_transport_fixture.h"
#include "raw_server.h"

namespace cometbench::client {
namespace {

using namespace std::chrono_literals;
using testing::CurlTransportTest;
using ::testing::HasSubstr;
using testing::RawServer;

TEST_F(CurlTransportTest, ReportsConnectionRefused) {
  const TransportResult r = transport_.perform(request(
      "http://127.0.0.1:" + std::to_string(RawServer::closed_port()) + "/v1/chat/completions"));
  EXPECT_EQ(r.error, TransportError::connection_refused);
  EXPECT_EQ(r.curl_code, 7);
  EXPECT_EQ(r.status, std::nullopt);
  EXPECT_EQ(r.connection_reused, std::nullopt);
}

TEST_F(CurlTransportTest, TimesOutExactlyAtTheVirtualDeadline) {
  // The server holds the way the mock does: virtual time jumps to the client's registered
  // deadline, then it waits for release. Nothing sleeps in real time.
  serve_once([this](int) {
    clock_.delay_for(clock::Duration::max(), [this] { return release_.load(); });
  });
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::timeout);
  EXPECT_EQ(r.end_time, clock::TimePoint{} + 30s);
  EXPECT_EQ(clock_.now(), clock::TimePoint{} + 30s);
  EXPECT_EQ(r.status, std::nullopt);
  EXPECT_EQ(clock_.earliest_deadline(), std::nullopt);  // unregistered afterwards
}

TEST_F(CurlTransportTest, EndsAtTheCancelTimeWhenItComesFirst) {
  serve_once([this](int) {
    clock_.delay_for(clock::Duration::max(), [this] { return release_.load(); });
  });
  TransportRequest req = request(server_.url());
  req.cancel_at = clock::TimePoint{} + 5s;
  const TransportResult r = transport_.perform(req);
  EXPECT_EQ(r.error, TransportError::cancelled);
  EXPECT_EQ(r.end_time, clock::TimePoint{} + 5s);
  EXPECT_EQ(clock_.now(), clock::TimePoint{} + 5s);
}

TEST_F(CurlTransportTest, EndsWhenTheCancelFlagIsRaisedAndTheTransportWoken) {
  std::atomic<bool> cancel{false};
  std::promise<void> raised;
  serve_once([&](int) {
    cancel = true;
    raised.set_value();
    wait_for_release();
  });
  TransportRequest req = request(server_.url());
  req.cancelled = [&] { return cancel.load(); };
  std::thread waker([&] {
    raised.get_future().wait();
    transport_.wake();  // what ChatClient does when a CancelToken changes
  });
  const TransportResult r = transport_.perform(req);
  waker.join();
  EXPECT_EQ(r.error, TransportError::cancelled);
  EXPECT_EQ(clock_.now(), clock::TimePoint{});
}

TEST_F(CurlTransportTest, ReadsStatusLowercasedHeadersAndBody) {
  std::string seen;
  serve_once([&](int fd) {
    seen = RawServer::read_request(fd);
    RawServer::write_all(fd,
                         "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                         "Retry-After: 2\r\nX-Should-Retry: true\r\nContent-Length: 11\r\n\r\n"
                         "{\"e\":\"x\"}\r\n");
  });
  const TransportResult r = transport_.perform(request(server_.url()));
  server_thread_.join();
  EXPECT_EQ(r.error, TransportError::none);
  EXPECT_EQ(r.curl_code, 0);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.at("retry-after"), "2");
  EXPECT_EQ(r.headers.at("x-should-retry"), "true");
  EXPECT_EQ(r.body, "{\"e\":\"x\"}\r\n");
  EXPECT_THAT(seen, HasSubstr("POST /v1/chat/completions HTTP/1.1\r\n"));
  EXPECT_THAT(seen, HasSubstr("Authorization: Bearer k\r\n"));
  EXPECT_THAT(seen, ::testing::Not(HasSubstr("Expect:")));
  EXPECT_THAT(seen, ::testing::EndsWith(R"({"model":"m","messages":[]})"));
}

TEST_F(CurlTransportTest, ReportsATruncatedBody) {
  serve_once([](int fd) {
    RawServer::read_request(fd);
    RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\"");
  });
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::truncated_body);
  EXPECT_EQ(r.curl_code, 18);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"partial\"");
}

TEST_F(CurlTransportTest, ReportsAnEmptyReply) {
  serve_once([](int fd) { RawServer::read_request(fd); });
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::empty_reply);
  EXPECT_EQ(r.curl_code, 52);
  EXPECT_EQ(r.status, std::nullopt);
}

TEST_F(CurlTransportTest, ReportsAConnectionReset) {
  server_thread_ = std::thread([this] {
    const int fd = server_.accept_one();
    RawServer::read_request(fd);
    RawServer::reset(fd);
  });
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::connection_reset);
  EXPECT_EQ(r.curl_code, 56);
  EXPECT_EQ(r.status, std::nullopt);
}

TEST_F(CurlTransportTest, StreamsAChunkedBodyThroughTheDataCallback) {
  serve_once([](int fd) {
    RawServer::read_request(fd);
    RawServer::write_all(fd,
                         "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n"
                         "f\r\ndata: {\"a\":1}\n\n\r\n"
                         "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n");
  });
  std::string streamed;
  int status_seen = 0;
  TransportRequest req = request(server_.url());
  req.on_data = [&](int status, const Headers& headers, std::string_view bytes) {
    status_seen = status;
    EXPECT_EQ(headers.at("content-type"), "text/event-stream");
    streamed.append(bytes);
    return true;
  };
  const TransportResult r = transport_.perform(req);
  EXPECT_EQ(r.error, TransportError::none);
  EXPECT_EQ(status_seen, 200);
  EXPECT_EQ(streamed, "data: {\"a\":1}\n\ndata: [DONE]\n\n");
  EXPECT_EQ(r.body, streamed);
}

TEST_F(CurlTransportTest, AChunkedStreamClosedMidwayIsTruncated) {
  serve_once([](int fd) {
    RawServer::read_request(fd);
    RawServer::write_all(fd,
                         "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                         "Transfer-Encoding: chunked\r\n\r\nf\r\ndata: {\"a\":1}\n\n\r\n");
  });
  const TransportResult r = transport_.perform(request(server_.url()));
  EXPECT_EQ(r.error, TransportError::truncated_body);
  EXPECT_EQ(r.curl_code, 18);
}

TEST_F(CurlTransportTest, ADataCallbackReturningFalseCancelsTheTransfer) {
  serve_once([](int fd) {
    RawServer::read_request(fd);
    RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
  });
  TransportRequest req = request(server_.url());
  req.on_data = [](int, const Headers&, std::string_view) { return false; };
  const TransportResult r = transport_.perform(req);
  EXPECT_EQ(r.error, TransportError::cancelled);
  EXPECT_EQ(r.curl_code, 23);
}

TEST(CurlTransportRealClockTest, ReusesTheKeepAliveConnection) {
  clock::SystemClock clock;
  CurlTransport transport(clock);
  RawServer server;
  int accepted = 0;
  std::thread serving([&] {
    // One accept only: a second connection would never be answered and the client would time
    // out instead.
    const int fd = server.accept_one();
    ++accepted;
    for (int i = 0; i < 2; ++i) {
      RawServer::read_request(fd);
      RawServer::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    }
    ::close(fd);
  });
  for (int i = 0; i < 2; ++i) {
    TransportRequest req;
    req.url = server.url();
    req.body = "{}";
    req.deadline = clock.now() + 10s;
    const TransportResult r = transport.perform(req);
    EXPECT_EQ(r.error, TransportError::none) << i;
    EXPECT_EQ(r.body, "{}");
    EXPECT_EQ(r.connection_reused, i == 1);
  }
  serving.join();
  EXPECT_EQ(accepted, 1);
}

TEST(CurlCodeMapTest, MapsEveryDocumentedCode) {
  EXPECT_EQ(map_curl_code(0), TransportError::none);
  EXPECT_EQ(map_curl_code(28), TransportError::timeout);
  EXPECT_EQ(map_curl_code(7), TransportError::connection_refused);
  EXPECT_EQ(map_curl_code(52), TransportError::empty_reply);
  EXPECT_EQ(map_curl_code(55), TransportError::connection_reset);
  EXPECT_EQ(map_curl_code(56), TransportError::connection_reset);
  EXPECT_EQ(map_curl_code(18), TransportError::truncated_body);
  for (int code : {35, 51, 58, 59, 60, 77, 83, 90, 91}) {
    EXPECT_EQ(map_curl_code(code), TransportError::tls_error) << code;
  }
  EXPECT_EQ(map_curl_code(6), TransportError::dns_error);
  EXPECT_EQ(map_curl_code(42), TransportError::cancelled);
  EXPECT_EQ(map_curl_code(23, true), TransportError::cancelled);
  EXPECT_EQ(map_curl_code(23, false), TransportError::transport_error);
  EXPECT_EQ(map_curl_code(1), TransportError::transport_error);
}

}  // namespace
}  // namespace cometbench::client
