#include "mockserver/mock_server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "mockserver/admin_api.h"
#include "mockserver/http_server.h"
#include "mockserver/journal.h"
#include "mockserver/responses.h"
#include "mockserver/script_state.h"
#include "mockserver/step_player.h"
#include "mockserver/transport_options.h"

namespace cometbench::mockserver {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Steps whose behaviour depends on the connection's socket: a fault needs it outright, a wait
// needs it to notice the client hanging up.
bool needs_socket(const faults::Step& step) {
  if (const auto* respond = std::get_if<faults::RespondStep>(&step)) {
    return respond->delay.count() > 0 || respond->dribble.has_value();
  }
  return !std::holds_alternative<faults::TruncateStep>(step);
}

bool requires_socket(const faults::Step& step) {
  return std::holds_alternative<faults::TimeoutStep>(step) ||
         std::holds_alternative<faults::DropStep>(step) ||
         std::holds_alternative<faults::ResetStep>(step);
}

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

}  // namespace

class MockServer::Impl {
 public:
  Impl(MockServer& owner, clock::Clock& clock, faults::Scenario scenario, MockServerOptions options)
      : owner_(owner),
        clock_(clock),
        options_(std::move(options)),
        state_(std::make_shared<ScriptState>(std::move(scenario))),
        journal_(options_.journal_capacity) {
    journal_.reset(clock_.now());
  }

  ~Impl() { stop(); }

  void start();
  void stop();

  std::string url() const {
    const bool v6 = options_.host.find(':') != std::string::npos;
    return (server_.is_tls() ? "https://" : "http://") +
           (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_.load());
  }
  int port() const { return port_.load(); }
  std::string tls_ca_pem() const { return tls_ca_pem_; }
  std::size_t max_connections() const { return server_.max_connections(); }

  void load(faults::Scenario scenario) { replace_state(std::move(scenario)); }
  void reset() {
    std::unique_lock lock(mu_);
    faults::Scenario copy = state_->scenario();
    lock.unlock();
    replace_state(std::move(copy));
  }

  Journal& journal() { return journal_; }

 private:
  // The outcome of the bookkeeping done under mu_ for one request.
  struct Decision {
    std::shared_ptr<ScriptState> state;
    const faults::Step* step = nullptr;  // null: answered by the mock itself (see `status`)
    int status = 0;
    std::string body;
    Journal::Handle handle;
  };

  void replace_state(faults::Scenario scenario) {
    auto fresh = std::make_shared<ScriptState>(std::move(scenario));
    std::lock_guard lock(mu_);
    state_ = std::move(fresh);
    journal_.reset(clock_.now());
  }

  void handle(const httplib::Request& req, httplib::Response& res);
  Decision decide(const httplib::Request& req, JournalEntry entry);

  MockServer& owner_;
  clock::Clock& clock_;
  const MockServerOptions options_;
  HttpServer server_;
  std::thread listener_;
  std::atomic<int> port_{0};
  std::string tls_ca_pem_;  // set by start(), then read-only
  // Read by every stop predicate: once set, holds, delays and dribbles end and content
  // providers abort.
  std::atomic<bool> stopping_{false};

  std::mutex lifecycle_mu_;  // serializes start() and stop()
  bool started_ = false;     // guarded by lifecycle_mu_
  bool stopped_ = false;     // guarded by lifecycle_mu_

  std::mutex listen_mu_;
  std::condition_variable listen_cv_;
  bool listen_done_ = false;  // guarded by listen_mu_: listen_after_bind() has returned

  // Guards state_ and makes "claim a step, then journal it" one step, so journal order is step
  // order even under concurrent requests.
  std::mutex mu_;
  std::shared_ptr<ScriptState> state_;
  Journal journal_;
};

void MockServer::Impl::start() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (started_ || stopped_) throw std::logic_error("MockServer::start() called twice");

  HttpServerOptions transport = transport_options(options_);
  tls_ca_pem_ = transport.tls ? transport.tls->ca_pem : "";
  server_.configure(std::move(transport), [this](const httplib::Request& req,
                                                 httplib::Response& res) { handle(req, res); });
  const int port = server_.bind(options_.host, options_.port);
  port_ = port;
  journal_.reset(clock_.now());
  started_ = true;  // from here on stop() has a listener to wait for
  listener_ = std::thread([this] {
    server_.listen_after_bind();
    {
      std::lock_guard lock(listen_mu_);
      listen_done_ = true;
    }
    listen_cv_.notify_all();
  });
  // httplib's stop() before its accept loop runs does nothing; start() returns only once it
  // runs (or failed), which takes microseconds.
  for (;;) {
    if (server_.is_running()) return;
    std::lock_guard lock(listen_mu_);
    if (listen_done_) break;
    std::this_thread::yield();
  }
  listener_.join();
  stopped_ = true;
  throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(port));
}

