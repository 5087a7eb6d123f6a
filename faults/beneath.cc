#include "faults/beneath.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <string>
#include <vector>

namespace cometbench::faults {
namespace fs = std::filesystem;
namespace {

// Linux's MAXSYMLINKS: the kernel gives up with ELOOP after as many.
constexpr int kMaxSymlinks = 40;

// The components still to walk, the next one last (a stack).
using Pending = std::vector<fs::path>;

void push_front(Pending& pending, fs::path::iterator begin, fs::path::iterator end) {
  std::vector<fs::path> parts(begin, end);
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
}

// The text of `relative` alone, from `dir`, climbs above the root.
bool climbs_out_lexically(const fs::path& root, const fs::path& dir, const fs::path& relative) {
  std::ptrdiff_t depth = std::distance(root.begin(), root.end());
  depth = std::distance(dir.begin(), dir.end()) - depth;
  for (const fs::path& part : relative) {
    if (part.empty() || part == ".") continue;
    depth += part == ".." ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

// The target of a symbolic link, or the errno of the failure.
int read_link(const fs::path& link, std::string& target) {
  target.assign(256, '\0');
  for (;;) {
    const ssize_t n = ::readlink(link.c_str(), target.data(), target.size());
    if (n < 0) return errno;
    if (static_cast<std::size_t>(n) < target.size()) {
      target.resize(static_cast<std::size_t>(n));
      return 0;
    }
    target.resize(target.size() * 2);
  }
}

}  // namespace

bool is_within(const fs::path& path, const fs::path& root) {
  const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  // "/srv/fx/" iterates as "/", "srv", "fx", "": a trailing empty component matches anything.
  return r == root.end() || (std::next(r) == root.end() && r->empty());
}

BeneathResult resolve_beneath(const fs::path& root, const fs::path& dir, const fs::path& relative) {
  using Kind = BeneathResult::Kind;
  if (!is_within(dir, root) || climbs_out_lexically(root, dir, relative)) {
    return {Kind::outside, {}, 0};
  }
  Pending pending;
  push_front(pending, relative.begin(), relative.end());
  fs::path current = dir;
  bool current_is_dir = true;
  int links = 0;
  while (!pending.empty()) {
    const fs::path part = std::move(pending.back());
    pending.pop_back();
    if (part.empty() || part == ".") continue;
    if (!current_is_dir) return {Kind::error, current, ENOTDIR};
    if (part == "..") {
      // `current` never holds a symbolic link, so its parent is what `..` means.
      if (current == root) return {Kind::outside, {}, 0};
      current = current.parent_path();
      continue;
    }
    const fs::path next = current / part;
    struct stat info {};
    if (::lstat(next.c_str(), &info) != 0) return {Kind::error, next, errno};
    if (!S_ISLNK(info.st_mode)) {
      current = next;
      current_is_dir = S_ISDIR(info.st_mode);
      continue;
    }
    if (++links > kMaxSymlinks) return {Kind::error, next, ELOOP};
    std::string target_text;
    if (const int error = read_link(next, target_text); error != 0) {
      return {Kind::error, next, error};
    }
    const fs::path target(target_text);
    if (target.is_absolute()) {
      // Followed only when spelled under the root: looking the target up to find out where it
      // really leads would touch the file system outside the root.
      auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
      if (r != root.end()) return {Kind::outside, {}, 0};
      push_front(pending, t, target.end());
      current = root;
    } else {
      push_front(pending, target.begin(), target.end());
    }
  }
  return {Kind::inside, current, 0};
}

}  // namespace cometbench::faults
