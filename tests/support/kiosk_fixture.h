// Runs the real kiosk binary headless with a script and collects its exit status and log.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjungan::test {

struct KioskRun {
    int exit_code = -1;   // -1: killed or timed out
    std::string log;      // stderr
};

// Writes `script` to <dir>/script.txt and runs `kiosk --headless --script ... <extra args>` in `dir`.
KioskRun run_kiosk_script(const std::string& dir, const std::string& script, const std::vector<std::string>& extra,
                          int timeout_s = 60, const std::map<std::string, std::string>& env = {});

std::string kiosk_binary();

// A journey script from tests/e2e/scripts/<name> for one language: %LANG% becomes the language, %TAKE% its
// "take your ticket" line, and every other %KEY% the value `fill` gives it.
std::string journey_script(const std::string& name, const std::string& language,
                           const std::map<std::string, std::string>& fill = {});
void replace_all(std::string& text, const std::string& from, const std::string& to);

// Where a control is on screen, in window pixels, as the kiosk's control map (ANJUNGAN_CONTROL_MAP) lists it.
struct Control {
    int x = -1, y = -1, w = 0, h = 0;
};

// The line for `id` in a control map, or nullopt when the map lists no such control.
std::optional<Control> control_in(const std::string& map_file, const std::string& id);

}  // namespace anjungan::test
