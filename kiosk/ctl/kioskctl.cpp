// kioskctl: the technician's tool (status, outbox, ticket printer, A/B slots, updates), safe while the kiosk runs.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/config.h"
#include "kiosk/core/http_client.h"
#include "kiosk/core/open311.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/time_sync.h"
#include "kiosk/ctl/printer_commands.h"

namespace {

using namespace anjungan;

const char* kUsage =
    "usage: kioskctl [--config FILE] [--data-dir DIR] [--server URL] COMMAND\n"
    "commands:\n"
    "  status                 software release and boot slot, outbox depth, oldest waiting request, last error,\n"
    "                         server reachability, whether the clock was synchronised since boot\n"
    "  outbox list [N]        the N most recent requests (default 20): reference, state, attempts, error\n"
    "  outbox retry [REF]     try a queued request now, or queue a rejected one again (all when REF omitted)\n"
    "  printer setup          make the CUPS ticket queue from the configuration's [devices] keys (idempotent)\n"
    "  printer status         the ticket queue's state, state reasons, device URI and driver\n"
    "  printer test           print a test ticket through the configured printer and wait until it is done\n"
    "  slot                   the booted root slot (A/B) and each slot's state (rauc status)\n"
    "  update FILE            install a signed update bundle into the other slot (rauc install), then reboot\n";

struct Invocation {
    Config config = default_config();
    std::vector<std::string> command;
};

Result<Invocation> parse(int argc, char** argv) {
    Invocation inv;
    inv.config.data_dir = "/var/lib/anjungan";
    std::vector<std::string> args(argv + 1, argv + argc);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool takes_value = a == "--config" || a == "--data-dir" || a == "--server";
        if (!takes_value) {
            inv.command.push_back(a);
            continue;
        }
        if (i + 1 >= args.size()) return fail(a + " needs a value");
        const std::string& v = args[++i];
        Status s = a == "--config"     ? load_config_file(inv.config, v)
                   : a == "--data-dir" ? set_config_value(inv.config, "kiosk.data_dir", v)
                                       : set_config_value(inv.config, "server.url", v);
        if (!s) return s.error();
    }
    if (inv.command.empty()) return fail("no command given");
    return inv;
}

std::string age(std::int64_t since, std::int64_t now) {
    // Retry timing does not depend on the wall clock, but this age does: a clock behind says so, not "-86375 s".
    if (now < since) return "- (this device's clock is behind the request's creation time; check time sync)";
    const std::int64_t s = now - since;
    if (s < 120) return std::to_string(s) + " s";
    if (s < 7200) return std::to_string(s / 60) + " min";
    if (s < 172800) return std::to_string(s / 3600) + " h";
    return std::to_string(s / 86400) + " days";
}

std::string reachability(const Config& config) {
    if (config.server_url.empty()) return "no server configured";
    HttpOptions options;
    options.ca_file = config.ca_file;
    options.public_key_pin = config.public_key_pin;
    options.connect_timeout_ms = 3000;
    options.total_timeout_ms = 5000;
    HttpClient http(options);
    auto r = http.get(config.server_url + "/services.json");
    if (!r) return "unreachable (" + r.error().message + ")";
    return (r->status >= 200 && r->status < 300 ? "reachable" : "answering with errors") +
           std::string(" (HTTP ") + std::to_string(r->status) + ")";
}

// KEY=value from a file such as /etc/anjungan-release or /proc/cmdline (space-separated); empty when absent.
std::string value_in_file(const std::string& path, const std::string& key) {
    std::ifstream file(path);
    std::string word;
    while (file >> word)
        if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
    return "";
}

