// Secrets read from files that only the kiosk user may read.
#pragma once

#include <string>

#include "kiosk/core/result.h"

namespace anjungan {

// Reads a secret (e.g. the Open311 api_key) from `path`, trimmed of surrounding whitespace. Refuses a file
// that its group or others can read or write, or that is not a regular file.
Result<std::string> read_secret_file(const std::string& path);

}  // namespace anjungan
