// kioskctl: the technician's command-line tool (status, outbox list and retry), safe while the kiosk runs.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/http_client.h"
#include "kiosk/core/outbox.h"

namespace {

using namespace anjungan;

const char* kUsage =
    "usage: kioskctl [--config FILE] [--data-dir DIR] [--server URL] COMMAND\n"
    "commands:\n"
    "  status                 outbox depth, oldest waiting request, last error, server reachability\n"
    "  outbox list [N]        the N most recent requests (default 20): reference, state, attempts, error\n"
    "  outbox retry [REF]     try a queued request now, or queue a rejected one again (all when REF omitted)\n";

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

int status(Outbox& outbox, const Config& config) {
    const auto counts = outbox.counts();
    const auto error = outbox.last_pending_error();
    if (!counts || !error) {
        std::fprintf(stderr, "kioskctl: %s\n", (!counts ? counts.error() : error.error()).message.c_str());
        return 1;
    }
    const std::int64_t now = std::time(nullptr);
    std::printf("outbox:      %s\n", outbox.path().c_str());
    std::printf("waiting:     %d (queued %d, sending %d)\n", counts->queued + counts->sending, counts->queued,
                counts->sending);
    std::printf("oldest:      %s\n",
                counts->oldest_pending_created_at ? age(counts->oldest_pending_created_at, now).c_str() : "-");
    std::printf("delivered:   %d\nrejected:    %d\n", counts->delivered, counts->rejected);
    std::printf("last error:  %s\n", error->empty() ? "-" : error->c_str());
    std::printf("server:      %s\n", reachability(config).c_str());
    if (outbox.recovered_from_corruption()) std::printf("warning:     the outbox was corrupt and was replaced\n");
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

}  // namespace

int main(int argc, char** argv) {
    auto inv = parse(argc, argv);
    if (!inv) {
        std::fprintf(stderr, "kioskctl: %s\n%s", inv.error().message.c_str(), kUsage);
        return 2;
    }
    const std::string path = inv->config.data_dir + "/outbox.sqlite";
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "kioskctl: no outbox at %s (wrong --data-dir or --config?)\n", path.c_str());
        return 1;
    }
    SystemClock clock;
    auto outbox = Outbox::open(path, clock);
    if (!outbox) {
        std::fprintf(stderr, "kioskctl: %s\n", outbox.error().message.c_str());
        return 1;
    }
    const auto& cmd = inv->command;
    if (cmd[0] == "status" && cmd.size() == 1) return status(**outbox, inv->config);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "list" && cmd.size() <= 3)
        return list(**outbox, cmd.size() == 3 ? std::max(1, std::atoi(cmd[2].c_str())) : 20);
    if (cmd[0] == "outbox" && cmd.size() >= 2 && cmd[1] == "retry" && cmd.size() <= 3)
        return retry(**outbox, cmd.size() == 3 ? cmd[2] : "");
    std::fprintf(stderr, "kioskctl: unknown command\n%s", kUsage);
    return 2;
}
