#include "json/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "json/ascii.h"
#include "json/pointer.h"

namespace cometbench::json {
namespace {

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 3, column 5:
// REASON; last read: 'TOKEN'; expected X". The id and position are replaced by our own prefix,
// and the last-read token is dropped because it can echo a secret (an unterminated API key).
std::string trim_reason(std::string what) {
  if (what.starts_with("[json.exception.")) {
    if (const auto close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
  }
  if (what.starts_with("parse error")) {
    if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  }
  constexpr std::string_view kLastRead = "; last read: '";
  if (const auto start = what.find(kLastRead); start != std::string::npos) {
    constexpr std::string_view kExpected = "'; expected ";
    const auto expected = what.rfind(kExpected);
    if (expected != std::string::npos && expected >= start + kLastRead.size() - 1) {
      what.erase(start, expected + 1 - start);
    } else {
      what.erase(start);
    }
  }
  return what;
}

// Builds the DOM like nlohmann's own SAX DOM parser, but refuses duplicate keys and deep nesting.
// Pointers into parent containers stay valid: a parent gains no new member while a child is open.
// Keys are checked against a hash set per open object and appended without a lookup: ordered_json
// objects search linearly, which made a body with 100000 keys take minutes.
class StrictDomBuilder {
 public:
  StrictDomBuilder(Json& root, const std::string& file) : root_(root), file_(file) {}

  bool null() { return add(Json(nullptr)) != nullptr; }
  bool boolean(bool v) { return add(Json(v)) != nullptr; }
  bool number_integer(Json::number_integer_t v) { return add(Json(v)) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t v) { return add(Json(v)) != nullptr; }
  bool number_float(Json::number_float_t v, const Json::string_t&) {
    return add(Json(v)) != nullptr;
  }
  bool string(Json::string_t& v) { return add(Json(std::move(v))) != nullptr; }
  bool binary(Json::binary_t&) { return false; }  // JSON text has no binary values

  bool start_object(std::size_t) { return open(add(Json::object())); }
  bool start_array(std::size_t) { return open(add(Json::array())); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& k) {
    if (!keys_.back().insert(k).second) {
      throw InputError(file_, open_path() + "/" + pointer_token(k), "duplicate key \"" + k + "\"");
    }
    pending_key_ = std::move(k);
    return true;
  }

  // `byte` counts the characters read, which end with the offending one. When a whole token is
  // out of place ("unexpected string literal" after a missing comma), point at its first
  // character instead: that is where the author has to look.
  bool parse_error(std::size_t byte, const std::string& last_token, const Json::exception& ex) {
    error_reason_ = trim_reason(ex.what());
    const bool whole_token = error_reason_.find(" - unexpected ") != std::string::npos;
    const std::size_t back = whole_token ? std::max<std::size_t>(last_token.size(), 1) : 1;
    error_offset_ = byte >= back ? byte - back : 0;
    return false;
  }

  std::size_t error_offset() const { return error_offset_; }
  const std::string& error_reason() const { return error_reason_; }

 private:
  Json* add(Json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    // key() has made sure the key is new, so the member is appended without a search.
    auto& object = top.get_ref<Json::object_t&>();
    object.emplace_back(std::move(pending_key_), std::move(value));
    return &object.back().second;
  }

  bool open(Json* container) {
    stack_.push_back(container);
    keys_.emplace_back();
    if (stack_.size() > kMaxJsonDepth) {
      throw InputError(file_, open_path(),
                       "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    return true;
  }

  bool close() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  // The pointer of the innermost open container: each open child is its parent's last member.
  std::string open_path() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Json& parent = *stack_[i];
      if (parent.is_array()) {
        path += "/" + std::to_string(parent.size() - 1);
      } else {
        path += "/" + pointer_token(parent.get_ref<const Json::object_t&>().back().first);
      }
    }
    return path;
  }

  Json& root_;
  const std::string& file_;
  std::vector<Json*> stack_;
  std::vector<std::unordered_set<std::string>> keys_;  // per open container (empty for arrays)
  std::string pending_key_;
  std::size_t error_offset_ = 0;
  std::string error_reason_;
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

FileText read_failure(int error) {
  return {std::nullopt, "cannot read file: " + std::generic_category().message(error)};
}

}  // namespace

TextPosition text_position(std::string_view text, std::size_t offset) {
  TextPosition position;
  const std::size_t end = offset < text.size() ? offset : text.size();
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  // Columns count characters, not bytes: UTF-8 continuation bytes do not start one.
  for (std::size_t i = line_start; i < end; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++position.column;
  }
  position.column += offset - end;  // past the end of the text
  return position;
}

namespace {

// A forward reader over JSON text for locate(): it skips values without building them.
class TextWalker {
 public:
  explicit TextWalker(std::string_view text) : text_(text) {}

  std::size_t offset() const { return at_; }
  void seek(std::size_t offset) { at_ = offset; }

  // The next character after white space, or NUL at the end.
  char peek() {
    while (at_ < text_.size() && ascii::is_space(text_[at_])) ++at_;
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++at_;
    return true;
  }

  // The string token here, decoded; nullopt when there is none.
  std::optional<std::string> string() {
    if (peek() != '"') return std::nullopt;
    const std::size_t start = at_;
    if (!skip_string()) return std::nullopt;
    try {
      return nlohmann::json::parse(text_.substr(start, at_ - start)).get<std::string>();
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
  }

  // Skips one value of any depth, without recursion; false on text that is not JSON.
  bool skip_value() {
    std::size_t open = 0;
    do {
      const char c = peek();
      if (c == '"') {
        if (!skip_string()) return false;
      } else if (c == '{' || c == '[') {
        ++open;
        ++at_;
      } else if ((c == '}' || c == ']') && open > 0) {
        --open;
        ++at_;
      } else if ((c == ',' || c == ':') && open > 0) {
        ++at_;
      } else if (is_scalar_char(c)) {
        while (at_ < text_.size() && is_scalar_char(text_[at_])) ++at_;
      } else {
        return false;
      }
    } while (open > 0);
    return true;
  }

 private:
  static bool is_scalar_char(char c) {
    return ascii::is_alnum(c) || c == '-' || c == '+' || c == '.';
  }

  bool skip_string() {
    ++at_;  // the opening quote
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '\\') {
        ++at_;
      } else if (c == '"') {
        return true;
      }
    }
    return false;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

// An array index token: digits without a leading zero (RFC 6901).
std::optional<std::size_t> array_index(const std::string& token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) {
    return std::nullopt;
  }
  std::size_t index = 0;
  for (const char c : token) {
    if (!ascii::is_digit(c)) return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

struct Member {
  std::size_t key = 0;    // offset of the key's opening quote
  std::size_t value = 0;  // offset of the value
};

// The member `key` of the object at the walker; with `second`, its second occurrence when
// there is one.
std::optional<Member> find_member(TextWalker& walker, const std::string& key, bool second) {
  if (!walker.consume('{')) return std::nullopt;
  std::optional<Member> found;
  while (walker.peek() == '"') {
    const std::size_t key_offset = walker.offset();
    const std::optional<std::string> name = walker.string();
    if (!name || !walker.consume(':')) break;
    if (*name == key) {
      const bool first = !found.has_value();
      walker.peek();  // to the value's first character
      found = Member{key_offset, walker.offset()};
      if (!first || !second) break;
    }
    if (!walker.skip_value() || !walker.consume(',')) break;
  }
  return found;
}

// The element `index` of the array at the walker.
std::optional<std::size_t> find_element(TextWalker& walker, std::size_t index) {
  if (!walker.consume('[')) return std::nullopt;
  for (std::size_t i = 0;; ++i) {
    if (walker.peek() == ']' || walker.peek() == '\0') return std::nullopt;
    if (i == index) return walker.offset();
    if (!walker.skip_value() || !walker.consume(',')) return std::nullopt;
  }
}

}  // namespace

std::optional<TextPosition> locate(std::string_view text, std::string_view pointer) {
  const std::optional<std::vector<std::string>> tokens = pointer_tokens(pointer);
  if (!tokens) return std::nullopt;
  TextWalker walker(text);
  if (walker.peek() == '\0') return std::nullopt;
  std::size_t place = walker.offset();  // the deepest place found so far
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    const std::string& token = (*tokens)[i];
    const char opening = walker.peek();
    if (opening == '{') {
      const std::optional<Member> member =
          find_member(walker, token, /*second=*/i + 1 == tokens->size());
      if (!member) break;
      place = member->key;
      walker.seek(member->value);
    } else if (opening == '[') {
      const std::optional<std::size_t> index = array_index(token);
      const std::optional<std::size_t> element =
          index ? find_element(walker, *index) : std::nullopt;
      if (!element) break;
      place = *element;
      walker.seek(*element);
    } else {
      break;
    }
  }
  return text_position(text, place);
}

InputError with_position(const InputError& error, std::string_view text, const std::string& file) {
  // An error about the whole document (empty pointer) has no place to jump to.
  if (error.has_position() || error.file() != file || error.pointer().empty()) return error;
  const std::optional<TextPosition> at = locate(text, error.pointer());
  return at ? error.at_position(at->line, at->column) : error;
}

InputError with_position_from_file(const InputError& error, std::size_t max_bytes) {
  if (error.has_position() || error.pointer().empty()) return error;
  const FileText file = read_text_file(error.file(), max_bytes);
  return file.text ? with_position(error, *file.text, error.file()) : error;
}

Json parse_text(std::string_view text, const std::string& file) {
  // nlohmann's lexer takes a NUL byte for the end of the input, so whatever follows a document
  // would be silently ignored. No JSON text holds a raw NUL (inside a string it must be escaped).
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    const TextPosition at = text_position(text, offset);
    throw InputError(
        file, "",
        "not valid JSON: unexpected NUL byte (byte offset " + std::to_string(offset) + ")", at.line,
        at.column);
  }
  Json root;
  StrictDomBuilder builder(root, file);
  try {
    if (!Json::sax_parse(text.begin(), text.end(), &builder)) {
      const TextPosition at = text_position(text, builder.error_offset());
      throw InputError(file, "", "not valid JSON: " + builder.error_reason(), at.line, at.column);
    }
  } catch (const InputError& error) {
    throw with_position(error, text, file);  // a duplicate key or the nesting limit
  }
  return root;
}

FileText read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return read_failure(errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return read_failure(errno);
  if (S_ISDIR(info.st_mode)) return {std::nullopt, "expected a JSON file, got a directory"};
  if (!S_ISREG(info.st_mode)) return {std::nullopt, "expected a JSON file, got a special file"};
  const auto too_large = [max_bytes] {
    return FileText{std::nullopt, "larger than " + std::to_string(max_bytes) + " bytes", true};
  };
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) return too_large();

  std::string text;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return read_failure(errno);
    if (n == 0) break;
    // The size seen by fstat() can be stale (a file that grows while it is read).
    if (static_cast<std::size_t>(n) > max_bytes - text.size()) return too_large();
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return {std::move(text), {}};
}

}  // namespace cometbench::json
