#pragma once

#include <stdexcept>
#include <string>

#include "faults/printable.h"

namespace cometbench::faults {

/// A fixture (or any JSON input) that breaks the format. `what()` reads
/// `FILE: POINTER: MESSAGE` (`FILE: MESSAGE` when the problem is the whole document), e.g.
/// `fixtures/scenarios/x.json: /script/POST ~1v1~1chat~1completions/steps/2/respond/status:
/// expected an integer from 100 to 599, got 700`.
///
/// `what()` is safe to print on a terminal or to put into a report: control characters that a
/// file name, key or value brought in are shown as printable() escapes (`\u001b`). The
/// accessors return the parts as they were given.
class FixtureError : public std::runtime_error {
 public:
  FixtureError(std::string file, std::string pointer, std::string message)
      : std::runtime_error(printable(file) + ": " +
                           (pointer.empty() ? "" : printable(pointer) + ": ") + printable(message)),
        file_(std::move(file)),
        pointer_(std::move(pointer)),
        message_(std::move(message)) {}

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::string pointer_;
  std::string message_;
};

}  // namespace cometbench::faults
