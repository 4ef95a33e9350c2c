// The update page's state, moved by the update worker's events.
#include "kiosk/maintenance/update_state.h"

namespace anjungan::maintenance {

void UpdateState::open_page(const std::string& stick_folder) {
    if (installing()) return;
    *this = UpdateState{};
    folder = stick_folder;
}

void UpdateState::start_install(const BundleChoice& choice) {
    phase = Phase::Installing;
    bundle = choice;
    percent = 0;
    step.clear();
    reason.clear();
    refused = bundle_gone = false;
}

void UpdateState::apply(const UpdateEvent& e) {
    using K = UpdateEvent::Kind;
    if (e.kind != K::Progress) {
        if (!e.compatible.empty()) compatible = e.compatible;
        if (!e.running_slot.empty()) running_slot = e.running_slot;
        if (!e.target_slot.empty()) target_slot = e.target_slot;
        if (!e.next_boot.empty()) next_boot = e.next_boot;
    }
    switch (e.kind) {
    case K::BundlesListed:
        bundles = e.bundles;
        folder_error = e.message;
        if (phase == Phase::Looking) phase = Phase::Listed;
        break;
    case K::Progress:
        if (!installing()) break;
        percent = e.percent;
        step = e.message;
        break;
    case K::Installed:
        phase = Phase::Installed;
        percent = 100;
        break;
    case K::Refused:
    case K::Failed:
        phase = Phase::Failed;
        reason = e.message;
        refused = e.kind == K::Refused;
        bundle_gone = e.bundle_gone;
        break;
    }
}

void UpdateState::reboot_requested(bool simulated, const std::string& error) {
    simulated_reboot = simulated;
    reboot_error = error;
    phase = error.empty() ? Phase::Restarting : Phase::Installed;
}

}  // namespace anjungan::maintenance
