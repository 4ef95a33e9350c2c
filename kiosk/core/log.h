// Logging to stderr (the journal on the device). Never pass personal data: log references and codes only.
#pragma once

#include <string>

namespace anjungan::log {

void info(const std::string& message);
void warn(const std::string& message);
void error(const std::string& message);

}  // namespace anjungan::log
