// Command-line options of the kiosk executable (SPEC §9) and how they override the configuration.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/result.h"

namespace anjungan {

struct Options {
    bool simulate = false;  // simulated hardware, a window, data in a local folder
    bool headless = false;  // render offscreen, no display needed
    bool help = false;
    bool print_config = false;  // print a commented configuration with every key at its default
    std::string config_file;
    std::string script;
    std::vector<std::pair<std::string, std::string>> overrides;  // configuration key → value, in order
};

Result<Options> parse_options(const std::vector<std::string>& args);
std::string usage_text();

// The configuration the kiosk runs with: defaults, then the simulate/headless presets, then the file,
// then the command-line overrides; validated as a whole.
Result<Config> resolve_config(const Options& options);

}  // namespace anjungan
