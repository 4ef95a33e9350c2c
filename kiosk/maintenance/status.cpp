// Status providers' real backends, the snapshot and the poller.
#include "kiosk/maintenance/status.h"

#include "kiosk/core/time_sync.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/core/http_client.h"
#include "kiosk/core/outbox.h"
#include "kiosk/maintenance/printer_actions.h"
#include "kiosk/maintenance/rauc.h"

namespace anjungan::maintenance {
namespace {

std::string first_line(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// The interface of the default IPv4 route (/proc/net/route: Iface Destination ... with destination 00000000).
std::string default_route_interface(const std::string& route_file) {
    std::ifstream file(route_file);
    std::string line;
    std::getline(file, line);  // header
    while (std::getline(file, line)) {
        std::istringstream fields(line);
        std::string iface, destination;
        if (fields >> iface >> destination && destination == "00000000") return iface;
    }
    return "";
}

bool link_up(const SystemPaths& paths, const std::string& iface) {
    return first_line(paths.sys_class_net + "/" + iface + "/operstate") == "up";
}

// The first up interface other than loopback, from sysfs.
std::string first_up_interface(const SystemPaths& paths) {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(paths.sys_class_net, ec))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& name : names)
        if (name != "lo" && link_up(paths, name)) return name;
    return "";
}

std::string address_of(const std::string& iface) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return "";
    std::string v4, v6;
    for (const ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || iface != a->ifa_name) continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (a->ifa_addr->sa_family == AF_INET && v4.empty())
            v4 = inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
        else if (a->ifa_addr->sa_family == AF_INET6 && v6.empty())
            v6 = inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr, text, sizeof text);
    }
    freeifaddrs(list);
    return v4.empty() ? v6 : v4;
}

template <class Fact>
Fact ask(const std::function<Fact()>& source) {
    return source ? source() : Fact{};
}

}  // namespace

std::string value_in_file(const std::string& path, const std::string& key) {
    std::ifstream file(path);
    std::string word;
    while (file >> word)
        if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
    return "";
}

PrinterFact read_printer(const Config& config) {
    PrinterFact fact{config.printer, "unknown", ""};
    auto report = read_printer_queue(config);
    if (!report) {
        fact.detail = report.error().message;
        return fact;
    }
    fact.state = hal::to_string(report->seen);
    fact.detail = report->simulated ? "simulated" : report->seen_detail;
    return fact;
}

ScannerFact read_scanner(const Config& config) {
    ScannerFact fact{config.scanner, true, std::nullopt};
    const auto colon = config.scanner.find(':');
    if (colon != std::string::npos && config.scanner.rfind("sim", 0) != 0) {
        std::error_code ec;
        fact.present = std::filesystem::exists(config.scanner.substr(colon + 1), ec);
    }
    return fact;
}

NetworkFact read_network(const SystemPaths& paths) {
    NetworkFact fact;
    fact.interface = default_route_interface(paths.proc_net_route);
    if (fact.interface.empty()) fact.interface = first_up_interface(paths);
    if (fact.interface.empty()) return fact;
    fact.link = link_up(paths, fact.interface);
    fact.address = address_of(fact.interface);
    return fact;
}

ServerFact read_server(const Config& config) {
    ServerFact fact;
    fact.configured = !config.server_url.empty();
    if (!fact.configured) return fact;
    HttpOptions options;
    options.ca_file = config.ca_file;
    options.public_key_pin = config.public_key_pin;
    options.connect_timeout_ms = 3000;
    options.total_timeout_ms = 5000;
    HttpClient http(options);
    const auto started = std::chrono::steady_clock::now();
    auto r = http.get(config.server_url + "/services.json");
    if (!r) {
        fact.detail = r.error().message;
        return fact;
    }
    fact.latency_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - started).count());
    fact.http_status = r->status;
    fact.reachable = r->status >= 200 && r->status < 300;
    return fact;
}

OutboxFact read_outbox(const std::string& outbox_path, const Clock& clock) {
    OutboxFact fact;
    fact.path = outbox_path;
    std::error_code ec;
    if (!std::filesystem::exists(outbox_path, ec)) {
        fact.error = "no outbox at " + outbox_path;
        return fact;
    }
    auto outbox = Outbox::open_read_only(outbox_path, clock);  // the kiosk owns it and its recovery
    if (!outbox) {
        fact.error = outbox.error().message;
        return fact;
    }
    const auto counts = (*outbox)->counts();
    const auto error = (*outbox)->last_pending_error();
    if (!counts || !error) {
        fact.error = (!counts ? counts.error() : error.error()).message;
        return fact;
    }
    fact.queued = counts->queued;
    fact.sending = counts->sending;
    fact.delivered = counts->delivered;
    fact.rejected = counts->rejected;
    fact.oldest_waiting_created_at = counts->oldest_pending_created_at;
    fact.last_error = *error;
    return fact;
}

