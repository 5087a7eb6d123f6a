#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "faults/scenario.h"
#include "mockserver/mock_server.h"
#include "mockserver/script_state.h"

namespace cometbench::mockserver {

/// The path prefix that names a session: `/sessions/ID/...`.
inline constexpr std::string_view kSessionPrefix = "/sessions/";

/// Longest session ID (DESIGN section 8).
inline constexpr std::size_t kMaxSessionIdLength = 64;

/// At most this many scenarios are loaded at once, counting those uploaded with
/// `PUT /__admin/scenario` under new names (a bound on what the unauthenticated admin API can
/// make the server keep; those loaded at start are not refused).
inline constexpr std::size_t kMaxLoadedScenarios = 256;

/// True for a session ID as DESIGN section 8 defines it: 1 to 64 letters, digits, `-` or `_`.
bool is_valid_session_id(std::string_view id);

/// A request path split into the session it names and the route it asks for.
struct SessionPath {
  std::string session;  // "" for the default session
  std::string route;    // the path that scripts are looked up by
  bool valid = true;    // false: the path starts with /sessions/ but names no valid ID
};

/// `/sessions/ID/rest` -> {ID, "/rest"}; any path not starting with `/sessions/` belongs to the
/// default session, unchanged. `/sessions/` followed by an invalid ID (or by no `/` after it)
/// is not valid.
SessionPath split_session_path(const std::string& path);

/// The scenarios a server can play, by name, and the sessions playing them. Each session has
/// its own ScriptState, made on first use from the default scenario unless `select` chose
/// another. The default session ("") always exists and does not count toward `max_sessions`.
///
/// Not thread-safe: the server guards it with the lock that also orders the journal.
class SessionTable {
 public:
  /// `scenarios`: at least one, names distinct; the first is the default. Throws
  /// std::invalid_argument otherwise.
  SessionTable(std::vector<faults::Scenario> scenarios, std::size_t max_sessions);

  /// The state of session `id` ("" = the default session), made on first use with the default
  /// scenario; nullptr when making it would exceed `max_sessions`.
  std::shared_ptr<ScriptState> state_for(const std::string& id);

  /// Session `id` plays its scenario from the first step again. Nothing to do for a session
  /// not made yet.
  void reset(const std::string& id);

  /// Every session forgotten (with its choice of scenario); the default session starts over.
  void reset_all();

  /// Session `id` plays the loaded scenario `name` from its first step (made if needed).
  /// Throws std::invalid_argument with a message for the client: an unknown name (listing the
  /// loaded ones), or no room for one more session.
  void select(const std::string& id, const std::string& name);

  /// Forgets session `id`, freeing its place; false when there was no such session. The
  /// default session is never removed (it is reset instead).
  bool remove(const std::string& id);

  /// Makes the loaded scenario `name` the default, then reset_all(). Throws
  /// std::invalid_argument for an unknown name, as `select` does.
  void use_as_default(const std::string& name);

  /// Adds `scenario`, replacing a loaded one of the same name, makes it the default, then
  /// reset_all(). Throws std::invalid_argument when a new name would exceed
  /// kMaxLoadedScenarios.
  void load(faults::Scenario scenario);

  /// The default session (id "") first, then the others by ID.
  std::vector<SessionInfo> sessions() const;

  /// Names of the loaded scenarios, the default first, then in loading order.
  std::vector<std::string> scenario_names() const;

  /// The default scenario, as loaded.
  const faults::Scenario& default_scenario() const { return *default_; }

 private:
  using SharedScenario = std::shared_ptr<const faults::Scenario>;
  const SharedScenario* find(const std::string& name) const;
  // Like `find`, but throws the message `select` and `use_as_default` promise.
  const SharedScenario& loaded(const std::string& name) const;

  const std::size_t max_sessions_;
  std::vector<SharedScenario> loaded_;  // in loading order
  SharedScenario default_;
  std::shared_ptr<ScriptState> default_state_;
  std::map<std::string, std::shared_ptr<ScriptState>> sessions_;  // by ID, without ""
};

}  // namespace cometbench::mockserver
