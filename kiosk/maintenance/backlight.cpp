// sysfs and simulated backlights.
#include "kiosk/maintenance/backlight.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace anjungan::maintenance {

Result<long> SysfsBacklight::read_number(const char* name) const {
    std::ifstream file(dir_ + "/" + name);
    long value = -1;
    if (!(file >> value) || value < 0) return fail(dir_ + "/" + name + ": cannot read the backlight level");
    return value;
}

Result<int> SysfsBacklight::brightness() {
    auto max = read_number("max_brightness");
    if (!max) return max.error();
    auto now = read_number("brightness");
    if (!now) return now.error();
    if (*max == 0) return 100;
    return static_cast<int>(std::lround(100.0 * static_cast<double>(*now) / static_cast<double>(*max)));
}

Status SysfsBacklight::set_brightness(int percent) {
    auto max = read_number("max_brightness");
    if (!max) return max.error();
    // Never fully dark: a technician must still see the screen to turn it up again.
    const long level = std::max(1L, std::lround(static_cast<double>(*max) * std::clamp(percent, 0, 100) / 100.0));
    std::ofstream file(dir_ + "/brightness");
    file << level << "\n";
    file.flush();
    if (!file) return fail(dir_ + "/brightness: cannot write the backlight level: " + std::strerror(errno));
    return Ok{};
}

std::unique_ptr<Backlight> make_backlight(const std::string& spec, const std::string& class_dir) {
    if (spec == "sim") return std::make_unique<SimBacklight>();
    if (spec != "auto") return std::make_unique<SysfsBacklight>(spec);
    std::error_code ec;
    std::vector<std::string> devices;
    for (const auto& entry : std::filesystem::directory_iterator(class_dir, ec)) devices.push_back(entry.path());
    if (devices.empty()) return std::make_unique<SimBacklight>();
    std::sort(devices.begin(), devices.end());
    return std::make_unique<SysfsBacklight>(devices.front());
}

}  // namespace anjungan::maintenance
