#include "mockserver/mock_server.h"

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "faults/step_kinds.h"
#include "mockserver/admin_api.h"
#include "mockserver/http_date.h"
#include "mockserver/http_server.h"
#include "mockserver/journal.h"
#include "mockserver/playbook.h"
#include "mockserver/responses.h"
#include "mockserver/sessions.h"
#include "mockserver/step_player.h"

namespace cometbench::mockserver {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Steps whose behaviour depends on the connection's socket: a fault needs it outright, a wait
// needs it to notice the client hanging up.
bool needs_socket(const faults::Step& step) {
  switch (faults::step_kind_info(step).socket) {
    case faults::SocketUse::kNone:
      return false;
    case faults::SocketUse::kWhenItWaits: {
      const auto& respond = std::get<faults::RespondStep>(step);
      return respond.delay.count() > 0 || respond.dribble.has_value();
    }
    case faults::SocketUse::kToNoticeHangUp:
    case faults::SocketUse::kRequired:
      return true;
  }
  return true;
}

bool requires_socket(const faults::Step& step) {
  return faults::step_kind_info(step).socket == faults::SocketUse::kRequired;
}

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

}  // namespace

class MockServer::Impl {
 public:
  Impl(MockServer& owner, clock::Clock& clock, std::vector<faults::Scenario> scenarios,
       MockServerOptions options)
      : owner_(owner),
        clock_(clock),
        options_(std::move(options)),
        journal_(options_.journal_capacity),
        playbook_(std::move(scenarios), options_.max_sessions, journal_, clock_,
                  options_.step_strategy) {
    journal_.reset(clock_.now());
  }

  ~Impl() { stop(); }

  void start();
  void stop();

  std::string url() const {
    const bool v6 = options_.host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" +
           std::to_string(port_.load());
  }
  int port() const { return port_.load(); }

  Playbook& playbook() { return playbook_; }
  Journal& journal() { return journal_; }

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  // Writes the answer the mock gives itself (`c.own` is not kNone).
  void answer(const Claim& c, const SessionPath& where, const std::string& method,
              const std::optional<std::string>& problem, httplib::Response& res) const;
  // Adds `Date` (and `x-request-id` when `id` is set) unless the answer has them already.
  void stamp(httplib::Response& res, const std::string& id) const;

  MockServer& owner_;
  clock::Clock& clock_;
  const MockServerOptions options_;
  HttpServer server_;
  std::thread listener_;
  std::atomic<int> port_{0};
  // Read by every stop predicate: once set, holds, delays and dribbles end and content
  // providers abort.
  std::atomic<bool> stopping_{false};

  std::mutex lifecycle_mu_;  // serializes start() and stop()
  bool started_ = false;     // guarded by lifecycle_mu_
  bool stopped_ = false;     // guarded by lifecycle_mu_

  std::mutex listen_mu_;
  std::condition_variable listen_cv_;
  bool listen_done_ = false;  // guarded by listen_mu_: listen_after_bind() has returned

  Journal journal_;
  Playbook playbook_;  // after journal_, which it uses
};

