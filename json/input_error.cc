#include "json/input_error.h"

#include "json/printable.h"

namespace cometbench::json {
namespace {

std::string describe(const std::string& file, const std::string& pointer,
                     const std::string& message, std::size_t line, std::size_t column) {
  std::string text = printable(file);
  if (line != 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  text += ": ";
  if (!pointer.empty()) text += printable(pointer) + ": ";
  return text + printable(message);
}

}  // namespace

InputError::InputError(std::string file, std::string pointer, std::string message, std::size_t line,
                       std::size_t column)
    : std::runtime_error(describe(file, pointer, message, line, column)),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      message_(std::move(message)),
      line_(line),
      column_(column) {}

}  // namespace cometbench::json