// What this device runs: the slot's release (written by image/build) and the slot GRUB booted.
void print_software() {
    const std::string version = value_in_file("/etc/anjungan-release", "VERSION");
    const std::string commit = value_in_file("/etc/anjungan-release", "COMMIT");
    if (version.empty())
        std::printf("software:    kioskctl " ANJUNGAN_VERSION " (no /etc/anjungan-release: not a device image)\n");
    else
        std::printf("software:    %s (%s)\n", version.c_str(), commit.empty() ? "-" : commit.c_str());
    const std::string slot = value_in_file("/proc/cmdline", "rauc.slot");
    std::printf("boot slot:   %s\n", slot.empty() ? "- (not booted through the A/B boot loader)" : slot.c_str());
}

// Damage found now (kioskctl only reads: the kiosk repairs at its start), and damaged files the kiosk moved aside
// (kept until a technician removes them).
void print_outbox_health(Outbox& outbox) {
    const auto check = outbox.integrity_check();
    std::printf("outbox check: %s\n", check ? check->c_str() : check.error().message.c_str());
    const std::filesystem::path path(outbox.path());
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path(), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(path.filename().string() + ".corrupt-", 0) != 0 || name.find("-wal") != std::string::npos ||
            name.find("-shm") != std::string::npos)
            continue;
        std::printf("moved aside: %s (a damaged outbox; its readable requests were copied into the outbox)\n",
                    entry.path().c_str());
    }
}

// Tickets and requests of a kiosk whose clock never synchronised since boot are marked; the technician sees why.
std::string clock_sync_status(const Config& config) {
    const auto sync = make_time_sync(config.clock_sync);
    if (!sync) return sync.error().message;
    return (*sync)->synced_since_boot() ? "synchronised since boot"
                                        : "not synchronised since boot (tickets say \"waktu belum tersinkron\"; "
                                          "check the network and systemd-timesyncd)";
}

int status(Outbox& outbox, const Config& config) {
    const auto counts = outbox.counts();
    const auto error = outbox.last_pending_error();
    if (!counts || !error) {
        std::fprintf(stderr, "kioskctl: %s\n", (!counts ? counts.error() : error.error()).message.c_str());
        return 1;
    }
    const std::int64_t now = std::time(nullptr);
    print_software();
    std::printf("outbox:      %s\n", outbox.path().c_str());
    std::printf("waiting:     %d (queued %d, sending %d)\n", counts->queued + counts->sending, counts->queued,
                counts->sending);
    std::printf("oldest:      %s\n",
                counts->oldest_pending_created_at ? age(counts->oldest_pending_created_at, now).c_str() : "-");
    std::printf("delivered:   %d\nrejected:    %d%s\n", counts->delivered, counts->rejected,
                counts->rejected ? " (kept with their data; `kioskctl outbox retry REF` sends one again)" : "");
    std::printf("last error:  %s\n", error->empty() ? "-" : error->c_str());
    if (const std::string hint = delivery_error_hint(*error); !hint.empty() && counts->queued + counts->sending > 0)
        std::printf("delivery:    paused, retrying with backoff: %s\n", hint.c_str());
    std::printf("server:      %s\n", reachability(config).c_str());
    std::printf("clock:       %s\n", clock_sync_status(config).c_str());
    if (config.plain_http())
        std::printf("warning:     plain HTTP to the server: personal data is not encrypted (the kiosk refuses this "
                    "unless server.allow_insecure = true)\n");
    print_outbox_health(outbox);
    return 0;
}

int list(Outbox& outbox, int limit) {
    const auto rows = outbox.list(limit);
    if (!rows) {
        std::fprintf(stderr, "kioskctl: %s\n", rows.error().message.c_str());
        return 1;
    }
    std::printf("%-32s %-10s %-9s %8s  %s\n", "REFERENCE", "SERVICE", "STATE", "ATTEMPTS", "SERVER ID / LAST ERROR");
    for (const auto& r : *rows)
        std::printf("%-32s %-10s %-9s %8d  %s\n", r.reference.c_str(), r.service_code.c_str(), to_string(r.state),
                    r.attempts, (r.server_id.empty() ? r.last_error : r.server_id).c_str());
    return 0;
}

