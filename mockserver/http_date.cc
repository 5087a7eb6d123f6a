#include "mockserver/http_date.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <regex>

namespace cometbench::mockserver {

std::string imf_fixdate(clock::WallTime t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs =
      std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

std::string expand_header_templates(const std::string& value, clock::WallTime now) {
  static const std::regex kTemplate(R"(\{\{http_date:([+-]?[0-9]{1,9})s\}\})");
  std::string out;
  auto begin = value.cbegin();
  std::smatch m;
  while (std::regex_search(begin, value.cend(), m, kTemplate)) {
    out.append(begin, m[0].first);
    const long offset = std::stol(m[1].str());
    out += imf_fixdate(now + std::chrono::seconds(offset));
    begin = m[0].second;
  }
  out.append(begin, value.cend());
  return out;
}

}  // namespace cometbench::mockserver
