// Technician mode's state: open for one technician, refreshed status, and leaving by itself when idle.
#include "kiosk/core/technician_session.h"

namespace anjungan {

void TechnicianSession::open(std::string who, Clock::time_point now) {
    if (open_ && busy_) {  // a card scanned during an install does not take the technician off its page
        last_touch_ = now;
        return;
    }
    open_ = true;
    who_ = std::move(who);
    page_ = TechnicianPage::Status;
    last_touch_ = now;
    refresh_due_ = now;
    listing_due_.reset();
}

void TechnicianSession::touch(Clock::time_point now) {
    if (open_) last_touch_ = now;
}

void TechnicianSession::handle(const TechnicianIntent& intent, Clock::time_point now) {
    if (!open_) return;
    last_touch_ = now;
    if (busy_ && (std::holds_alternative<tech_intent::Leave>(intent) || std::holds_alternative<tech_intent::Show>(intent)))
        return;
    if (std::holds_alternative<tech_intent::Leave>(intent)) {
        close();
    } else if (const auto* show = std::get_if<tech_intent::Show>(&intent)) {
        page_ = show->page;
        if (page_ == TechnicianPage::Update) listing_due_ = now;
        else listing_due_.reset();
    } else if (std::holds_alternative<tech_intent::Refresh>(intent)) {
        refresh_due_ = now;
    }
}

void TechnicianSession::set_busy(bool busy, Clock::time_point now) {
    if (busy_ && !busy) last_touch_ = now;
    busy_ = open_ && busy;
}

bool TechnicianSession::tick(Clock::time_point now) {
    if (!open_ || busy_ || now - last_touch_ < idle_timeout_) return false;
    close();
    return true;
}

std::optional<TechnicianSession::Clock::time_point> TechnicianSession::next_change() const {
    if (!open_) return std::nullopt;
    auto next = busy_ ? Clock::time_point::max() : last_touch_ + idle_timeout_;
    if (refresh_due_) next = std::min(next, *refresh_due_);
    if (listing_due_) next = std::min(next, *listing_due_);
    return next;
}

bool TechnicianSession::take_bundle_listing_request(Clock::time_point now) {
    if (!open_ || !listing_due_ || now < *listing_due_) return false;
    listing_due_ = now + kBundleListingInterval;
    return true;
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
    listing_due_.reset();
    busy_ = false;
}

}  // namespace anjungan
