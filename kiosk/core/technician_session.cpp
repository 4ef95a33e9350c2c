// Technician mode's state: open for one technician, refreshed status, and leaving by itself when idle.
#include "kiosk/core/technician_session.h"

namespace anjungan {

void TechnicianSession::open(std::string who, Clock::time_point now) {
    open_ = true;
    who_ = std::move(who);
    page_ = TechnicianPage::Status;
    last_touch_ = now;
    refresh_due_ = now;
    message_.reset();
}

void TechnicianSession::touch(Clock::time_point now) {
    if (open_) last_touch_ = now;
}

void TechnicianSession::handle(const TechnicianIntent& intent, Clock::time_point now) {
    if (!open_) return;
    last_touch_ = now;
    if (std::holds_alternative<tech_intent::Leave>(intent)) {
        close();
    } else if (const auto* show = std::get_if<tech_intent::Show>(&intent)) {
        page_ = show->page;
        message_.reset();
        if (page_ == TechnicianPage::Reprint) reprint_reference_.clear();
    } else if (const auto* typed = std::get_if<tech_intent::SetReprintReference>(&intent)) {
        reprint_reference_ = typed->reference;
    } else if (const auto* large = std::get_if<tech_intent::LargeText>(&intent)) {
        large_text_ = large->on;
    } else if (std::holds_alternative<tech_intent::Refresh>(intent)) {
        refresh_due_ = now;
    }
    // The actions themselves are the application's: it does them and reports with show_message().
}

bool TechnicianSession::tick(Clock::time_point now) {
    if (!open_ || now - last_touch_ < idle_timeout_) return false;
    close();
    return true;
}

std::optional<TechnicianSession::Clock::time_point> TechnicianSession::next_change() const {
    if (!open_) return std::nullopt;
    const auto leave = last_touch_ + idle_timeout_;
    return refresh_due_ ? std::min(leave, *refresh_due_) : leave;
}

bool TechnicianSession::take_refresh_request(Clock::time_point now) {
    if (!open_ || !refresh_due_ || now < *refresh_due_) return false;
    refresh_due_ = now + kStatusInterval;
    return true;
}

void TechnicianSession::close() {
    open_ = false;
    who_.clear();
    page_ = TechnicianPage::Status;
    refresh_due_.reset();
    message_.reset();
    reprint_reference_.clear();
    log_lines_.clear();
    large_text_ = false;
}

}  // namespace anjungan
