// Bundle checks and the update worker.
#include "kiosk/maintenance/update.h"

#include <algorithm>
#include <filesystem>

namespace anjungan::maintenance {

BundleChoice check_bundle(Rauc& rauc, const std::string& path, const std::string& device_compatible) {
    auto info = rauc.inspect(path);
    if (!info) return {{path, "-", "-"}, info.error().message};
    if (info->compatible != device_compatible)
        return {*info, "made for another device (" + info->compatible + "; this kiosk is " + device_compatible + ")"};
    return {*info, ""};
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
    worker_.post([this, folder] {
        auto bundles = list_bundles(*rauc_, folder);
        UpdateEvent e{UpdateEvent::Kind::BundlesListed, 0, "", {}};
        if (bundles) e.bundles = std::move(*bundles);
        else e.message = bundles.error().message;
        sink_(e);
    });
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
    if (!status) return sink_({UpdateEvent::Kind::Refused, 0, status.error().message, {}});
    const auto choice = check_bundle(*rauc_, bundle, status->compatible);
    if (!choice.installable()) return sink_({UpdateEvent::Kind::Refused, 0, choice.refusal, {}});
    int percent = 0;
    const auto failure = rauc_->install(bundle, [&](const InstallProgress& p) {
        if (p.percent < 0) return;
        percent = p.percent;
        sink_({UpdateEvent::Kind::Progress, p.percent, p.message, {}});
    });
    if (failure) return sink_({UpdateEvent::Kind::Failed, percent, failure->reason, {}});
    sink_({UpdateEvent::Kind::Installed, 100, choice.info.version, {}});
}

}  // namespace anjungan::maintenance
