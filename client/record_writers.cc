#include "client/record_writers.h"

#include <array>
#include <cstdint>
#include <optional>

#include "json/enum_names.h"

namespace cometbench::client {
namespace {

// Every string a record holds is an enum token or a validated id/route (no quotes, backslashes
// or control characters), so the writers never need to escape anything.

class Line {
 public:
  explicit Line(RecordFormat format) : format_(format) {
    out_.reserve(384);
    if (format_ != RecordFormat::logfmt) out_.push_back('{');
  }

  void str(std::string_view key, std::string_view value) {
    this->key(key);
    out_.push_back('"');
    out_.append(value);
    out_.push_back('"');
  }
  void num(std::string_view key, std::int64_t value) {
    this->key(key);
    if (format_ == RecordFormat::logfmt) out_.push_back('"');
    out_.append(std::to_string(value));
    if (format_ == RecordFormat::logfmt) out_.push_back('"');
  }
  void boolean(std::string_view key, bool value) {
    this->key(key);
    if (format_ == RecordFormat::logfmt) {
      out_.append(value ? "\"true\"" : "\"false\"");
    } else {
      out_.append(value ? "true" : "false");
    }
  }
  // OpenTelemetry attributes cannot be null: an absent value is an absent attribute.
  void null(std::string_view key) {
    if (format_ == RecordFormat::otel) return;
    this->key(key);
    out_.append("null");
  }
  void opt_str(std::string_view key, std::optional<std::string_view> value) {
    if (value) {
      str(key, *value);
    } else {
      null(key);
    }
  }
  void opt_num(std::string_view key, std::optional<std::int64_t> value) {
    if (value) {
      num(key, *value);
    } else {
      null(key);
    }
  }
  std::string finish() && {
    if (format_ != RecordFormat::logfmt) out_.push_back('}');
    return std::move(out_);
  }

 private:
  void key(std::string_view name) {
    if (!first_) out_.push_back(format_ == RecordFormat::logfmt ? ' ' : ',');
    first_ = false;
    if (format_ == RecordFormat::logfmt) {
      out_.append(name);
      out_.push_back('=');
    } else {
      out_.push_back('"');
      out_.append(name);
      out_.append("\":");
    }
  }

  RecordFormat format_;
  std::string out_;
  bool first_ = true;
};

// Field names per format: {jsonl/logfmt name, OpenTelemetry name}.
struct Names {
  std::string_view plain;
  std::string_view otel;
};

std::string_view pick(RecordFormat format, Names names) {
  return format == RecordFormat::otel ? names.otel : names.plain;
}

template <typename Opt, typename F>
auto map_opt(const Opt& value, F f) -> std::optional<decltype(f(*value))> {
  if (!value) return std::nullopt;
  return f(*value);
}

std::string write(const AttemptRecord& r, RecordFormat f) {
  Line line(f);
  line.str(pick(f, {"record", "cometbench.record"}), "attempt");
  line.str(pick(f, {"operation_id", "cometbench.operation_id"}), r.operation_id.str());
  if (f == RecordFormat::otel) {
    line.num("http.request.resend_count", r.attempt_index - 1);
  } else {
    line.num("attempt_index", r.attempt_index);
  }
  line.str(pick(f, {"request_route", "url.template"}), r.request_route.str());
  line.str(pick(f, {"http_request_method", "http.request.method"}),
           to_string(r.http_request_method));
  line.opt_num(pick(f, {"http_response_status_code", "http.response.status_code"}),
               map_opt(r.http_response_status_code, [](int s) { return std::int64_t{s}; }));
  if (r.error_type) {
    line.str(pick(f, {"error_type", "error.type"}), r.error_type->str());
  } else {
    line.null(pick(f, {"error_type", "error.type"}));
  }
  line.str(pick(f, {"retry_decision", "cometbench.retry_decision"}), to_string(r.retry_decision));
  line.str(pick(f, {"retry_reason", "cometbench.retry_reason"}), to_string(r.retry_reason));
  line.num(pick(f, {"backoff_ms", "cometbench.backoff_ms"}), r.backoff.count());
  line.opt_str(pick(f, {"response_object_type", "cometbench.response_object_type"}),
               map_opt(r.response_object_type, [](auto v) { return to_string(v); }));
  line.boolean(pick(f, {"finish_reason_seen", "cometbench.finish_reason_seen"}),
               r.finish_reason_seen);
  line.boolean(pick(f, {"usage_seen", "cometbench.usage_seen"}), r.usage_seen);
  line.str(pick(f, {"final_outcome", "cometbench.final_outcome"}), to_string(r.final_outcome));
  line.num(pick(f, {"attempt_start_ms", "cometbench.attempt_start_ms"}), r.attempt_start.count());
  line.num(pick(f, {"attempt_duration_ms", "cometbench.attempt_duration_ms"}),
           r.attempt_duration.count());
  line.opt_str(pick(f, {"finish_reason", "cometbench.finish_reason"}),
               map_opt(r.finish_reason, [](auto v) { return to_string(v); }));
  if (r.connection_reused) {
    line.boolean(pick(f, {"connection_reused", "cometbench.connection_reused"}),
                 *r.connection_reused);
  } else {
    line.null(pick(f, {"connection_reused", "cometbench.connection_reused"}));
  }
  return std::move(line).finish();
}

std::string write(const SummaryRecord& r, RecordFormat f) {
  Line line(f);
  line.str(pick(f, {"record", "cometbench.record"}), "summary");
  line.str(pick(f, {"operation_id", "cometbench.operation_id"}), r.operation_id.str());
  line.num(pick(f, {"attempts", "cometbench.attempts"}), r.attempts);
  line.str(pick(f, {"final_outcome", "cometbench.final_outcome"}), to_string(r.final_outcome));
  line.opt_num(pick(f, {"final_http_response_status_code", "http.response.status_code"}),
               map_opt(r.final_http_response_status_code, [](int s) { return std::int64_t{s}; }));
  line.num(pick(f, {"total_backoff_ms", "cometbench.total_backoff_ms"}), r.total_backoff.count());
  line.num(pick(f, {"elapsed_ms", "cometbench.elapsed_ms"}), r.elapsed.count());
  return std::move(line).finish();
}

}  // namespace

std::optional<RecordFormat> record_format_from_string(std::string_view name) {
  static constexpr std::array<json::EnumName<RecordFormat>, 3> kNames{{
      {"jsonl", RecordFormat::jsonl},
      {"logfmt", RecordFormat::logfmt},
      {"otel", RecordFormat::otel},
  }};
  static_assert(json::one_to_one(kNames));
  return json::value_of(kNames, name);
}

std::string to_jsonl(const AttemptRecord& record) { return write(record, RecordFormat::jsonl); }
std::string to_jsonl(const SummaryRecord& record) { return write(record, RecordFormat::jsonl); }
std::string to_logfmt(const AttemptRecord& record) { return write(record, RecordFormat::logfmt); }
std::string to_logfmt(const SummaryRecord& record) { return write(record, RecordFormat::logfmt); }
std::string to_otel(const AttemptRecord& record) { return write(record, RecordFormat::otel); }
std::string to_otel(const SummaryRecord& record) { return write(record, RecordFormat::otel); }

std::string format_record(const AttemptRecord& record, RecordFormat format) {
  return write(record, format);
}
std::string format_record(const SummaryRecord& record, RecordFormat format) {
  return write(record, format);
}

}  // namespace cometbench::client