DiskFact read_disk(const std::string& path) {
    DiskFact fact;
    fact.path = path;
    struct statvfs st {};
    if (statvfs(path.c_str(), &st) != 0) {
        fact.error = path + ": " + std::strerror(errno);
        return fact;
    }
    fact.free_bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
    fact.total_bytes = static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize;
    return fact;
}

SoftwareFact read_software(const SystemPaths& paths) {
    SoftwareFact fact;
    fact.version = value_in_file(paths.release_file, "VERSION");
    fact.commit = value_in_file(paths.release_file, "COMMIT");
    fact.device_image = !fact.version.empty();
    if (!fact.device_image) fact.version = ANJUNGAN_VERSION;
    return fact;
}

SlotFact read_slot(const SystemPaths& paths) {
    SlotFact fact;
    fact.booted = value_in_file(paths.proc_cmdline, "rauc.slot");
    if (fact.booted.empty()) return fact;  // not an A/B boot: there is no other slot to ask RAUC about
    auto status = make_command_rauc()->status();
    if (!status) {
        fact.error = status.error().message;
        return fact;
    }
    if (const SlotInfo* other = status->other_slot()) {
        fact.other_name = other->name;
        fact.other_bootname = other->bootname;
        fact.other_state = other->state;
        fact.other_boot_status = other->boot_status;
        fact.other_version = other->version;
    }
    return fact;
}

UptimeFact read_uptime(const SystemPaths& paths) {
    std::ifstream file(paths.proc_uptime);
    double seconds = -1;
    if (!(file >> seconds)) return {};
    return {static_cast<std::int64_t>(std::floor(seconds))};
}

ClockFact read_clock(const std::string& clock_sync) {
    const auto sync = make_time_sync(clock_sync);
    if (!sync) return {false, sync.error().message};
    const bool synced = (*sync)->synced_since_boot();
    return {synced, synced ? "synchronised since boot"
                           : "not synchronised since boot (tickets say \"waktu belum tersinkron\"; check the network "
                             "and systemd-timesyncd)"};
}

StatusSources real_status_sources(const Config& config, const Clock& clock) {
    StatusSources s;
    s.printer = [config] { return read_printer(config); };
    s.scanner = [config] { return read_scanner(config); };
    s.network = [] { return read_network(); };
    s.server = [config] { return read_server(config); };
    s.outbox = [path = config.data_dir + "/outbox.sqlite", &clock] { return read_outbox(path, clock); };
    s.disk = [dir = config.data_dir] { return read_disk(dir); };
    s.software = [] { return read_software(); };
    s.slot = [] { return read_slot(); };
    s.uptime = [] { return read_uptime(); };
    s.clock = [spec = config.clock_sync] { return read_clock(spec); };
    s.data = [config] {
        return DataProtectionFact{detect_data_protection(config.data_encryption, config.data_dir),
                                  config.unencrypted_personal_data};
    };
    return s;
}

StatusSnapshot gather_status(const StatusSources& sources, const Clock& clock) {
    StatusSnapshot s;
    s.taken_at = unix_seconds(clock.now());
    s.printer = ask(sources.printer);
    s.scanner = ask(sources.scanner);
    s.network = ask(sources.network);
    s.server = ask(sources.server);
    s.outbox = ask(sources.outbox);
    s.disk = ask(sources.disk);
    s.software = ask(sources.software);
    s.slot = ask(sources.slot);
    s.uptime = ask(sources.uptime);
    s.clock = ask(sources.clock);
    s.data = ask(sources.data);
    return s;
}

std::string describe_age(std::int64_t since, std::int64_t now) {
    // Retry timing does not depend on the wall clock, but this age does: a clock behind says so, not "-86375 s".
    if (now < since) return "- (this device's clock is behind the request's creation time; check time sync)";
    const std::int64_t s = now - since;
    if (s < 120) return std::to_string(s) + " s";
    if (s < 7200) return std::to_string(s / 60) + " min";
    if (s < 172800) return std::to_string(s / 3600) + " h";
    return std::to_string(s / 86400) + " days";
}

std::string describe_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

StatusPoller::StatusPoller(StatusSources sources, const Clock& clock, std::chrono::milliseconds interval,
                           std::function<void()> on_update)
    : sources_(std::move(sources)), clock_(clock), interval_(interval), on_update_(std::move(on_update)),
      thread_([this] { run(); }) {}

StatusPoller::~StatusPoller() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::optional<StatusSnapshot> StatusPoller::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void StatusPoller::refresh() {
    {
        std::lock_guard lock(mutex_);
        refresh_ = true;
    }
    wake_.notify_all();
}

void StatusPoller::run() {
    for (;;) {
        StatusSnapshot snapshot = gather_status(sources_, clock_);
        {
            std::unique_lock lock(mutex_);
            latest_ = std::move(snapshot);
            lock.unlock();
            if (on_update_) on_update_();
            lock.lock();
            wake_.wait_for(lock, interval_, [this] { return stopping_ || refresh_; });
            if (stopping_) return;
            refresh_ = false;
        }
    }
}

}  // namespace anjungan::maintenance
