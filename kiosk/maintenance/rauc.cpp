// RAUC through its command-line client (JSON status and info, progress lines) and a simulated RAUC.
#include "kiosk/maintenance/rauc.h"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/maintenance/child_process.h"

namespace anjungan::maintenance {
namespace {

std::string json_text(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "-";
    if (j[key].is_string()) return j[key].get<std::string>();
    return j[key].dump();
}

// The version of the bundle installed into a slot: --detailed output has slot_status.bundle.version.
std::string installed_version(const nlohmann::json& info) {
    if (!info.contains("slot_status") || !info["slot_status"].is_object()) return "-";
    const auto& slot_status = info["slot_status"];
    if (!slot_status.contains("bundle")) return "-";
    return json_text(slot_status["bundle"], "version");
}

// The first line of RAUC's error output, without its "rauc-Message:" style prefix.
std::string plain_reason(const ChildResult& r) {
    std::string text = r.err.empty() ? r.out : r.err;
    std::string reason;
    for (size_t start = 0; start < text.size() && reason.empty();) {
        const size_t end = std::min(text.find('\n', start), text.size());
        reason = text.substr(start, end - start);
        start = end + 1;
    }
    for (const char* prefix : {"rauc-Message: ", "rauc-CRITICAL **: ", "rauc-WARNING **: "})
        if (reason.rfind(prefix, 0) == 0) reason.erase(0, std::char_traits<char>::length(prefix));
    static const std::regex timestamp(R"(^\d\d:\d\d:\d\d\.\d+: )");
    reason = std::regex_replace(reason, timestamp, "");
    return reason.empty() ? describe(r) : reason;
}

std::string with_program_hint(std::string message) {
    return message + (std::getenv("ANJUNGAN_RAUC") ? " (set by ANJUNGAN_RAUC)" : " (is rauc installed?)");
}

// `rauc install` is a client of the RAUC service: each change of the service's D-Bus Progress property
// (percentage, message, depth) is printed as one "%3d%% message" line when stdout is not a terminal.
class CommandRauc final : public Rauc {
public:
    Result<SlotStatus> status() override {
        const auto r = run_child({rauc_program(), "status", "--output-format=json", "--detailed"},
                                 {.capture_stdout = true, .capture_stderr = true});
        if (!r.exec_error.empty()) return fail(with_program_hint(r.exec_error));
        if (!succeeded(r)) return fail("rauc status failed (" + describe(r) + "): " + plain_reason(r));
        return parse_slot_status(r.out);
    }

    Result<BundleInfo> inspect(const std::string& bundle) override {
        const auto r = run_child({rauc_program(), "info", "--output-format=json", bundle},
                                 {.capture_stdout = true, .capture_stderr = true});
        if (!r.exec_error.empty()) return fail(with_program_hint(r.exec_error));
        if (!succeeded(r)) return fail("not a valid signed bundle for this kiosk: " + plain_reason(r));
        const auto info = nlohmann::json::parse(r.out, nullptr, false);
        if (info.is_discarded() || !info.is_object()) return fail("rauc info printed something that is not JSON");
        return BundleInfo{bundle, json_text(info, "compatible"), json_text(info, "version")};
    }

