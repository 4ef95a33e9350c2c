// Builds the printed ticket's content from an outbox row, the configuration and the translations.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/calendar.h"
#include "kiosk/core/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/ticket.h"

namespace anjungan {

std::string tracking_url(const Config& config, const std::string& reference);

// Personal data on paper is masked: 6202015205900001 → 6202********0001.
std::string mask_nik(const std::string& nik);

// "Answer deadline: Monday, 14 December 2026" for services with a legal deadline (PPID: 10 working days over
// the office's `holidays`, office.holidays as parse_holidays gives it); "" for the others.
std::string answer_deadline(const OutboxRow& row, const std::set<Date>& holidays, const Translations& tr,
                            const std::string& language);

// For a PPID request: the date the answer may be extended to (7 more working days, UU 14/2008 Pasal 22(8)).
std::string extended_deadline(const OutboxRow& row, const std::set<Date>& holidays, const Translations& tr,
                              const std::string& language);

// For a queue number: its desk service and how many numbers of that desk service were issued earlier today
// (`issued_before`; the kiosk cannot know how many were served). Empty lines for other services.
std::vector<std::string> queue_lines(const OutboxRow& row, std::optional<int> issued_before, const Translations& tr,
                                     const std::string& language);

TicketContent build_ticket_content(const OutboxRow& row, const Config& config, const Translations& tr,
                                   const std::string& language, std::optional<int> issued_before = std::nullopt);

}  // namespace anjungan
