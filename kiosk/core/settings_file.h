// The technician's settings (language, volume, brightness, idle timings) kept on the data partition in a small
// file in the configuration's own format, loaded over the shipped configuration at start.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/config.h"

namespace anjungan {

// The keys a technician may change on the kiosk, in the order `settings get` shows them.
const std::vector<std::string>& settings_keys();

// <data_dir>/settings.conf
std::string settings_file_path(const std::string& data_dir);

// Applies the settings file at `path` over `config`; a missing file is no settings. Any key outside
// settings_keys() is an error naming the file and line, like a bad value.
Status load_settings_file(Config& config, const std::string& path);

// The values the file sets, in settings_keys() order.
Result<std::vector<std::pair<std::string, std::string>>> read_settings_file(const std::string& path);

// Validates `value` for `key` with the configuration table, then stores it in the file (atomically, 0600),
// keeping the file's other settings. `config` gets the new value too.
Status save_setting(Config& config, const std::string& path, const std::string& key, const std::string& value);

}  // namespace anjungan
