// Ticket content: header from the configuration, texts from the translations, no personal data.
#include "kiosk/core/ticket_content.h"

#include "kiosk/core/calendar.h"

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

std::string answer_deadline(const OutboxRow& row, const Config& config, const Translations& tr,
                            const std::string& language) {
    if (row.service_code != "PPID") return "";
    const LocalTime local = to_local(from_unix_seconds(row.created_at));
    const auto holidays = parse_holidays(config.holidays);
    const Date due = add_working_days({local.year, local.month, local.day}, 10, holidays ? *holidays : std::set<Date>{});
    return Translations::format(tr.get(language, "ticket.deadline"), {{"date", long_date(to_local_time(due), language)}});
}

TicketContent build_ticket_content(const OutboxRow& row, const Config& config, const Translations& tr,
                                   const std::string& language) {
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
    t.deadline = answer_deadline(row, config, tr, language);
    for (const auto& [code, value] : row.fields)
        if (code == "nik" && !value.empty())
            t.details.push_back(Translations::format(tr.get(language, "ticket.nik"), {{"nik", mask_nik(value)}}));
    // The visitor keeps on paper what was chosen for the reporter's identity and the report's publicity.
    static const std::map<std::pair<std::string, std::string>, const char*> privacy_lines = {
        {{"anonymous", "yes"}, "ticket.anonymous.yes"},     {{"anonymous", "no"}, "ticket.anonymous.no"},
        {{"confidential", "yes"}, "ticket.confidential.yes"}, {{"confidential", "no"}, "ticket.confidential.no"}};
    for (const auto& [code, value] : row.fields)
        if (const auto it = privacy_lines.find({code, value}); it != privacy_lines.end() && row.service_code == "LAPOR")
            t.details.push_back(tr.get(language, it->second));
    t.next_steps = {tr.get(language, "ticket.next." + row.service_code)};
    t.footer_lines = {tr.get(language, "ticket.channels")};
    t.tracking_url = tracking_url(config, row.reference);
    return t;
}

}  // namespace anjungan
