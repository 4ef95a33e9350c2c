// Ticket content: header from the configuration, texts from the translations, no personal data.
#include "kiosk/core/ticket_content.h"

#include "kiosk/core/calendar.h"
#include "kiosk/core/request_facts.h"
#include "kiosk/core/services.h"

#include <cstdio>
#include <map>
#include <utility>

namespace anjungan {

std::string tracking_url(const Config& config, const std::string& reference) {
    std::string base = config.tracking_base;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/" + reference;
}

std::string mask_nik(const std::string& nik) {
    if (nik.size() <= 8) return std::string(nik.size(), '*');
    return nik.substr(0, 4) + std::string(nik.size() - 8, '*') + nik.substr(nik.size() - 4);
}

namespace {

// The PPID clock (UU 14/2008 Pasal 22), as committed with the request and sent to the server.
std::string ppid_date(const OutboxRow& row, const std::set<Date>& holidays, bool extended, const std::string& language) {
    const auto deadlines = request_ppid_deadlines(row, holidays);
    return deadlines ? long_date(to_local_time(extended ? deadlines->extended : deadlines->due), language) : "";
}

// The official channels of the ticket's own service, to follow the request up outside the kiosk.
std::vector<std::string> channels(const OutboxRow& row, const Config& config, const Translations& tr,
                                  const std::string& language) {
    if (row.service_code == services::kLapor) return {tr.get(language, "ticket.channels.LAPOR")};
    if (row.service_code == services::kAduanKonten) return {tr.get(language, "ticket.channels.ADUAN_KONTEN")};
    if (row.service_code != services::kPpid) return {};
    if (config.ppid_contact.empty()) return {tr.get(language, "ticket.channels.PPID_desk")};
    return {Translations::format(tr.get(language, "ticket.channels.PPID"), {{"contact", config.ppid_contact}})};
}

}  // namespace

std::string answer_deadline(const OutboxRow& row, const std::set<Date>& holidays, const Translations& tr,
                            const std::string& language) {
    if (row.service_code != services::kPpid) return "";
    return Translations::format(tr.get(language, "ticket.deadline"), {{"date", ppid_date(row, holidays, false, language)}});
}

std::string extended_deadline(const OutboxRow& row, const std::set<Date>& holidays, const Translations& tr,
                              const std::string& language) {
    if (row.service_code != services::kPpid) return "";
    return Translations::format(tr.get(language, "ticket.ppid.extension"),
                                {{"date", ppid_date(row, holidays, true, language)}});
}

std::vector<std::string> queue_lines(const OutboxRow& row, std::optional<int> issued_before, const Translations& tr,
                                     const std::string& language) {
    if (row.service_code != services::kAntrian) return {};
    std::vector<std::string> lines;
    if (const std::string desk = field_value(row, "desk_service"); !desk.empty()) {
        const std::string name_key = "value.desk_service." + desk;
        lines.push_back(Translations::format(tr.get(language, "ticket.desk"),
                                             {{"desk", tr.has(language, name_key) ? tr.get(language, name_key) : desk}}));
    }
    if (issued_before) {
        const char* key = *issued_before == 0 ? "ticket.before.none"
                          : *issued_before == 1 ? "ticket.before.one"
                                                : "ticket.before.many";
        lines.push_back(Translations::format(tr.get(language, key), {{"count", std::to_string(*issued_before)}}));
    }
    return lines;
}

TicketContent build_ticket_content(const OutboxRow& row, const Config& config, const Translations& tr,
                                   const std::string& language, std::optional<int> issued_before) {
    TicketContent t;
    t.header_lines = {config.office_name};
    if (!config.office_address.empty()) t.header_lines.push_back(config.office_address);
    t.service_name = tr.get(language, "service." + row.service_code + ".name");
    t.number = row.number;
    const LocalTime local = to_local(from_unix_seconds(row.created_at));
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", local.hour, local.minute);
    t.issued_at = long_date(local, language) + " " + clock;
    t.reference = row.reference;
    const auto parsed = parse_holidays(config.holidays);  // checked when the configuration was loaded
    const std::set<Date> holidays = parsed ? *parsed : std::set<Date>{};
    t.deadline = answer_deadline(row, holidays, tr, language);
    // The time above may be wrong: the kiosk had not synchronised its clock since it started.
    if (field_value(row, facts::kClockSynced) == "false") t.details.push_back(tr.get(language, "ticket.clock_unsynced"));
    if (const std::string nik = field_value(row, "nik"); !nik.empty())
        t.details.push_back(Translations::format(tr.get(language, "ticket.nik"), {{"nik", mask_nik(nik)}}));
    // The visitor keeps on paper what was chosen for the reporter's identity and the report's publicity.
    static const std::map<std::pair<std::string, std::string>, const char*> privacy_lines = {
        {{"anonymous", "yes"}, "ticket.anonymous.yes"},     {{"anonymous", "no"}, "ticket.anonymous.no"},
        {{"confidential", "yes"}, "ticket.confidential.yes"}, {{"confidential", "no"}, "ticket.confidential.no"}};
    if (row.service_code == services::kLapor)
        for (const char* choice : {"anonymous", "confidential"})
            if (const auto it = privacy_lines.find({choice, field_value(row, choice)}); it != privacy_lines.end())
                t.details.push_back(tr.get(language, it->second));
    t.next_steps = queue_lines(row, issued_before, tr, language);
    t.next_steps.push_back(tr.get(language, "ticket.next." + row.service_code));
    if (row.service_code == services::kPpid)
        t.next_steps.insert(t.next_steps.end(), {extended_deadline(row, holidays, tr, language),
                                                  tr.get(language, "ticket.ppid.objection")});
    t.footer_lines = channels(row, config, tr, language);
    t.tracking_url = tracking_url(config, row.reference);
    return t;
}

}  // namespace anjungan
