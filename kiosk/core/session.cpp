// Visitor session state machine.
#include "kiosk/core/session.h"

#include "kiosk/core/multi_value.h"
#include "kiosk/core/services.h"
#include "kiosk/core/validation.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace anjungan {

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::Attract: return "attract";
        case Screen::Language: return "language";
        case Screen::Home: return "home";
        case Screen::Unavailable: return "unavailable";
        case Screen::Intro: return "intro";
        case Screen::Form: return "form";
        case Screen::Consent: return "consent";
        case Screen::Review: return "review";
        case Screen::Ticket: return "ticket";
        case Screen::Done: return "done";
        case Screen::HelpCalled: return "help-called";
        case Screen::CheckTicket: return "check-ticket";
        case Screen::TicketStatus: return "ticket-status";
        case Screen::Queue: return "queue";
    }
    return "attract";
}

Session::Session(const Catalogue& catalogue, SessionSettings settings, std::string default_language,
                 const anjungan::Clock* wall_clock)
    : catalogue_(catalogue), wall_clock_(wall_clock), settings_(std::move(settings)),
      default_language_(std::move(default_language)), language_(default_language_) {
    accessibility_.volume = settings_.volume;
}

bool Session::needs_consent() const {
    for (const Attribute* a : visible_fields())
        if (a->personal && !value(a->code).empty()) return true;
    return false;
}

std::string Session::value(const std::string& code) const {
    const auto it = values_.find(code);
    return it == values_.end() ? "" : it->second;
}

bool Session::field_visible(const Attribute& a) const {
    if (a.shown_when.empty()) return true;
    const auto [code, key] = split_condition(a.shown_when);
    return value(code) == key;
}

std::vector<const Attribute*> Session::visible_fields() const {
    std::vector<const Attribute*> out;
    if (!service_) return out;
    for (const auto& a : service_->attributes)
        if (field_visible(a)) out.push_back(&a);
    return out;
}

namespace {

// How much screen a field needs, in rows of about one touch target: pages are filled up to a budget so that
// every choice of a page is on screen at once, without scrolling.
int field_rows(const Attribute& a) {
    const int hint = a.hint.empty() ? 0 : 1;  // a line of explanation under the label
    switch (a.datatype) {
        case Datatype::Text: return 3 + hint;
        case Datatype::SingleValueList:
        case Datatype::MultiValueList: {
            const int columns = a.values.size() > 4 ? 3 : 2;
            return 1 + hint + (static_cast<int>(a.values.size()) + columns - 1) / columns;
        }
        default: return 2 + hint;
    }
}

}  // namespace

std::vector<std::vector<const Attribute*>> Session::pages() const {
    std::vector<std::vector<const Attribute*>> out(1);
    int rows = 0;
    for (const Attribute* a : visible_fields()) {
        const int need = field_rows(*a);
        const bool full = !out.back().empty() &&
                          (rows + need > settings_.rows_per_page ||
                           static_cast<int>(out.back().size()) >= settings_.fields_per_page);
        if (full) {
            out.emplace_back();
            rows = 0;
        }
        out.back().push_back(a);
        rows += need;
    }
    return out;
}

int Session::page_count() const { return static_cast<int>(pages().size()); }

std::vector<const Attribute*> Session::page_fields(int page) const {
    const auto all = pages();
    return page >= 0 && page < static_cast<int>(all.size()) ? all[static_cast<size_t>(page)]
                                                             : std::vector<const Attribute*>{};
}

namespace {

bool is_list(const Attribute& a) {
    return a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
}

}  // namespace

// Checks and normalises (phone to +62..., dates to ISO) the fields of `page` (every page when -1), then the
// catalogue's rules over the answers asked up to page `rules_up_to`. Returns the first page in error, or -1.
int Session::check(int page, int rules_up_to) {
    errors_.clear();
    const auto all = pages();
    std::set<std::string> asked;
    for (int p = 0; p < static_cast<int>(all.size()) && p <= rules_up_to; ++p) {
        for (const Attribute* a : all[static_cast<size_t>(p)]) {
            asked.insert(a->code);
            if (page != -1 && p != page) continue;
            const FieldVerdict verdict =
                is_list(*a) ? FieldVerdict{!a->required || !value(a->code).empty(), value(a->code), "validation.required"}
                            : validate_field(a->validator, value(a->code), static_cast<std::size_t>(a->max_length),
                                             a->required, a->datatype == Datatype::Text);
            if (!verdict.ok) errors_[a->code] = {verdict.message_key, {}, ""};
            else if (verdict.value.empty()) values_.erase(a->code);
            else values_[a->code] = verdict.value;
        }
    }
    check_rules(asked);
    if (errors_.empty()) return -1;
    ++error_serial_;
    focused_.clear();
    for (int p = 0; p < static_cast<int>(all.size()); ++p)
        for (const Attribute* a : all[static_cast<size_t>(p)])
            if (errors_.count(a->code)) return p;
    return -1;
}

