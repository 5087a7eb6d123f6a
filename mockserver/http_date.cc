#include "mockserver/http_date.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "faults/header_parser.h"

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
  // The fixture parser owns the template grammar; values reaching here were validated by it.
  const faults::HeaderTemplateScan scan = faults::scan_header_templates(value);
  if (!scan.error.empty()) return value;
  std::string out;
  std::size_t copied = 0;
  for (const faults::HeaderTemplate& t : scan.templates) {
    out.append(value, copied, t.begin - copied);
    out += imf_fixdate(now + t.offset);
    copied = t.begin + t.length;
  }
  out.append(value, copied);
  return out;
}

}  // namespace cometbench::mockserver
