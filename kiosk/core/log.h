// Logging to stderr (the journal on the device). Never pass personal data: log references and codes only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace anjungan::log {

void info(const std::string& message);
void warn(const std::string& message);
void error(const std::string& message);

// This process's last `count` log lines (at most kKeptLines are kept), newest first, each with its local time and
// level: what the technician screen shows. They hold what the log holds: never personal data.
inline constexpr std::size_t kKeptLines = 300;
std::vector<std::string> recent_lines(std::size_t count);

}  // namespace anjungan::log