    std::optional<InstallFailure> install(const std::string& bundle, const ProgressSink& progress) override {
        // The client prints the service's LastError property as "LastError: why"; its stderr then only says
        // "Installing `...` failed".
        std::string last_error;
        const auto r = run_child({rauc_program(), "install", bundle},
                                 {.capture_stderr = true, .on_line = [&](const std::string& line) {
                                      if (line.rfind("LastError: ", 0) == 0) last_error = line.substr(11);
                                      progress(parse_progress_line(line));
                                  }});
        if (!r.exec_error.empty()) return InstallFailure{with_program_hint(r.exec_error), ""};
        if (!succeeded(r)) return InstallFailure{last_error.empty() ? plain_reason(r) : last_error, describe(r)};
        return std::nullopt;
    }
};

}  // namespace

const SlotInfo* SlotStatus::booted_slot() const {
    for (const auto& s : slots)
        if (s.bootname == booted) return &s;
    return nullptr;
}

const SlotInfo* SlotStatus::other_slot() const {
    const SlotInfo* running = booted_slot();
    for (const auto& s : slots)
        if (&s != running && s.bootname != "-" && s.name.rfind("rootfs", 0) == 0) return &s;
    return nullptr;
}

const SlotInfo* SlotStatus::primary_slot() const {
    for (const auto& s : slots)
        if (s.name == boot_primary) return &s;
    return nullptr;
}

Result<SlotStatus> parse_slot_status(const std::string& json) {
    const auto status = nlohmann::json::parse(json, nullptr, false);
    if (status.is_discarded() || !status.is_object())
        return fail("rauc status printed something that is not JSON:\n" + json);
    SlotStatus out{json_text(status, "compatible"), json_text(status, "booted"), json_text(status, "boot_primary"), {}};
    // "slots" is a list of one-entry objects: [{"rootfs.0": {...}}, {"rootfs.1": {...}}]
    if (status.contains("slots") && status["slots"].is_array())
        for (const auto& entry : status["slots"])
            if (entry.is_object())
                for (const auto& [name, info] : entry.items())
                    out.slots.push_back({name, json_text(info, "bootname"), json_text(info, "state"),
                                         json_text(info, "boot_status"), json_text(info, "device"),
                                         installed_version(info)});
    return out;
}

InstallProgress parse_progress_line(const std::string& line) {
    static const std::regex step(R"(^\s*(\d{1,3})% (.*)$)");
    std::smatch m;
    if (std::regex_match(line, m, step)) return {std::min(100, std::stoi(m[1])), m[2], line};
    return {-1, line, line};
}

std::string rauc_program() {
    const char* env = std::getenv("ANJUNGAN_RAUC");
    return env && *env ? env : "rauc";
}

std::unique_ptr<Rauc> make_command_rauc() { return std::make_unique<CommandRauc>(); }

std::shared_ptr<Rauc> make_rauc(const std::string& spec) {
    if (spec != "sim") return make_command_rauc();
    auto sim = std::make_shared<SimulatedRauc>();
    sim->step_delay = std::chrono::milliseconds(300);
    return sim;
}

SimulatedRauc::SimulatedRauc() {
    slot_status = {kCompatible, "A", "rootfs.0",
                   {{"rootfs.0", "A", "booted", "good", "/dev/disk/by-partlabel/anj-root-a", ANJUNGAN_VERSION},
                    {"rootfs.1", "B", "inactive", "good", "/dev/disk/by-partlabel/anj-root-b", "-"}}};
}

Result<SlotStatus> SimulatedRauc::status() {
    std::lock_guard lock(mutex_);
    return slot_status;
}

Result<BundleInfo> SimulatedRauc::described_in_file(const std::string& bundle, Pace& pace) const {
    std::ifstream file(bundle);
    const auto j = nlohmann::json::parse(file, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("compatible"))
        return fail("not a valid signed bundle for this kiosk: " + bundle + " is not a RAUC bundle");
    if (j.contains("bad_signature"))
        return fail("not a valid signed bundle for this kiosk: " + json_text(j, "bad_signature"));
    if (j.contains("fail_at_percent") && j["fail_at_percent"].is_number_integer()) pace.fail_at = j["fail_at_percent"];
    if (j.contains("step_ms") && j["step_ms"].is_number_integer())
        pace.step_delay = std::chrono::milliseconds(std::clamp(j["step_ms"].get<int>(), 0, 60'000));
    return BundleInfo{bundle, json_text(j, "compatible"), json_text(j, "version")};
}

Result<BundleInfo> SimulatedRauc::inspect(const std::string& bundle) {
    for (const auto& [path, why] : bad)
        if (path == bundle) return fail("not a valid signed bundle for this kiosk: " + why);
    for (const auto& b : bundles)
        if (b.path == bundle) return b;
    Pace ignored;
    return described_in_file(bundle, ignored);
}

std::optional<InstallFailure> SimulatedRauc::install(const std::string& bundle, const ProgressSink& progress) {
    const auto info = inspect(bundle);
    if (!info) return InstallFailure{info.error().message, "exit status 1"};
    Pace pace{fail_at_percent, step_delay};
    const bool described = std::none_of(bundles.begin(), bundles.end(), [&](const BundleInfo& b) { return b.path == bundle; });
    if (described) (void)described_in_file(bundle, pace);
    for (const auto& s : steps) {
        if (pace.fail_at >= 0 && s.percent >= pace.fail_at) return InstallFailure{failure, "exit status 1"};
        std::this_thread::sleep_for(pace.step_delay);
        std::error_code ec;
        if (described && !std::filesystem::exists(bundle, ec))
            return InstallFailure{"Failed to read the bundle " + bundle + ": No such file or directory", "exit status 1"};
        char line[16];
        std::snprintf(line, sizeof line, "%3d%% ", s.percent);
        progress({s.percent, s.message, line + s.message});
    }
    std::lock_guard lock(mutex_);
    installed_.push_back(bundle);
    // As RAUC does once the slot is written: the other slot holds the bundle's version and boots next.
    const SlotInfo* other = slot_status.other_slot();
    for (auto& slot : slot_status.slots)
        if (other && slot.name == other->name) {
            slot.version = info->version;
            slot_status.boot_primary = slot.name;
        }
    return std::nullopt;
}

std::vector<std::string> SimulatedRauc::installed() const {
    std::lock_guard lock(mutex_);
    return installed_;
}

}  // namespace anjungan::maintenance
