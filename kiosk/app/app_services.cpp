// The work behind the screens: storage, delivery, printing, scanning, look-ups, catalogue and retention.
#include "kiosk/app/app.h"

#include <fstream>
#include <set>
#include <thread>

#include <SDL.h>

#include "kiosk/core/log.h"
#include "kiosk/core/server_queries.h"
#include "kiosk/core/ticket_content.h"

namespace anjungan::app {
namespace {

// For a queue number: how many of the same desk service were issued before it today; nothing for other services.
std::optional<int> issued_before(Outbox& outbox, const OutboxRow& row) {
    if (row.service_code != "ANTRIAN") return std::nullopt;
    auto count = outbox.count_issued_before(row, "desk_service");
    if (!count) log::warn("cannot count earlier queue numbers: " + count.error().message);
    return count ? std::optional<int>(*count) : std::nullopt;
}

// Why a print job failed, as the visitor's translation key: the printer's fault when it has one, never "ready".
std::string print_failure_key(hal::PrinterState state, const std::string& detail) {
    using S = hal::PrinterState;
    if (state == S::PaperOut || detail.find("media-empty") != std::string::npos ||
        detail.find("media-needed") != std::string::npos)
        return "printer.paper_out";
    if (state == S::Offline || detail.find("offline") != std::string::npos) return "printer.offline";
    if (state == S::Error) return "printer.error";
    return "printer.failed";
}

}  // namespace

void App::drain_outbox(std::chrono::milliseconds limit) {
    // On a clean stop, give requests that are due right now a short chance to reach the server; whatever is
    // left stays queued and goes out after the next start.
    if (!sender_ || !outbox_) return;
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        auto due = outbox_->next_due(unix_seconds(clock_.now()));
        if (!due || !*due) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void App::erase_old_personal_data() {
    std::set<std::string> personal;
    for (const auto& service : catalogue_.services)
        for (const auto& a : service.attributes)
            if (a.personal) personal.insert(a.code);
    const auto cutoff = unix_seconds(clock_.now()) - std::int64_t{config_.personal_data_days} * 86400;
    storage_->post([this, personal, cutoff] {
        auto erased = outbox_->erase_personal_fields(cutoff, personal);
        if (!erased) log::error("retention: " + erased.error().message);
        else if (*erased > 0) log::info("retention: erased personal data of " + std::to_string(*erased) + " requests");
    });
}

void App::refresh_catalogue(const HttpOptions& http_options) {
    if (!config_.catalogue.empty()) return;  // a technician pinned the catalogue to a file
    const std::string shipped_path = options_.asset_dir + "/services.json";
    const std::string saved_path = config_.data_dir + "/catalogue.json";
    network_->post([this, http_options, shipped_path, saved_path] {
        std::ifstream shipped(shipped_path);
        const std::string hints((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
        HttpClient http(http_options);
        auto fetched = fetch_catalogue(http, config_.server_url, hints);
        if (!fetched) {
            log::warn("catalogue not refreshed, keeping the last good one: " + fetched.error().message);
            return;
        }
        if (auto s = save_last_good_catalogue(saved_path, fetched->json_text); !s) log::warn(s.error().message);
        post(CatalogueUpdate{std::move(fetched->catalogue)});
    });
}

void App::look_up_ticket(const std::string& reference) {
    HttpOptions http;
    http.ca_file = config_.ca_file;
    http.public_key_pin = config_.public_key_pin;
    http.total_timeout_ms = 5000;  // a visitor is waiting
    network_->post([this, reference, http] {
        TicketLookup result{reference};
        auto outbox = Outbox::open_read_only(outbox_->path(), clock_);  // this thread's own, reads only
        if (outbox) {
            HttpClient client(http);
            auto status = lookup_ticket_status(**outbox, &client, config_.server_url, reference);
            if (status) {
                result.row = status->local;
                result.server_status = status->server_status.value_or("");
                result.server_notes = status->server_notes;
                // "Taken today before yours" is true only of today's numbers.
                if (status->local.local_date == yyyymmdd(to_local(clock_.now())))
                    result.issued_before = issued_before(**outbox, status->local);
            }
        }
        post(Event{result});
    });
}

void App::on_printer_event(const hal::PrinterEvent& e) {
    if (e.kind == hal::PrinterEvent::Kind::State) {
        printer_state_ = e.state;
        return;
    }
    if (e.job_id != current_print_job_) return;
    if (e.outcome == hal::JobOutcome::Completed) session_->handle(Event{PrintUpdate{PrintProgress::Printed}});
    if (e.outcome == hal::JobOutcome::Failed) {
        printer_state_ = e.state;
        log::warn("print job failed: " + e.detail);
        session_->handle(Event{PrintUpdate{PrintProgress::Failed, e.detail, print_failure_key(e.state, e.detail)}});
    }
}

void App::execute(const Command& command) {
    if (const auto* submit = std::get_if<SubmitCommand>(&command)) {
        const NumberingRules rules{config_.kiosk_id, config_.number_prefix};
        storage_->post([this, request = submit->request, rules] {
            auto row = outbox_->enqueue(request, rules);
            if (!row) {
                log::error("submit failed: " + row.error().message);
                post(Event{SubmitFailed{row.error().message, row.error().code}});
                return;
            }
            log::info("queued " + row->reference + " (" + row->service_code + ")");
            post(Event{TicketIssued{*row, issued_before(*outbox_, *row)}});
            if (sender_) sender_->wake();
        });
    } else if (const auto* lookup = std::get_if<LookupCommand>(&command)) {
        look_up_ticket(lookup->reference);
    } else if (const auto* print = std::get_if<PrintCommand>(&command)) {
        if (!printer_) {
            session_->handle(Event{PrintUpdate{PrintProgress::Failed, "no printer", "printer.failed"}});
            return;
        }
        current_print_job_ = printer_->submit(
            build_ticket_content(print->row, config_, *translations_, session_->language(), print->issued_before));
    }
}

void App::on_scan(const hal::ScanEvent& event) {
    if (!event.is_payload()) {
        scanner_state_ = event.state;
        return;
    }
    // The core checks and classifies every payload (and logs it without its content): a barcode never types.
    const auto outcome = scans_->interpret(event.payload);
    if (!outcome) return;  // the same code again within 2 s
    if (const auto* ticket = std::get_if<scan::CheckTicket>(&*outcome)) {
        session_->handle(Intent{Intent::Kind::LookupTicket, ticket->reference}, now());
        for (const auto& command : session_->take_commands()) execute(command);
    } else if (std::holds_alternative<scan::TechnicianCard>(*outcome)) {
        show_notice("scan.card_accepted");  // technician mode itself comes with its own issue
    } else if (const auto* refused = std::get_if<scan::Refused>(&*outcome)) {
        using R = scan::RefusalReason;
        const bool card = refused->reason == R::CardMalformed || refused->reason == R::CardUnsupported ||
                          refused->reason == R::CardNoKey || refused->reason == R::CardForged ||
                          refused->reason == R::CardExpired;
        show_notice(card ? "scan.card_refused" : "scan.refused");
    } else {
        show_notice("scan.not_recognised");
    }
    frames_to_draw_ = 3;
}

void App::show_notice(const std::string& key) {
    notice_key_ = key;
    notice_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(5);
}

void App::update_desk_hours() {
    const LocalTime local = to_local(clock_.now());
    session_->set_desk_open(desk_open(hours_, holidays_, local));
    next_opening_ = next_opening(hours_, holidays_, local);
}

std::string App::desk_opens_text() const {
    if (!next_opening_) return translations_->get(session_->language(), "closed.unknown");
    char clock[24];
    std::snprintf(clock, sizeof clock, "%02d:%02d", next_opening_->minute / 60, next_opening_->minute % 60);
    return long_date(to_local_time(next_opening_->date), session_->language()) + " " + clock;
}

}  // namespace anjungan::app
