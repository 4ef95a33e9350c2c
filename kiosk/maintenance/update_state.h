// What the technician's update page shows: the bundles on the stick, an install's progress and how it ended.
#pragma once

#include <string>
#include <vector>

#include "kiosk/maintenance/update.h"

namespace anjungan::maintenance {

struct UpdateState {
    enum class Phase {
        Looking,     // the first listing since the page opened has not arrived
        Listed,      // `bundles` (may be empty) or `folder_error`
        Installing,  // `bundle`, `percent` and RAUC's `step`
        Installed,   // `bundle` into `target_slot`; the next boot starts it
        Failed,      // `reason`; nothing changed for the next boot
        Restarting,  // the reboot was asked for (`reboot_error` when it was refused)
    };
    Phase phase = Phase::Looking;
    std::string folder;  // where the stick is looked for (technician.update_dir)
    std::vector<BundleChoice> bundles;
    std::string folder_error;  // the folder cannot be read: no stick
    std::string compatible, running_slot, target_slot, next_boot;
    BundleChoice bundle;  // the one being (or last) installed
    int percent = 0;
    std::string step;
    std::string reason;
    bool refused = false;      // Failed before anything was written (the bundle changed since it was listed)
    bool bundle_gone = false;  // Failed because the bundle went away (the stick pulled)
    bool simulated_reboot = false;
    std::string reboot_error;

    // The page opened: a fresh listing, unless an install is running (it is never abandoned).
    void open_page(const std::string& stick_folder);
    void start_install(const BundleChoice& choice);
    void apply(const UpdateEvent& event);
    void reboot_requested(bool simulated, const std::string& error);
    bool installing() const { return phase == Phase::Installing; }
};

}  // namespace anjungan::maintenance
