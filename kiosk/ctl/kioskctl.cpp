// kioskctl: the technician's tool over SSH. Argument parsing and printing only; the actions and the status are
// kiosk/maintenance's, shared with the technician screens.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/open311.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/settings_file.h"
#include "kiosk/maintenance/audit.h"
#include "kiosk/maintenance/device_actions.h"
#include "kiosk/maintenance/printer_actions.h"
#include "kiosk/maintenance/rauc.h"
#include "kiosk/maintenance/status.h"
#include "kiosk/maintenance/status_text.h"
#include "kiosk/maintenance/technician_access.h"

namespace {

using namespace anjungan;
using namespace anjungan::maintenance;

const char* kUsage =
    "usage: kioskctl [--config FILE] [--data-dir DIR] [--server URL] COMMAND\n"
    "commands:\n"
    "  status                 printer, scanner, network, server, outbox, disk, software and slots, uptime, clock\n"
    "  outbox list [N]        the N most recent requests (default 20): reference, state, attempts, error\n"
    "  outbox retry [REF]     try a queued request now, or queue a rejected one again (all when REF omitted)\n"
    "  reprint REF            print the ticket of reference REF again\n"
    "  printer setup          make the CUPS ticket queue from the configuration's [devices] keys (idempotent)\n"
    "  printer status         the ticket queue's state, state reasons, device URI and driver\n"
    "  printer test           print a test ticket through the configured printer and wait until it is done\n"
    "  print test             the same as printer test\n"
    "  logs [N]               the kiosk's last N log lines (default 50)\n"
    "  settings get           language, volume, brightness and idle timings in effect\n"
    "  settings set KEY VALUE change one of them (kept in DATA_DIR/settings.conf, over the configuration)\n"
    "  slot                   the booted root slot (A/B) and each slot's state (rauc status)\n"
    "  update FILE            install a signed update bundle into the other slot (rauc install), then reboot\n"
    "  reboot                 restart the device now\n"
    "  audit [N]              the last N technician entries and actions (default 50)\n"
    "  technician set-pin     set the technician PIN (typed twice, on the terminal or standard input)\n";

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
    if (auto s = load_settings_file(inv.config, settings_file_path(inv.config.data_dir)); !s) return s.error();
    return inv;
}

int failed(const std::string& message) {
    std::fprintf(stderr, "kioskctl: %s\n", message.c_str());
    return 1;
}

int wrong_arguments(const std::string& command) {
    std::fprintf(stderr, "kioskctl: wrong arguments for %s\n%s", command.c_str(), kUsage);
    return 2;
}

// Records a kioskctl action in the audit log; a log that cannot be written is said, not fatal.
void audit(const Config& config, const std::string& what, const std::string& outcome) {
    SystemClock clock;
    auto log = AuditLog::open(config.data_dir, clock);
    const Status s = log ? log->record(kWhoKioskctl, what, outcome) : Status(log.error());
    if (!s) std::fprintf(stderr, "kioskctl: warning: not in the audit log: %s\n", s.error().message.c_str());
}

// Prints the outcome of an action and audits it.
int report(const Config& config, const std::string& what, const Result<std::string>& done) {
    audit(config, what, done ? "ok" : "failed: " + done.error().message);
    if (!done) return failed(done.error().message);
    std::printf("%s\n", done->c_str());
    return 0;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

// ------------------------------------------------------------------------------------------------- status

// Damage found and repaired now, and damaged files moved aside earlier (kept until a technician removes them).
void print_outbox_health(Outbox& outbox) {
    if (outbox.recovered_from_corruption()) std::printf("warning:     the outbox was damaged: %s\n", outbox.recovery().action.c_str());
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

int status(Outbox& outbox, const Config& config) {
    SystemClock clock;
    StatusSources sources = real_status_sources(config, clock);
    const StatusSnapshot s = gather_status(sources, clock);
    for (const auto& line : status_lines(s, delivery_error_hint(s.outbox.last_error))) {
        std::printf("%-12s %s\n", (line.key + ":").c_str(), line.text.c_str());
        if (line.key == "server" && config.plain_http())
            std::printf("warning:     plain HTTP to the server: personal data is not encrypted (the kiosk refuses this "
                        "unless server.allow_insecure = true)\n");
    }
    print_outbox_health(outbox);
    return s.outbox.error.empty() ? 0 : 1;
}

// ------------------------------------------------------------------------------------------------- outbox

int list(Outbox& outbox, int limit) {
    const auto rows = outbox.list(limit);
    if (!rows) return failed(rows.error().message);
    std::printf("%-32s %-10s %-9s %8s  %s\n", "REFERENCE", "SERVICE", "STATE", "ATTEMPTS", "SERVER ID / LAST ERROR");
    for (const auto& r : *rows)
        std::printf("%-32s %-10s %-9s %8d  %s\n", r.reference.c_str(), r.service_code.c_str(), to_string(r.state),
                    r.attempts, (r.server_id.empty() ? r.last_error : r.server_id).c_str());
    return 0;
}

int outbox_command(const std::vector<std::string>& cmd, const Config& config) {
    const std::string path = config.data_dir + "/outbox.sqlite";
    if (!std::filesystem::exists(path)) return failed("no outbox at " + path + " (wrong --data-dir or --config?)");
    SystemClock clock;
    // The kiosk owns the outbox (and its recovery): kioskctl reads it read-only and writes only for a retry.
    const bool writes = cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "retry";
    auto outbox = writes ? Outbox::open_shared(path, clock) : Outbox::open_read_only(path, clock);
    if (!outbox) return failed(outbox.error().message);
    if (cmd[0] == "status" && cmd.size() == 1) return status(**outbox, config);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "list" && cmd.size() <= 3)
        return list(**outbox, cmd.size() == 3 ? std::max(1, std::atoi(cmd[2].c_str())) : 20);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "retry" && cmd.size() <= 3) {
        const std::string reference = cmd.size() == 3 ? cmd[2] : "";
        return report(config, "outbox retry" + (reference.empty() ? "" : " " + reference),
                      retry_delivery(**outbox, reference));
    }
    if (cmd[0] == "reprint" && cmd.size() == 2) {
        const char* assets = std::getenv("ANJUNGAN_ASSETS");
        return report(config, "reprint " + cmd[1],
                      reprint_ticket(config, **outbox, cmd[1], assets ? assets : ANJUNGAN_ASSET_DIR, config.language));
    }
    std::fprintf(stderr, "kioskctl: unknown command\n%s", kUsage);
    return 2;
}

