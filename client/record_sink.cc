#include "client/record_sink.h"

namespace cometbench::client {

void InMemorySink::on_attempt(const AttemptRecord& record) {
  std::string line = to_jsonl(record);
  std::lock_guard lock(mu_);
  attempts_.push_back(record);
  lines_.push_back(std::move(line));
}

void InMemorySink::on_summary(const SummaryRecord& record) {
  std::string line = to_jsonl(record);
  std::lock_guard lock(mu_);
  summaries_.push_back(record);
  lines_.push_back(std::move(line));
}

std::vector<AttemptRecord> InMemorySink::attempts() const {
  std::lock_guard lock(mu_);
  return attempts_;
}

std::vector<SummaryRecord> InMemorySink::summaries() const {
  std::lock_guard lock(mu_);
  return summaries_;
}

std::vector<std::string> InMemorySink::lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

void InMemorySink::clear() {
  std::lock_guard lock(mu_);
  attempts_.clear();
  summaries_.clear();
  lines_.clear();
}

void StreamRecordSink::on_attempt(const AttemptRecord& record) {
  std::string line = format_record(record, format_);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  out_ << line << std::flush;
}

void StreamRecordSink::on_summary(const SummaryRecord& record) {
  std::string line = format_record(record, format_);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  out_ << line << std::flush;
}

}  // namespace cometbench::client