int retry(Outbox& outbox, const std::string& reference) {
    const auto changed = outbox.retry_now(reference);
    if (!changed) {
        std::fprintf(stderr, "kioskctl: %s\n", changed.error().message.c_str());
        return 1;
    }
    if (*changed == 0 && !reference.empty()) {
        std::fprintf(stderr, "kioskctl: no queued or rejected request %s\n", reference.c_str());
        return 1;
    }
    std::printf("%d request(s) will be sent at the kiosk's next attempt (within a minute)\n", *changed);
    return 0;
}

// --------------------------------------------------------------- updates (RAUC)

// The rauc binary: $ANJUNGAN_RAUC (tests) or "rauc" found via PATH.
std::string rauc_binary() {
    const char* env = std::getenv("ANJUNGAN_RAUC");
    return env && *env ? env : "rauc";
}

struct ChildResult {
    std::string exec_error;  // non-empty: the program could not be started
    int wait_status = 0;
    std::string out;  // stdout when captured
};

std::string describe(const ChildResult& r) {
    if (!r.exec_error.empty()) return r.exec_error;
    if (WIFEXITED(r.wait_status)) return "exit status " + std::to_string(WEXITSTATUS(r.wait_status));
    if (WIFSIGNALED(r.wait_status)) return std::string("killed by signal ") + strsignal(WTERMSIG(r.wait_status));
    return "unknown wait status";
}

bool succeeded(const ChildResult& r) {
    return r.exec_error.empty() && WIFEXITED(r.wait_status) && WEXITSTATUS(r.wait_status) == 0;
}