// ------------------------------------------------------------------------------------------------- printer

void print_queue_status(const PrinterQueueReport& report) {
    const hal::QueueStatus& status = report.queue;
    std::string reasons;
    for (const auto& r : status.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
    std::printf("queue:       %s\n", status.queue.c_str());
    std::printf("state:       %s, %s\n", hal::printer_state_name(status.printer_state),
                status.accepting_jobs ? "accepting jobs" : "NOT accepting jobs");
    std::printf("reasons:     %s\n", reasons.empty() ? "none" : reasons.c_str());
    std::printf("message:     %s\n", or_dash(status.state_message).c_str());
    std::printf("device:      %s\n", or_dash(status.device_uri).c_str());
    std::printf("driver:      %s\n", or_dash(status.make_and_model).c_str());
    const std::string detail = report.seen_detail.empty() ? "" : " (" + report.seen_detail + ")";
    std::printf("kiosk sees:  %s%s\n", hal::to_string(report.seen), detail.c_str());
}

int printer_command(const std::vector<std::string>& cmd, const Config& config) {
    if (cmd.size() == 2 && cmd[1] == "setup") return report(config, "printer setup", set_up_printer(config));
    if (cmd.size() == 2 && cmd[1] == "test") return report(config, "test print", print_test_ticket(config));
    if (cmd.size() != 2 || cmd[1] != "status") return wrong_arguments(cmd[0]);
    const auto queue = read_printer_queue(config);
    if (!queue) return failed(queue.error().message);
    if (queue->simulated) std::printf("printer:     %s (simulated: no CUPS queue)\n", config.printer.c_str());
    else print_queue_status(*queue);
    return 0;
}

// ------------------------------------------------------------------------------------------------- slots, update

int slot() {
    const auto status = make_command_rauc()->status();
    if (!status) return failed(status.error().message);
    const SlotInfo* booted = status->booted_slot();
    std::printf("compatible:  %s\n", status->compatible.c_str());
    std::printf("booted:      %s (%s)\n", status->booted.c_str(), booted ? booted->name.c_str() : "-");
    std::printf("next boot:   %s\n", status->boot_primary.c_str());
    std::printf("%-10s %-9s %-10s %-12s %-24s %s\n", "SLOT", "BOOTNAME", "STATE", "BOOT STATUS", "DEVICE", "VERSION");
    for (const auto& s : status->slots)
        std::printf("%-10s %-9s %-10s %-12s %-24s %s\n", s.name.c_str(), s.bootname.c_str(), s.state.c_str(),
                    s.boot_status.c_str(), s.device.c_str(), s.version.c_str());
    if (status->slots.empty()) std::printf("(rauc reports no slots)\n");
    return 0;
}

int update(const Config& config, const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return failed("no update bundle at " + file);
    const std::string bundle = std::filesystem::absolute(file, ec).string();
    std::printf("installing %s\n", bundle.c_str());
    // rauc install checks the bundle's signature and compatible itself before it writes anything.
    const auto failure = make_command_rauc()->install(bundle, [](const InstallProgress& p) {
        std::printf("%s\n", p.line.c_str());
        std::fflush(stdout);
    });
    audit(config, "update " + std::filesystem::path(bundle).filename().string(),
          failure ? "failed: " + failure->reason : "ok");
    if (failure) {
        std::fprintf(stderr, "%s\n", failure->reason.c_str());
        std::fprintf(stderr,
                     "kioskctl: update FAILED (%s). Nothing was changed for the next boot: the kiosk keeps "
                     "running and booting its current slot.\n",
                     (failure->exit.empty() ? failure->reason : failure->exit).c_str());
        return 1;
    }
    std::printf("update installed into the other slot; reboot to start it (it falls back by itself if it does "
                "not come up)\n");
    return 0;
}

// ------------------------------------------------------------------------------------------------- settings, logs

int settings_command(const std::vector<std::string>& cmd, Config& config) {
    if (cmd.size() == 2 && cmd[1] == "get") {
        auto settings = current_settings(config);
        if (!settings) return failed(settings.error().message);
        for (const auto& s : *settings)
            std::printf("%-20s %-6s %s  # %s\n", s.key.c_str(), s.value.c_str(),
                        s.overridden ? "(set by a technician)" : "(configuration)", s.description.c_str());
        return 0;
    }
    if (cmd.size() != 4 || cmd[1] != "set") return wrong_arguments(cmd[0]);
    auto backlight = make_backlight(config.backlight);
    const Status s = change_setting(config, cmd[2], cmd[3], *backlight);
    audit(config, "settings " + cmd[2] + "=" + cmd[3], s ? "ok" : "failed: " + s.error().message);
    if (!s) return failed(s.error().message);
    std::printf("%s = %s (kept in %s; the kiosk uses it from its next start)\n", cmd[2].c_str(), cmd[3].c_str(),
                settings_file_path(config.data_dir).c_str());
    return 0;
}

int logs(int count) {
    const auto lines = recent_log_lines(count);
    if (!lines) return failed(lines.error().message);
    for (const auto& line : *lines) std::printf("%s\n", line.c_str());
    return 0;
}

int audit_command(const Config& config, int count) {
    SystemClock clock;
    auto log = AuditLog::open(config.data_dir, clock);
    if (!log) return failed(log.error().message);
    const auto entries = log->recent(count);
    if (!entries) return failed(entries.error().message);
    std::printf("%-19s  %-16s %-40s %s\n", "WHEN", "WHO", "WHAT", "OUTCOME");
    for (const auto& e : *entries) std::printf("%s\n", format_audit_entry(e).c_str());
    if (entries->empty()) std::printf("(no technician entries or actions yet)\n");
    return 0;
}

int reboot(const Config& config) {
    const Status s = reboot_device();
    audit(config, "reboot", s ? "ok" : "failed: " + s.error().message);
    if (!s) return failed(s.error().message);
    std::printf("rebooting\n");
    return 0;
}

// ------------------------------------------------------------------------------------------------- PIN

// One line from standard input; on a terminal, asked for with echo off.
std::string read_secret_line(const char* prompt) {
    const bool terminal = isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        std::fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

int set_pin(const Config& config) {
    const std::string pin = read_secret_line("new technician PIN (4-12 digits): ");
    if (auto s = check_new_pin(pin); !s) return failed(s.error().message);
    if (read_secret_line("the same PIN again: ") != pin) return failed("the two PINs differ; nothing was changed");
    const std::string path = pin_file_path(config);
    const Status s = write_pin_file(path, pin);
    audit(config, "set PIN", s ? "ok" : "failed: " + s.error().message);
    if (!s) return failed(s.error().message);
    std::printf("technician PIN set (%s, readable by this user only)\n", path.c_str());
    return 0;
}

int count_argument(const std::vector<std::string>& cmd, int fallback) {
    return cmd.size() == 2 ? std::max(1, std::atoi(cmd[1].c_str())) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    auto inv = parse(argc, argv);
    if (!inv) {
        std::fprintf(stderr, "kioskctl: %s\n%s", inv.error().message.c_str(), kUsage);
        return 2;
    }
    const auto& cmd = inv->command;
    Config& config = inv->config;
    const std::string& verb = cmd[0];
    if (verb == "printer") return printer_command(cmd, config);
    if (verb == "print") return cmd.size() == 2 && cmd[1] == "test" ? printer_command({"printer", "test"}, config)
                                                                     : wrong_arguments(verb);
    if (verb == "slot") return cmd.size() == 1 ? slot() : wrong_arguments(verb);
    if (verb == "update") return cmd.size() == 2 ? update(config, cmd[1]) : wrong_arguments(verb);
    if (verb == "settings") return settings_command(cmd, config);
    if (verb == "logs") return cmd.size() <= 2 ? logs(count_argument(cmd, 50)) : wrong_arguments(verb);
    if (verb == "audit") return cmd.size() <= 2 ? audit_command(config, count_argument(cmd, 50)) : wrong_arguments(verb);
    if (verb == "reboot") return cmd.size() == 1 ? reboot(config) : wrong_arguments(verb);
    if (verb == "technician")
        return cmd.size() == 2 && cmd[1] == "set-pin" ? set_pin(config) : wrong_arguments(verb);
    return outbox_command(cmd, config);
}
