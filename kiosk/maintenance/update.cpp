// Bundle checks and the update worker.
#include "kiosk/maintenance/update.h"

#include <algorithm>
#include <filesystem>

namespace anjungan::maintenance {
namespace {

// What a listing depends on: every *.raucb with its size and time, or why the folder cannot be read.
std::string folder_state(const std::string& folder) {
    std::error_code ec;
    std::string state;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() != ".raucb") continue;
        const auto size = entry.file_size(ec);
        const auto time = entry.last_write_time(ec).time_since_epoch().count();
        state += entry.path().filename().string() + ' ' + std::to_string(size) + ' ' + std::to_string(time) + '\n';
    }
    return ec ? "error " + ec.message() : state;
}

UpdateEvent make_event(UpdateEvent::Kind kind, int percent, std::string message) {
    UpdateEvent e;
    e.kind = kind;
    e.percent = percent;
    e.message = std::move(message);
    return e;
}

// The slots as RAUC tells them, on every event that ends a job.
void add_slots(UpdateEvent& e, const SlotStatus& status) {
    e.compatible = status.compatible;
    e.running_slot = status.booted;
    if (const SlotInfo* other = status.other_slot()) e.target_slot = other->bootname;
    if (const SlotInfo* primary = status.primary_slot()) e.next_boot = primary->bootname;
}

}  // namespace

BundleChoice check_bundle(Rauc& rauc, const std::string& path, const std::string& device_compatible) {
    auto info = rauc.inspect(path);
    using R = BundleChoice::Refusal;
    if (!info) return {{path, "-", "-"}, info.error().message, R::NotSigned};
    if (info->compatible != device_compatible)
        return {*info, "made for another device (" + info->compatible + "; this kiosk is " + device_compatible + ")",
                R::OtherDevice};
    return {*info, "", R::None};
}

Result<std::vector<BundleChoice>> list_bundles(Rauc& rauc, const std::string& folder) {
    std::error_code ec;
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.path().extension() == ".raucb" && entry.is_regular_file(ec)) paths.push_back(entry.path().string());
    if (ec) return fail("cannot read " + folder + ": " + ec.message());
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) return std::vector<BundleChoice>{};
    const auto status = rauc.status();
    if (!status) return status.error();
    std::vector<BundleChoice> out;
    for (const auto& p : paths) out.push_back(check_bundle(rauc, p, status->compatible));
    return out;
}

const char* to_string(UpdateEvent::Kind kind) {
    switch (kind) {
        case UpdateEvent::Kind::BundlesListed: return "bundles-listed";
        case UpdateEvent::Kind::Refused: return "refused";
        case UpdateEvent::Kind::Progress: return "progress";
        case UpdateEvent::Kind::Installed: return "installed";
        case UpdateEvent::Kind::Failed: return "failed";
    }
    return "?";
}

void UpdateService::list(const std::string& folder) {
    worker_.post([this, folder] { run_list(folder); });
}

void UpdateService::list_if_changed(const std::string& folder) {
    worker_.post([this, folder] {
        if (folder_state(folder) != listed_folder_state_) run_list(folder);
    });
}

void UpdateService::run_list(const std::string& folder) {
    listed_folder_state_ = folder_state(folder);
    auto bundles = list_bundles(*rauc_, folder);
    auto e = make_event(UpdateEvent::Kind::BundlesListed, 0, "");
    if (bundles) e.bundles = std::move(*bundles);
    else e.message = bundles.error().message;
    if (const auto status = rauc_->status()) add_slots(e, *status);
    sink_(e);
}

bool UpdateService::install(const std::string& bundle) {
    if (installing_.exchange(true)) return false;
    worker_.post([this, bundle] {
        run_install(bundle);
        installing_ = false;
    });
    return true;
}

void UpdateService::run_install(const std::string& bundle) {
    const auto status = rauc_->status();
    if (!status) return sink_(make_event(UpdateEvent::Kind::Refused, 0, status.error().message));
    const auto ended = [&](UpdateEvent::Kind kind, int percent, std::string message) {
        auto e = make_event(kind, percent, std::move(message));
        add_slots(e, *status);
        // The next boot as RAUC says after the install, not as the screen assumes.
        if (const auto after = rauc_->status(); after && kind != UpdateEvent::Kind::Refused) add_slots(e, *after);
        std::error_code ec;
        e.bundle_gone = kind == UpdateEvent::Kind::Failed && !std::filesystem::exists(bundle, ec);
        sink_(e);
    };
    const auto choice = check_bundle(*rauc_, bundle, status->compatible);
    if (!choice.installable()) return ended(UpdateEvent::Kind::Refused, 0, choice.refusal);
    int percent = 0;
    const auto failure = rauc_->install(bundle, [&](const InstallProgress& p) {
        if (p.percent < 0) return;
        percent = p.percent;
        sink_(make_event(UpdateEvent::Kind::Progress, p.percent, p.message));
    });
    if (failure) return ended(UpdateEvent::Kind::Failed, percent, failure->reason);
    ended(UpdateEvent::Kind::Installed, 100, choice.info.version);
}

}  // namespace anjungan::maintenance