void MockServer::Impl::start() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (started_ || stopped_) throw std::logic_error("MockServer::start() called twice");

  server_.configure(options_.worker_threads, [this](const httplib::Request& req,
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
  // accepting, then wake workers that wait on idle keep-alive connections, which httplib's
  // listen() would otherwise wait for (up to the keep-alive timeout). Connections accepted
  // after the sweep are shut as they arrive.
  stopping_ = true;
  server_.stop();
  server_.shut_connections();
  std::unique_lock lock(listen_mu_);
  listen_cv_.wait(lock, [this] { return listen_done_; });
  lock.unlock();
  listener_.join();
}

void MockServer::Impl::answer(const Claim& c, const SessionPath& where, const std::string& method,
                              const std::optional<std::string>& problem,
                              httplib::Response& res) const {
  const std::string& id = c.request_id;
  switch (c.own) {
    case OwnAnswer::kNone:
      return;
    case OwnAnswer::kInvalidSession:
      return send_json(res, 400, invalid_session_body(id));
    case OwnAnswer::kSessionLimit:
      return send_json(res, 400, session_limit_body(options_.max_sessions, id));
    case OwnAnswer::kAuthRejected:
      return send_json(res, 401, invalid_api_key_body(id));
    case OwnAnswer::kNotFound:
      return send_json(res, 404,
                       not_found_body(method, clipped(where.route, kMaxStoredRouteBytes),
                                      c.state->scenario().name, id));
    case OwnAnswer::kInvalidRequest:
      return send_json(res, 400, invalid_request_body(*problem, id));
    case OwnAnswer::kExhausted:
      return send_json(res, 500,
                       exhausted_body(c.state->scenario().name, script_key(*c.script),
                                      c.script->steps.size(), id));
    case OwnAnswer::kNoStep:
      return send_json(res, 500, internal_error_body(c.no_step_reason, id));
  }
}

void MockServer::Impl::stamp(httplib::Response& res, const std::string& id) const {
  if (!res.has_header("Date")) res.set_header("Date", imf_fixdate(clock_.wall_now()));
  if (!id.empty() && !res.has_header("x-request-id")) res.set_header("x-request-id", id);
}

void MockServer::Impl::handle(const httplib::Request& req, httplib::Response& res) {
  if (options_.admin_api && req.path.rfind(kAdminPrefix, 0) == 0) {
    serve_admin_request(owner_, journal_, options_, req, res);
    stamp(res, "");
    return;
  }
  const SessionPath where = split_session_path(req.path);
  JournalEntry entry;
  entry.session = where.session;
  entry.method = req.method;
  entry.route = clipped(where.route, kMaxStoredRouteBytes);
  entry.connection_id = journal_.connection_id(req.remote_addr, req.remote_port);
  for (const auto& [name, value] : req.headers) note_retry_header(entry, name, value);
  entry.body_size = req.body.size();
  entry.body_sha256 = sha256_hex(req.body);

  // Checked before the lock: parsing a large body must not hold up other requests.
  const bool is_chat =
      where.valid && req.method == "POST" && ends_with(where.route, "/chat/completions");
  const std::optional<std::string> problem =
      is_chat ? chat_request_problem(req.body) : std::nullopt;

  const Claim c = playbook_.claim(req.method, req.get_header_value("Authorization"), where,
                                  problem.has_value(), std::move(entry),
                                  [&req](const std::string& name) -> std::optional<std::string> {
                                    if (!req.has_header(name)) return std::nullopt;
                                    return req.get_header_value(name);
                                  });
  if (c.step == nullptr) {
    answer(c, where, req.method, problem, res);
    stamp(res, c.request_id);
    return;
  }
  std::shared_ptr<Connection> connection;
  if (needs_socket(*c.step)) {
    connection = server_.connection_of(req);
    if (!connection && requires_socket(*c.step)) {
      send_json(res, 500,
                internal_error_body("could not find this connection's socket", c.request_id));
      journal_.set_status(c.handle, 500);
      stamp(res, c.request_id);
      return;
    }
  }
  const PlayContext context{
      c.clock ? *c.clock : clock_, c.state,
      [this, connection] { return stopping_.load() || (connection && connection->peer_closed()); },
      connection, c.clock};
  journal_.set_status(c.handle, play_step(*c.step, context, res));
  stamp(res, c.request_id);
}

namespace {

std::vector<faults::Scenario> one(faults::Scenario scenario) {
  std::vector<faults::Scenario> scenarios;
  scenarios.push_back(std::move(scenario));
  return scenarios;
}

}  // namespace

MockServer::MockServer(clock::Clock& clock, faults::Scenario scenario, MockServerOptions options)
    : MockServer(clock, one(std::move(scenario)), std::move(options)) {}

MockServer::MockServer(clock::Clock& clock, std::vector<faults::Scenario> scenarios,
                       MockServerOptions options)
    : impl_(std::make_unique<Impl>(*this, clock, std::move(scenarios), std::move(options))) {}

MockServer::~MockServer() = default;

void MockServer::start() { impl_->start(); }
void MockServer::stop() { impl_->stop(); }
std::string MockServer::url() const { return impl_->url(); }
int MockServer::port() const { return impl_->port(); }
void MockServer::load(faults::Scenario scenario) { impl_->playbook().load(std::move(scenario)); }
void MockServer::use_scenario(const std::string& name) { impl_->playbook().use_scenario(name); }
void MockServer::reset() { impl_->playbook().reset(); }
void MockServer::reset_session(const std::string& id) { impl_->playbook().reset_session(id); }
void MockServer::select_scenario(const std::string& id, const std::string& name) {
  impl_->playbook().select_scenario(id, name);
}
bool MockServer::remove_session(const std::string& id) {
  return impl_->playbook().remove_session(id);
}
std::vector<SessionInfo> MockServer::sessions() const { return impl_->playbook().sessions(); }
std::vector<std::string> MockServer::scenario_names() const {
  return impl_->playbook().scenario_names();
}
std::vector<JournalEntry> MockServer::journal(const std::optional<std::string>& session) const {
  return impl_->journal().entries(session);
}
std::uint64_t MockServer::journal_dropped() const { return impl_->journal().dropped(); }
bool MockServer::wait_for_journal(const std::function<bool(const std::deque<JournalEntry>&)>& done,
                                  std::chrono::milliseconds timeout) const {
  return impl_->journal().wait_until(done, timeout);
}

}  // namespace cometbench::mockserver
