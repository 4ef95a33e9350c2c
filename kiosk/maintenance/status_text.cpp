// The status snapshot as labelled lines, the same for `kioskctl status` and the technician's status screen.
#include "kiosk/maintenance/status_text.h"

namespace anjungan::maintenance {
namespace {

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

void software_and_slot(const StatusSnapshot& s, std::vector<StatusLine>& out) {
    out.push_back({"software", s.software.device_image
                                   ? s.software.version + " (" + or_dash(s.software.commit) + ")"
                                   : "kioskctl " + s.software.version + " (no /etc/anjungan-release: not a device image)"});
    if (s.slot.booted.empty()) {
        out.push_back({"boot slot", "- (not booted through the A/B boot loader)"});
        return;
    }
    out.push_back({"boot slot", s.slot.booted});
    if (!s.slot.error.empty()) out.push_back({"other slot", "- (" + s.slot.error + ")"});
    else if (s.slot.other_name.empty()) out.push_back({"other slot", "- (rauc lists no other root slot)"});
    else
        out.push_back({"other slot", s.slot.other_bootname + " (" + s.slot.other_name + "), version " +
                                         s.slot.other_version + ", " + s.slot.other_state + ", boot status " +
                                         s.slot.other_boot_status});
}

void outbox(const StatusSnapshot& s, const std::string& hint, std::vector<StatusLine>& out) {
    const OutboxFact& o = s.outbox;
    out.push_back({"outbox", o.path});
    if (!o.error.empty()) {
        out.push_back({"outbox error", o.error});
        return;
    }
    out.push_back({"waiting", std::to_string(o.waiting()) + " (queued " + std::to_string(o.queued) + ", sending " +
                                  std::to_string(o.sending) + ")"});
    out.push_back({"oldest", o.oldest_waiting_created_at ? describe_age(o.oldest_waiting_created_at, s.taken_at) : "-"});
    out.push_back({"delivered", std::to_string(o.delivered)});
    out.push_back({"rejected", std::to_string(o.rejected) +
                                   (o.rejected ? " (kept with their data; `kioskctl outbox retry REF` sends one again)" : "")});
    out.push_back({"last error", or_dash(o.last_error)});
    if (!hint.empty() && o.waiting() > 0) out.push_back({"delivery", "paused, retrying with backoff: " + hint});
}

std::string server(const ServerFact& f) {
    if (!f.configured) return "no server configured";
    if (f.http_status == 0) return "unreachable (" + f.detail + ")";
    return (f.reachable ? "reachable" : "answering with errors") + std::string(" (HTTP ") +
           std::to_string(f.http_status) + "), answered in " + std::to_string(f.latency_ms) + " ms";
}

std::string disk(const DiskFact& d) {
    if (!d.error.empty()) return "- (" + d.error + ")";
    const std::string space = describe_bytes(d.free_bytes) + " free of " + describe_bytes(d.total_bytes) + " (" + d.path + ")";
    if (!d.full()) return space;
    return "FULL, " + space + ": the kiosk cannot take requests now; every earlier request is kept, and it goes on by "
           "itself once space is freed";
}

void devices_and_system(const StatusSnapshot& s, std::vector<StatusLine>& out) {
    out.push_back({"printer", s.printer.spec + ": " + s.printer.state +
                                  (s.printer.detail.empty() ? "" : " (" + s.printer.detail + ")")});
    out.push_back({"scanner", s.scanner.backend + (s.scanner.present ? "" : " (NOT FOUND)") + ", last read " +
                                  (s.scanner.last_read ? describe_age(*s.scanner.last_read, s.taken_at) + " ago"
                                                       : "- (only the running kiosk knows)")});
    out.push_back({"network", or_dash(s.network.interface) + ", address " + or_dash(s.network.address) + ", link " +
                                  (s.network.link ? "up" : "DOWN")});
    out.push_back({"disk", disk(s.disk)});
    out.push_back({"uptime", s.uptime.seconds < 0 ? "-" : describe_age(0, s.uptime.seconds)});
    out.push_back({"clock", s.clock.detail});
    out.push_back({"data protection", s.data.policy.empty() ? "-" : describe_data_protection(s.data.protection,
                                                                                               s.data.policy)});
}

}  // namespace

std::vector<StatusLine> status_lines(const StatusSnapshot& s, const std::string& hint) {
    std::vector<StatusLine> out;
    software_and_slot(s, out);
    outbox(s, hint, out);
    out.push_back({"server", server(s.server)});
    devices_and_system(s, out);
    return out;
}

}  // namespace anjungan::maintenance