// Rules the catalogue states as data (kiosk.required_when, kiosk.one_of), judged once every field they name
// has been asked.
void Session::check_rules(const std::set<std::string>& asked) {
    std::map<std::string, std::vector<const Attribute*>> groups;
    for (const Attribute* a : visible_fields()) {
        if (!a->one_of.empty()) groups[a->one_of].push_back(a);
        const auto [code, key] = split_condition(a->required_when);
        if (!code.empty() && asked.count(a->code) && asked.count(code) && value(code) == key &&
            value(a->code).empty())
            errors_.try_emplace(a->code, FieldError{"validation.required_when", {}, a->required_when});
    }
    for (const auto& [group, members] : groups) {
        std::vector<std::string> codes;
        bool all_asked = true, any_given = false;
        for (const Attribute* m : members) {
            codes.push_back(m->code);
            all_asked = all_asked && asked.count(m->code);
            any_given = any_given || !value(m->code).empty();
        }
        if (!all_asked || any_given) continue;
        for (const auto& code : codes) errors_.try_emplace(code, FieldError{"validation.one_of", codes, ""});
    }
}

// An answer changed: its own error and the rule errors it takes part in no longer apply.
void Session::clear_errors_about(const std::string& code) {
    std::erase_if(errors_, [&](const auto& entry) {
        const FieldError& e = entry.second;
        return entry.first == code || std::count(e.fields.begin(), e.fields.end(), code) ||
               split_condition(e.because).first == code;
    });
}

std::string Session::error_field() const {
    for (const Attribute* a : visible_fields())
        if (errors_.count(a->code)) return a->code;
    return "";
}

std::string Session::error_key() const {
    const auto it = errors_.find(error_field());
    return it == errors_.end() ? "" : it->second.message_key;
}

int Session::countdown_left_s(Clock::time_point now) const {
    if (!still_there_) return 0;
    const auto left = settings_.idle_countdown - std::chrono::duration_cast<std::chrono::seconds>(now - asked_at_);
    return static_cast<int>(std::max<long>(0, left.count()));
}

void Session::go_home() {
    service_ = nullptr;
    values_.clear();
    focused_.clear();
    page_ = 0;
    errors_.clear();
    editing_from_review_ = false;
    resume_page_ = -1;
    pending_scan_.clear();
    submit_error_.clear();
    submit_error_code_ = ErrorCode::Unspecified;
    consent_at_.clear();
    lookup_.reset();
    looking_up_ = false;
    // A ticket on screen belongs to the journey that issued it (or to the status screen that reprinted it).
    ticket_.reset();
    issued_before_.reset();
    confirming_leave_ = false;
    print_ = {};
    screen_ = Screen::Home;
}

void Session::finish_form() {
    editing_from_review_ = false;
    resume_page_ = -1;
    errors_.clear();
    screen_ = needs_consent() && !consent_given() ? Screen::Consent : Screen::Review;
}

void Session::next(Clock::time_point) {
    if (screen_ == Screen::Queue) {  // the optional name: the form with the desk service and the name
        if (!takes_names()) return;
        screen_ = Screen::Form;
        page_ = 0;
    } else if (screen_ == Screen::Intro) {
        screen_ = visible_fields().empty() ? Screen::Review : Screen::Form;
        page_ = 0;
    } else if (screen_ == Screen::Form) {
        focused_.clear();
        const int last = page_count() - 1;
        // From the review every answer is known: check them all and go straight back (new questions first).
        const int bad = editing_from_review_ ? check(-1, last) : check(page_, std::max(page_, resume_page_));
        if (bad >= 0) {
            if (bad < page_ && !editing_from_review_) resume_page_ = std::max(resume_page_, page_);
            page_ = bad;
        } else if (editing_from_review_) {
            finish_form();
        } else if (resume_page_ > page_) {
            page_ = std::exchange(resume_page_, -1);
        } else if (page_ < last) {
            ++page_;
        } else {
            finish_form();
        }
    } else if (screen_ == Screen::Consent && consent_given()) {
        screen_ = Screen::Review;
    } else if (screen_ == Screen::CheckTicket && !value("reference").empty() && !looking_up_) {
        looking_up_ = true;
        lookup_.reset();
        commands_.emplace_back(std::in_place_type<LookupCommand>, value("reference"));
    }
}