void MockServer::Impl::stop() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  // Order matters: open the gates first (held handlers return within a poll slice), then stop
  // the server, which closes parked connections and shuts busy ones (HttpServer::stop).
  stopping_ = true;
  server_.stop();
  std::unique_lock lock(listen_mu_);
  listen_cv_.wait(lock, [this] { return listen_done_; });
  lock.unlock();
  listener_.join();
}

MockServer::Impl::Decision MockServer::Impl::decide(const httplib::Request& req,
                                                    JournalEntry entry) {
  const bool is_chat = req.method == "POST" && ends_with(req.path, "/chat/completions");
  const std::optional<std::string> invalid =
      is_chat ? validate_chat_request(req.body) : std::nullopt;

  Decision d;
  std::lock_guard lock(mu_);
  d.state = state_;
  const faults::Scenario& scenario = d.state->scenario();
  const faults::RouteScript* script = d.state->find(req.method, req.path);
  const auto answer = [&](const char* served, int status, std::string body) {
    entry.served = served;
    entry.status = status;
    d.status = status;
    d.body = std::move(body);
  };
  // CometAPI checks the key before anything else; none of these consumes a step.
  if (scenario.api_key && req.get_header_value("Authorization") != "Bearer " + *scenario.api_key) {
    answer("auth_rejected", 401, invalid_api_key_body());
  } else if (script == nullptr) {
    answer("not_found", 404, not_found_body(req.method, req.path));
  } else if (invalid) {
    answer("invalid_request", 400, *invalid);
  } else if (const auto index = d.state->claim(*script)) {
    d.step = &script->steps[*index];
    entry.step_index = *index;
    entry.served = faults::step_kind(*d.step);
  } else {
    answer("exhausted", 500,
           exhausted_body(scenario.name, script_key(*script), script->steps.size()));
  }
  d.handle = journal_.record(std::move(entry), clock_.now());
  return d;
}

void MockServer::Impl::handle(const httplib::Request& req, httplib::Response& res) {
  if (options_.admin_api && req.path.rfind(kAdminPrefix, 0) == 0) {
    serve_admin_request(owner_, req, res);
    return;
  }
  JournalEntry entry;
  entry.method = req.method;
  entry.route = req.path;
  entry.connection_id = journal_.connection_id(req.remote_addr, req.remote_port);
  for (const auto& [name, value] : req.headers) {
    if (is_retry_header(name)) entry.retry_headers[lower(name)] = value;
  }
  entry.body_size = req.body.size();
  entry.body_sha256 = sha256_hex(req.body);

  const Decision d = decide(req, std::move(entry));
  if (d.step == nullptr) {
    send_json(res, d.status, d.body);
    return;
  }
  std::shared_ptr<Connection> connection;
  if (needs_socket(*d.step)) {
    connection = server_.connection_of(req);
    if (!connection && requires_socket(*d.step)) {
      send_json(res, 500, internal_error_body("could not find this connection's socket"));
      journal_.set_status(d.handle, 500);
      return;
    }
  }
  const PlayContext context{
      clock_, d.state,
      [this, connection] { return stopping_.load() || (connection && connection->peer_closed()); },
      connection};
  journal_.set_status(d.handle, play_step(*d.step, context, res));
}

MockServer::MockServer(clock::Clock& clock, faults::Scenario scenario, MockServerOptions options)
    : impl_(std::make_unique<Impl>(*this, clock, std::move(scenario), std::move(options))) {}

MockServer::~MockServer() = default;

void MockServer::start() { impl_->start(); }
void MockServer::stop() { impl_->stop(); }
std::string MockServer::url() const { return impl_->url(); }
int MockServer::port() const { return impl_->port(); }
std::string MockServer::tls_ca_pem() const { return impl_->tls_ca_pem(); }
std::size_t MockServer::max_connections() const { return impl_->max_connections(); }
void MockServer::load(faults::Scenario scenario) { impl_->load(std::move(scenario)); }
void MockServer::reset() { impl_->reset(); }
std::vector<JournalEntry> MockServer::journal() const { return impl_->journal().entries(); }
std::uint64_t MockServer::journal_dropped() const { return impl_->journal().dropped(); }

}  // namespace cometbench::mockserver
