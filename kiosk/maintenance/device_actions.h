// Technician actions on the device shared by kioskctl and the technician screen: settings, recent log lines,
// retry delivery, reboot. Blocking: call from a worker, not the UI thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/outbox.h"
#include "kiosk/maintenance/backlight.h"

namespace anjungan::maintenance {

struct Setting {
    std::string key;          // "ui.volume"
    std::string value;        // in effect now
    bool overridden = false;  // set in the settings file (else the configuration's value)
    std::string description;
};

// Every setting a technician may change, with its value under `config` (which has the settings file loaded,
// as resolve_config and load_kioskctl_config do).
Result<std::vector<Setting>> current_settings(const Config& config);

// Validates and stores one setting in <data_dir>/settings.conf; brightness is also applied to `backlight` now.
Status change_setting(Config& config, const std::string& key, const std::string& value, Backlight& backlight);

// The journalctl program: $ANJUNGAN_JOURNALCTL (tests) or journalctl.
std::string journalctl_program();
// The kiosk service's last `count` log lines (the log holds no personal data: references and codes only).
Result<std::vector<std::string>> recent_log_lines(int count);

// The systemctl program: $ANJUNGAN_SYSTEMCTL (tests, the simulator) or systemctl.
std::string systemctl_program();
// Asks systemd to reboot now. Returns once systemd has the request.
Status reboot_device();
// As devices.reboot says: "systemctl" is reboot_device(); "sim" (the simulator, tests) only logs it.
// Sets `simulated` accordingly.
Status reboot_as_configured(const Config& config, bool& simulated);

// Tries a queued request now, or queues a rejected one again; all of them when `reference` is empty.
// The text says how many; an error when a named request is not queued or rejected.
Result<std::string> retry_delivery(Outbox& outbox, const std::string& reference);

}  // namespace anjungan::maintenance