void Session::back() {
    focused_.clear();
    errors_.clear();
    resume_page_ = -1;
    switch (screen_) {
        case Screen::Review: screen_ = needs_consent() ? Screen::Consent : Screen::Form; break;
        case Screen::Consent: screen_ = Screen::Form; break;
        case Screen::Form:
            if (editing_from_review_) {  // back where the visitor came from; submitting checks everything again
                editing_from_review_ = false;
                screen_ = Screen::Review;
            } else if (page_ > 0) {
                --page_;
            } else {
                screen_ = service_ && !services::has_form(service_->code) ? Screen::Queue : Screen::Intro;
            }
            break;
        case Screen::Ticket: confirming_leave_ = false; break;
        case Screen::Language: screen_ = Screen::Attract; break;
        case Screen::TicketStatus: screen_ = Screen::CheckTicket; break;
        case Screen::Intro:
        case Screen::Queue:
        case Screen::Unavailable:
        case Screen::CheckTicket: go_home(); break;
        default: break;
    }
}

bool Session::form_in_progress() const {
    const bool in_form = screen_ == Screen::Intro || screen_ == Screen::Form || screen_ == Screen::Consent ||
                         screen_ == Screen::Review;
    return in_form && !values_.empty() && !submitting_;
}

void Session::look_up_scanned(const std::string& reference, Clock::time_point now) {
    go_home();
    screen_ = Screen::CheckTicket;
    values_["reference"] = reference;
    next(now);
}

void Session::submit(Clock::time_point) {
    if (submitting_ || !service_) return;
    // The last guard: nothing leaves the kiosk that the form's rules refuse, whatever the way to this point.
    if (const int bad = check(-1, page_count() - 1); bad >= 0) {
        screen_ = Screen::Form;
        page_ = bad;
        editing_from_review_ = true;
        return;
    }
    if (needs_consent() && !consent_given()) {
        screen_ = Screen::Consent;
        return;
    }
    NewRequest request;
    request.service_code = service_->code;
    request.language = language_;
    const auto letter = settings_.letters.find(service_->code);
    request.letter = letter == settings_.letters.end() ? "X" : letter->second;
    for (const Attribute* a : visible_fields())
        if (!value(a->code).empty()) request.fields.emplace_back(a->code, value(a->code));
    if (needs_consent() && consent_given()) request.fields.emplace_back("consent_at", consent_at_);
    submitting_ = true;
    submit_error_.clear();
    submit_error_code_ = ErrorCode::Unspecified;
    commands_.emplace_back(std::in_place_type<SubmitCommand>, std::move(request));
}

void Session::print_ticket(const OutboxRow& row, std::optional<int> issued_before) {
    print_ = {PrintProgress::Printing};
    confirming_leave_ = false;
    commands_.emplace_back(std::in_place_type<PrintCommand>, row, issued_before, language_);
}

void Session::done(Clock::time_point now) {
    if (screen_ != Screen::Ticket) {
        wipe();
        return;
    }
    // Without paper in hand the number exists only on this screen: ask once before it goes away.
    if (print_.progress != PrintProgress::Printed && !confirming_leave_) {
        confirming_leave_ = true;
        return;
    }
    confirming_leave_ = false;
    screen_ = Screen::Done;
    done_at_ = now;
}

void Session::wipe() {
    // Overwrite before clearing so no visitor text lingers in freed buffers.
    for (auto& [code, v] : values_) std::fill(v.begin(), v.end(), '\0');
    go_home();
    submitting_ = false;
    still_there_ = false;
    language_ = default_language_;
    accessibility_ = {};
    accessibility_.volume = settings_.volume;
    screen_ = Screen::Attract;
}