// Runs argv (fork/exec, no shell). stderr is inherited; stdout is captured when `capture`, else inherited so
// the child's progress lines reach the technician as they come.
ChildResult run(const std::vector<std::string>& argv, bool capture) {
    ChildResult result;
    int out_pipe[2] = {-1, -1};
    int err_pipe[2] = {-1, -1};  // close-on-exec: carries errno when exec fails
    if ((capture && pipe2(out_pipe, O_CLOEXEC) != 0) || pipe2(err_pipe, O_CLOEXEC) != 0) {
        result.exec_error = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0) {
        result.exec_error = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        if (capture) dup2(out_pipe[1], STDOUT_FILENO);
        execvp(args[0], args.data());
        const int e = errno;
        (void)!write(err_pipe[1], &e, sizeof e);
        _exit(127);
    }
    close(err_pipe[1]);
    if (capture) {
        close(out_pipe[1]);
        char buf[4096];
        ssize_t n;
        while ((n = read(out_pipe[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
            if (n > 0) result.out.append(buf, static_cast<size_t>(n));
        close(out_pipe[0]);
    }
    int e = 0;
    ssize_t n;
    while ((n = read(err_pipe[0], &e, sizeof e)) < 0 && errno == EINTR) {
    }
    close(err_pipe[0]);
    while (waitpid(pid, &result.wait_status, 0) < 0 && errno == EINTR) {
    }
    if (n == static_cast<ssize_t>(sizeof e))
        result.exec_error = "cannot run " + argv[0] + ": " + std::strerror(e) +
                            (std::getenv("ANJUNGAN_RAUC") ? " (set by ANJUNGAN_RAUC)" : " (is rauc installed?)");
    return result;
}

std::string json_text(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "-";
    if (j[key].is_string()) return j[key].get<std::string>();
    return j[key].dump();
}

int slot() {
    const auto r = run({rauc_binary(), "status", "--output-format=json"}, true);
    if (!succeeded(r)) {
        std::fprintf(stderr, "kioskctl: rauc status failed (%s)\n", describe(r).c_str());
        return 1;
    }
    const auto status = nlohmann::json::parse(r.out, nullptr, false);
    if (status.is_discarded() || !status.is_object()) {
        std::fprintf(stderr, "kioskctl: rauc status printed something that is not JSON:\n%s\n", r.out.c_str());
        return 1;
    }
    // "slots" is a list of one-entry objects: [{"rootfs.0": {...}}, {"rootfs.1": {...}}]
    std::vector<std::pair<std::string, nlohmann::json>> slots;
    if (status.contains("slots") && status["slots"].is_array())
        for (const auto& entry : status["slots"])
            if (entry.is_object())
                for (const auto& [name, info] : entry.items()) slots.emplace_back(name, info);
    const std::string booted = json_text(status, "booted");
    std::string booted_slot = "-";
    for (const auto& [name, info] : slots)
        if (json_text(info, "bootname") == booted) booted_slot = name;
    std::printf("compatible:  %s\n", json_text(status, "compatible").c_str());
    std::printf("booted:      %s (%s)\n", booted.c_str(), booted_slot.c_str());
    std::printf("next boot:   %s\n", json_text(status, "boot_primary").c_str());
    std::printf("%-10s %-9s %-10s %-12s %s\n", "SLOT", "BOOTNAME", "STATE", "BOOT STATUS", "DEVICE");
    for (const auto& [name, info] : slots)
        std::printf("%-10s %-9s %-10s %-12s %s\n", name.c_str(), json_text(info, "bootname").c_str(),
                    json_text(info, "state").c_str(), json_text(info, "boot_status").c_str(),
                    json_text(info, "device").c_str());
    if (slots.empty()) std::printf("(rauc reports no slots)\n");
    return 0;
}

int update(const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        std::fprintf(stderr, "kioskctl: no update bundle at %s\n", file.c_str());
        return 1;
    }
    const std::string bundle = std::filesystem::absolute(file, ec).string();
    std::printf("installing %s\n", bundle.c_str());
    const auto r = run({rauc_binary(), "install", bundle}, false);
    if (!succeeded(r)) {
        std::fprintf(stderr,
                     "kioskctl: update FAILED (%s). Nothing was changed for the next boot: the kiosk keeps "
                     "running and booting its current slot.\n",
                     describe(r).c_str());
        return 1;
    }
    std::printf("update installed into the other slot; reboot to start it (it falls back by itself if it does "
                "not come up)\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto inv = parse(argc, argv);
    if (!inv) {
        std::fprintf(stderr, "kioskctl: %s\n%s", inv.error().message.c_str(), kUsage);
        return 2;
    }
    const auto& cmd = inv->command;
    if (cmd[0] == "printer") return ctl::printer_command(cmd, inv->config, kUsage);
    if (cmd[0] == "slot" && cmd.size() == 1) return slot();
    if (cmd[0] == "update" && cmd.size() == 2) return update(cmd[1]);
    if (cmd[0] == "slot" || cmd[0] == "update") {
        std::fprintf(stderr, "kioskctl: wrong arguments for %s\n%s", cmd[0].c_str(), kUsage);
        return 2;
    }
    const std::string path = inv->config.data_dir + "/outbox.sqlite";
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "kioskctl: no outbox at %s (wrong --data-dir or --config?)\n", path.c_str());
        return 1;
    }
    SystemClock clock;
    // The kiosk owns the outbox (and its recovery): kioskctl reads it read-only and writes only for a retry.
    const bool writes = cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "retry";
    auto outbox = writes ? Outbox::open_shared(path, clock) : Outbox::open_read_only(path, clock);
    if (!outbox) {
        std::fprintf(stderr, "kioskctl: %s\n", outbox.error().message.c_str());
        return 1;
    }
    if (cmd[0] == "status" && cmd.size() == 1) return status(**outbox, inv->config);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "list" && cmd.size() <= 3)
        return list(**outbox, cmd.size() == 3 ? std::max(1, std::atoi(cmd[2].c_str())) : 20);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "retry" && cmd.size() <= 3)
        return retry(**outbox, cmd.size() == 3 ? cmd[2] : "");
    std::fprintf(stderr, "kioskctl: unknown command\n%s", kUsage);
    return 2;
}
