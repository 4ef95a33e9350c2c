// Settings, logs, reboot and delivery retry.
#include "kiosk/maintenance/device_actions.h"

#include <cstdlib>

#include "kiosk/core/log.h"
#include "kiosk/core/settings_file.h"
#include "kiosk/maintenance/child_process.h"

namespace anjungan::maintenance {
namespace {

constexpr const char* kKioskUnit = "anjungan-kiosk.service";

std::string program(const char* variable, const char* fallback) {
    const char* env = std::getenv(variable);
    return env && *env ? env : fallback;
}

// The value of a settings key in `config`, as text.
std::string value_of(const Config& config, const std::string& key) {
    if (key == "ui.language") return config.language;
    if (key == "ui.volume") return std::to_string(config.volume);
    if (key == "ui.brightness") return std::to_string(config.brightness);
    if (key == "ui.idle_timeout_s") return std::to_string(config.idle_timeout_s);
    if (key == "ui.idle_countdown_s") return std::to_string(config.idle_countdown_s);
    return "";
}

}  // namespace

Result<std::vector<Setting>> current_settings(const Config& config) {
    auto saved = read_settings_file(settings_file_path(config.data_dir));
    if (!saved) return saved.error();
    std::vector<Setting> out;
    for (const auto& key : settings_keys()) {
        Setting s{key, value_of(config, key), false, ""};
        for (const auto& [k, v] : *saved) s.overridden |= k == key;
        for (const auto& k : config_keys())
            if (key == k.name) s.description = k.description;
        out.push_back(s);
    }
    return out;
}

Status change_setting(Config& config, const std::string& key, const std::string& value, Backlight& backlight) {
    if (auto s = save_setting(config, settings_file_path(config.data_dir), key, value); !s) return s;
    if (key == "ui.brightness") return backlight.set_brightness(config.brightness);
    return Ok{};
}

std::string journalctl_program() { return program("ANJUNGAN_JOURNALCTL", "journalctl"); }
std::string systemctl_program() { return program("ANJUNGAN_SYSTEMCTL", "systemctl"); }

Result<std::vector<std::string>> recent_log_lines(int count) {
    const auto r = run_child({journalctl_program(), "--unit", kKioskUnit, "--lines", std::to_string(count),
                              "--no-pager", "--output", "short-iso"},
                             {.capture_stdout = true, .capture_stderr = true});
    if (!succeeded(r)) return fail("cannot read the kiosk's log (" + describe(r) + (r.err.empty() ? ")" : "): " + r.err));
    std::vector<std::string> lines;
    for (size_t start = 0; start < r.out.size();) {
        const size_t end = std::min(r.out.find('\n', start), r.out.size());
        lines.push_back(r.out.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

Status reboot_device() {
    const auto r = run_child({systemctl_program(), "reboot"}, {.capture_stderr = true});
    if (!succeeded(r)) return fail("reboot refused (" + describe(r) + (r.err.empty() ? ")" : "): " + r.err));
    return Ok{};
}

Status reboot_as_configured(const Config& config, bool& simulated) {
    simulated = config.reboot == "sim";
    if (!simulated) return reboot_device();
    log::info("simulated reboot (devices.reboot = sim): a device would restart now");
    return Ok{};
}

Result<std::string> retry_delivery(Outbox& outbox, const std::string& reference) {
    const auto changed = outbox.retry_now(reference);
    if (!changed) return changed.error();
    if (*changed == 0 && !reference.empty()) return fail("no queued or rejected request " + reference);
    return std::to_string(*changed) + " request(s) will be sent at the kiosk's next attempt (within a minute)";
}

}  // namespace anjungan::maintenance