void Session::handle(const Intent& intent, Clock::time_point now) {
    last_touch_ = now;
    still_there_ = false;
    std::visit([&](const auto& i) { on(i, now); }, intent);
}

void Session::on(const intent::StillHere&, Clock::time_point) {}
void Session::on(const intent::Start&, Clock::time_point) { screen_ = Screen::Language; }

void Session::on(const intent::ChooseLanguage& i, Clock::time_point) {
    if (i.language == "id" || i.language == "en") language_ = i.language;
    go_home();
}

void Session::on(const intent::SwitchLanguage& i, Clock::time_point) {
    if (i.language == "id" || i.language == "en") language_ = i.language;
}

void Session::on(const intent::ChooseService& i, Clock::time_point) {
    go_home();
    service_ = catalogue_.find(i.code);
    const bool built =
        service_ && std::count(settings_.built_services.begin(), settings_.built_services.end(), i.code);
    if (!built || !available_now(i.code)) screen_ = Screen::Unavailable;
    else screen_ = services::has_form(i.code) ? Screen::Intro : Screen::Queue;
}

void Session::on(const intent::CallOfficer&, Clock::time_point now) {
    go_home();
    service_ = catalogue_.find(std::string(services::kBantuan));
    if (!service_) {
        screen_ = Screen::Unavailable;
        return;
    }
    screen_ = Screen::HelpCalled;
    submit(now);
}

void Session::on(const intent::CheckTicket&, Clock::time_point) {
    go_home();
    screen_ = Screen::CheckTicket;
    focused_ = "reference";
}

void Session::on(const intent::LookupTicket& i, Clock::time_point now) {
    // A scanned ticket QR: look it up, but never throw away a form without asking.
    if (form_in_progress()) pending_scan_ = i.reference;
    else look_up_scanned(i.reference, now);
}

void Session::on(const intent::KeepFilling&, Clock::time_point) { pending_scan_.clear(); }

void Session::on(const intent::OpenScannedTicket&, Clock::time_point now) {
    if (!pending_scan_.empty()) look_up_scanned(std::string(pending_scan_), now);
}

void Session::on(const intent::SelectValue& i, Clock::time_point now) {
    values_[i.field] = i.value;
    clear_errors_about(i.field);
    if (screen_ == Screen::Queue && i.field == "desk_service") {  // one tap issues the number
        if (!desk_open_) screen_ = Screen::Unavailable;  // the desk closed while the visitor stood here
        else if (needs_consent() && !consent_given()) screen_ = Screen::Consent;  // a name was given
        else submit(now);
    }
}

void Session::on(const intent::ToggleValue& i, Clock::time_point) {
    values_[i.field] = toggle_multi_value(value(i.field), i.value);
    clear_errors_about(i.field);
}

void Session::on(const intent::SetText& i, Clock::time_point) {
    values_[i.field] = i.text;
    clear_errors_about(i.field);
}

void Session::on(const intent::FocusField& i, Clock::time_point) { focused_ = i.field; }

void Session::on(const intent::ToggleConsent&, Clock::time_point) {
    if (screen_ != Screen::Consent) return;
    if (consent_given()) consent_at_.clear();
    else consent_at_ = iso8601_local(wall_clock_ ? wall_clock_->now() : std::chrono::system_clock::now());
}

void Session::on(const intent::EditPage& i, Clock::time_point) {
    if (screen_ != Screen::Review) return;
    page_ = std::clamp(i.page, 0, page_count() - 1);
    screen_ = Screen::Form;
    errors_.clear();
    resume_page_ = -1;
    editing_from_review_ = true;
}

void Session::on(const intent::Next&, Clock::time_point now) { next(now); }
void Session::on(const intent::Back&, Clock::time_point) { back(); }

void Session::on(const intent::Submit&, Clock::time_point now) {
    if (screen_ == Screen::Review) submit(now);
}

void Session::on(const intent::Reprint&, Clock::time_point) {
    if (print_.progress == PrintProgress::Printing) return;
    if (screen_ == Screen::Ticket && ticket_) {
        print_ticket(*ticket_, issued_before_);
    } else if (screen_ == Screen::TicketStatus && lookup_ && lookup_->row && services::prints_ticket(lookup_->row->service_code)) {
        ticket_ = lookup_->row;
        issued_before_ = lookup_->issued_before;
        print_ticket(*ticket_, issued_before_);
    }
}

