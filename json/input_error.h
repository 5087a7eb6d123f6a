#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace cometbench::json {

/// A file a user wrote (scenario, policy, fault profile, `$ref` target) that breaks its format.
/// `what()` reads `FILE:LINE:COLUMN: POINTER: MESSAGE`, e.g.
/// `fixtures/scenarios/x.json:14:21: /script/POST ~1v1~1chat~1completions/steps/2/respond/status:
/// expected an integer from 100 to 599, got 700`, the form editors and terminals turn into a
/// jump to the place. `:LINE:COLUMN` is left out while the position is unknown (the error was
/// raised on parsed JSON; the code that holds the text adds it with at_position()), and
/// `POINTER: ` when the problem is the whole document.
///
/// `what()` is safe to print on a terminal or to put into a report: control characters that a
/// file name, key or value brought in are shown as printable() escapes (`\u001b`). The
/// accessors return the parts as they were given.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string pointer, std::string message, std::size_t line = 0,
             std::size_t column = 0);

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }
  /// 1-based line and column of the place, or 0 while unknown.
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  bool has_position() const { return line_ != 0; }

  /// The same error at `line`:`column`.
  InputError at_position(std::size_t line, std::size_t column) const {
    return InputError(file_, pointer_, message_, line, column);
  }

 private:
  std::string file_;
  std::string pointer_;
  std::string message_;
  std::size_t line_ = 0;
  std::size_t column_ = 0;
};

}  // namespace cometbench::json
