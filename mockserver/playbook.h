#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clock/clock.h"
#include "faults/scenario.h"
#include "mockserver/journal.h"
#include "mockserver/mock_server.h"
#include "mockserver/script_state.h"
#include "mockserver/sessions.h"
#include "mockserver/step_strategy.h"

namespace cometbench::mockserver {

/// The answers the mock writes itself instead of playing a step.
enum class OwnAnswer {
  kNone,  // a step is played
  kInvalidSession,
  kSessionLimit,
  kAuthRejected,
  kNotFound,
  kInvalidRequest,
  kExhausted,
  kNoStep  // the step strategy chose none (Claim::no_step_reason says why)
};

/// What `Playbook::claim` decided for one request.
struct Claim {
  std::shared_ptr<ScriptState> state;  // keeps the step alive; null for kInvalidSession/Limit
  const faults::Step* step = nullptr;  // the step to play; null when `own` says otherwise
  OwnAnswer own = OwnAnswer::kNone;
  const faults::RouteScript* script = nullptr;  // the route's script, when there is one
  std::string request_id;                       // derived from the session and the journal seq
  Journal::Handle handle;                       // the request's journal entry
  /// The clock to play the step on, from the step strategy; null: the server's clock.
  std::shared_ptr<clock::Clock> clock;
  std::string no_step_reason;  // for kNoStep
};

/// The x-request-id of a journaled request: "mock-SEQ" on the default session,
/// "mock-SESSION-SEQ" on another. Never random, so that answers are identical on every run
/// under a FakeClock (CometAPI's own ids are timestamps plus random characters).
std::string request_id(const std::string& session, std::uint64_t seq);

/// The scenarios, sessions and journal of one server, kept consistent under one lock: claiming
/// a step and journaling the request is one step, so journal order is step order even under
/// concurrent requests, and resetting a session removes its journal entries at once.
///
/// Ownership: `journal` and `clock` are borrowed and must outlive the playbook. Thread-safe.
class Playbook {
 public:
  /// See SessionTable: `scenarios` non-empty with distinct names, the first the default.
  /// `strategy`, if set, picks each scripted request's step instead of the script's order.
  Playbook(std::vector<faults::Scenario> scenarios, std::size_t max_sessions, Journal& journal,
           clock::Clock& clock, std::shared_ptr<StepStrategy> strategy = nullptr);

  /// Decides what answers `method` on `where` with header `authorization` (whose body, if it is
  /// a chat completions request, has `problem`), claims the step if one is played, and records
  /// `entry` (with `served`, `status` and `step_index` filled in) in the journal, at the time
  /// of the clock the step plays on. Nothing but the step played consumes one. `header` looks
  /// up the request's headers for the step strategy.
  Claim claim(const std::string& method, const std::string& authorization, const SessionPath& where,
              bool body_problem, JournalEntry entry,
              const std::function<std::optional<std::string>(const std::string&)>& header);

  /// See MockServer for these.
  void load(faults::Scenario scenario);
  void use_scenario(const std::string& name);
  void reset();
  void reset_session(const std::string& id);
  void select_scenario(const std::string& id, const std::string& name);
  bool remove_session(const std::string& id);
  std::vector<SessionInfo> sessions() const;
  std::vector<std::string> scenario_names() const;

 private:
  Journal& journal_;
  clock::Clock& clock_;
  const std::shared_ptr<StepStrategy> strategy_;
  // Guards table_; taken before the journal's own lock, never after.
  mutable std::mutex mu_;
  SessionTable table_;
};

}  // namespace cometbench::mockserver