void Session::on(const intent::Done&, Clock::time_point now) { done(now); }
void Session::on(const intent::Cancel&, Clock::time_point) { wipe(); }
void Session::on(const intent::ToggleLargeText&, Clock::time_point) { accessibility_.large_text = !accessibility_.large_text; }
void Session::on(const intent::ToggleHighContrast&, Clock::time_point) { accessibility_.high_contrast = !accessibility_.high_contrast; }
void Session::on(const intent::ToggleReach&, Clock::time_point) { accessibility_.reach = !accessibility_.reach; }
void Session::on(const intent::ToggleSpeech&, Clock::time_point) { accessibility_.speech = !accessibility_.speech; }
void Session::on(const intent::VolumeUp&, Clock::time_point) { accessibility_.volume = std::min(100, accessibility_.volume + 10); }
void Session::on(const intent::VolumeDown&, Clock::time_point) { accessibility_.volume = std::max(0, accessibility_.volume - 10); }

void Session::handle(const Event& event) {
    if (const auto* issued = std::get_if<TicketIssued>(&event)) {
        submitting_ = false;
        ticket_ = issued->row;
        // Personal data is no longer needed on screen once the request is safely queued.
        for (auto& [code, v] : values_) std::fill(v.begin(), v.end(), '\0');
        values_.clear();
        consent_at_.clear();
        if (!services::prints_ticket(issued->row.service_code)) {  // the desk is called; there is nothing to print
            screen_ = Screen::HelpCalled;
            return;
        }
        screen_ = Screen::Ticket;
        issued_before_ = issued->issued_before;
        print_ticket(issued->row, issued_before_);
    } else if (const auto* failed = std::get_if<SubmitFailed>(&event)) {
        submitting_ = false;
        submit_error_ = failed->message;  // the answers stay, so submitting again is one tap
        submit_error_code_ = failed->code;
    } else if (const auto* print = std::get_if<PrintUpdate>(&event)) {
        if (ticket_) print_ = *print;
    } else if (const auto* found = std::get_if<TicketLookup>(&event)) {
        if (screen_ != Screen::CheckTicket || !looking_up_) return;  // the visitor left meanwhile
        looking_up_ = false;
        lookup_ = *found;
        screen_ = Screen::TicketStatus;
    } else if (const auto* delivery = std::get_if<TicketDelivery>(&event)) {
        if (!ticket_ || ticket_->reference != delivery->reference) return;
        ticket_->state = delivery->state;
        if (!delivery->server_id.empty()) ticket_->server_id = delivery->server_id;
    }
}

void Session::tick(Clock::time_point now) {
    if (screen_ == Screen::Attract || submitting_) return;
    // Screens that close a visit return to the start by themselves.
    const bool thanked = screen_ == Screen::Done && now - done_at_ >= settings_.thank_you_time;
    const bool helped = screen_ == Screen::HelpCalled && ticket_ && now - last_touch_ >= settings_.thank_you_time * 2;
    if (thanked || helped) {
        wipe();
        return;
    }
    if (!still_there_ && now - last_touch_ >= settings_.idle_timeout) {
        still_there_ = true;
        asked_at_ = now;
    } else if (still_there_ && now - asked_at_ >= settings_.idle_countdown) {
        wipe();
    }
}

std::optional<Session::Clock::time_point> Session::next_change(Clock::time_point now) const {
    if (screen_ == Screen::Attract || submitting_) return std::nullopt;
    Clock::time_point next;
    if (still_there_) {
        // Each second of the countdown is shown, then the visit ends.
        const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - asked_at_) + std::chrono::seconds(1);
        next = std::min(asked_at_ + elapsed, asked_at_ + settings_.idle_countdown);
    } else {
        next = last_touch_ + settings_.idle_timeout;
    }
    if (screen_ == Screen::Done) next = std::min(next, done_at_ + settings_.thank_you_time);
    if (screen_ == Screen::HelpCalled && ticket_) next = std::min(next, last_touch_ + settings_.thank_you_time * 2);
    return std::max(next, now);
}

std::vector<Command> Session::take_commands() {
    std::vector<Command> out;
    out.swap(commands_);
    return out;
}

}  // namespace anjungan
