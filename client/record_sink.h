#pragma once

#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "client/record_writers.h"
#include "client/records.h"

namespace cometbench::client {

/// Receives the records of a ChatClient: one `on_attempt` per attempt, in order, then one
/// `on_summary` per operation. Called inline on the thread running `ChatClient::complete`.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_attempt(const AttemptRecord& record) = 0;
  virtual void on_summary(const SummaryRecord& record) = 0;
};

/// Keeps every record, and every record as one JSONL line in arrival order. Thread-safe.
class InMemorySink final : public RecordSink {
 public:
  void on_attempt(const AttemptRecord& record) override;
  void on_summary(const SummaryRecord& record) override;

  std::vector<AttemptRecord> attempts() const;
  std::vector<SummaryRecord> summaries() const;
  /// Attempt and summary lines interleaved as they arrived (JSONL, no trailing newline).
  std::vector<std::string> lines() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<AttemptRecord> attempts_;   // guarded by mu_
  std::vector<SummaryRecord> summaries_;  // guarded by mu_
  std::vector<std::string> lines_;        // guarded by mu_
};

/// Writes each record as one line ('\n'-terminated) to a stream it does not own, flushing after
/// each line. Thread-safe (one lock around each write).
class StreamRecordSink final : public RecordSink {
 public:
  StreamRecordSink(std::ostream& out, RecordFormat format) : out_(out), format_(format) {}
  void on_attempt(const AttemptRecord& record) override;
  void on_summary(const SummaryRecord& record) override;

 private:
  std::mutex mu_;
  std::ostream& out_;
  RecordFormat format_;
};

/// Discards everything.
class NullSink final : public RecordSink {
 public:
  void on_attempt(const AttemptRecord&) override {}
  void on_summary(const SummaryRecord&) override {}
};

}  // namespace cometbench::client
