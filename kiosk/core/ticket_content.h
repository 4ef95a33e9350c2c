// Builds the printed ticket's content from an outbox row, the configuration and the translations.
#pragma once

#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/ticket.h"

namespace anjungan {

std::string tracking_url(const Config& config, const std::string& reference);

// Personal data on paper is masked: 6202015205900001 → 6202********0001.
std::string mask_nik(const std::string& nik);

// "Answer deadline: Monday, 14 December 2026" for services with a legal deadline (PPID: 10 working days over
// the configured holidays); "" for the others.
std::string answer_deadline(const OutboxRow& row, const Config& config, const Translations& tr,
                            const std::string& language);

TicketContent build_ticket_content(const OutboxRow& row, const Config& config, const Translations& tr,
                                   const std::string& language);

}  // namespace anjungan
