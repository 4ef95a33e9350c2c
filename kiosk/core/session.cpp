// Visitor session state machine.
#include "kiosk/core/session.h"

#include "kiosk/core/validation.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

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
    }
    return "attract";
}

Session::Session(const Catalogue& catalogue, SessionSettings settings, std::string default_language,
                 const anjungan::Clock* wall_clock)
    : catalogue_(catalogue), wall_clock_(wall_clock), settings_(std::move(settings)),
      default_language_(std::move(default_language)), language_(default_language_) {}

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
    const auto eq = a.shown_when.find('=');
    return value(a.shown_when.substr(0, eq)) == a.shown_when.substr(eq + 1);
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
    switch (a.datatype) {
        case Datatype::Text: return 3;
        case Datatype::SingleValueList:
        case Datatype::MultiValueList: {
            const int columns = a.values.size() > 4 ? 3 : 2;
            return 1 + (static_cast<int>(a.values.size()) + columns - 1) / columns;
        }
        default: return 2;
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

bool Session::page_complete() {
    // Every field on the page is checked and normalised (phone to +62..., dates to ISO) before moving on.
    for (const Attribute* a : page_fields(page_)) {
        const bool is_list = a->datatype == Datatype::SingleValueList || a->datatype == Datatype::MultiValueList;
        const FieldVerdict verdict = is_list ? FieldVerdict{!a->required || !value(a->code).empty(), value(a->code),
                                                            "validation.required"}
                                             : validate_field(a->validator, value(a->code),
                                                              static_cast<std::size_t>(a->max_length), a->required,
                                                              a->datatype == Datatype::Text);
        if (!verdict.ok) {
            error_field_ = a->code;
            error_key_ = verdict.message_key;
            focused_.clear();
            return false;
        }
        if (verdict.value.empty()) values_.erase(a->code);
        else values_[a->code] = verdict.value;
    }
    error_field_.clear();
    error_key_.clear();
    return true;
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
    error_field_.clear();
    error_key_.clear();
    submit_error_.clear();
    consent_at_.clear();
    lookup_.reset();
    looking_up_ = false;
    screen_ = Screen::Home;
}

void Session::next(Clock::time_point) {
    if (screen_ == Screen::Intro) {
        screen_ = visible_fields().empty() ? Screen::Review : Screen::Form;
        page_ = 0;
    } else if (screen_ == Screen::Form && page_complete()) {
        focused_.clear();
        if (page_ + 1 < page_count()) ++page_;
        else screen_ = needs_consent() ? Screen::Consent : Screen::Review;
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
    switch (screen_) {
        case Screen::Review: screen_ = needs_consent() ? Screen::Consent : Screen::Form; break;
        case Screen::Consent: screen_ = Screen::Form; break;
        case Screen::Form:
            if (page_ > 0) --page_;
            else screen_ = Screen::Intro;
            break;
        case Screen::Language: screen_ = Screen::Attract; break;
        case Screen::TicketStatus: screen_ = Screen::CheckTicket; break;
        case Screen::Intro:
        case Screen::Unavailable:
        case Screen::CheckTicket: go_home(); break;
        default: break;
    }
}

void Session::submit(Clock::time_point) {
    if (submitting_ || !service_) return;
    NewRequest request;
    request.service_code = service_->code;
    const auto letter = settings_.letters.find(service_->code);
    request.letter = letter == settings_.letters.end() ? "X" : letter->second;
    for (const Attribute* a : visible_fields())
        if (!value(a->code).empty()) request.fields.emplace_back(a->code, value(a->code));
    if (needs_consent() && consent_given()) request.fields.emplace_back("consent_at", consent_at_);
    submitting_ = true;
    submit_error_.clear();
    commands_.emplace_back(std::in_place_type<SubmitCommand>, std::move(request));
}

void Session::wipe() {
    // Overwrite before clearing so no visitor text lingers in freed buffers.
    for (auto& [code, v] : values_) std::fill(v.begin(), v.end(), '\0');
    go_home();
    ticket_.reset();
    print_ = {};
    submitting_ = false;
    still_there_ = false;
    language_ = default_language_;
    accessibility_ = {};
    screen_ = Screen::Attract;
}

void Session::handle(const Intent& intent, Clock::time_point now) {
    using K = Intent::Kind;
    last_touch_ = now;
    still_there_ = false;
    switch (intent.kind) {
        case K::StillHere: break;
        case K::Start: screen_ = Screen::Language; break;
        case K::ChooseLanguage:
            if (intent.a == "id" || intent.a == "en") language_ = intent.a;
            go_home();
            break;
        case K::SwitchLanguage:  // midway through a visit: only the language changes, the answers stay
            if (intent.a == "id" || intent.a == "en") language_ = intent.a;
            break;
        case K::ChooseService: {
            go_home();
            service_ = catalogue_.find(intent.a);
            const bool built = service_ && std::count(settings_.built_services.begin(), settings_.built_services.end(),
                                                      intent.a);
            const bool closed = intent.a == "ANTRIAN" && !desk_open_;
            screen_ = built && !closed ? Screen::Intro : Screen::Unavailable;
            break;
        }
        case K::CallOfficer:
            go_home();
            service_ = catalogue_.find("BANTUAN");
            if (!service_) {
                screen_ = Screen::Unavailable;
                break;
            }
            screen_ = Screen::HelpCalled;
            submit(now);
            break;
        case K::CheckTicket:
            go_home();
            screen_ = Screen::CheckTicket;
            focused_ = "reference";
            break;
        case K::LookupTicket:  // a scanned ticket QR: look it up at once
            go_home();
            screen_ = Screen::CheckTicket;
            values_["reference"] = intent.a;
            next(now);
            break;
        case K::SelectValue:
            values_[intent.a] = intent.b;
            if (error_field_ == intent.a) error_field_.clear();
            break;
        case K::ToggleValue: {
            std::string joined;
            bool was_selected = false;
            std::stringstream in(value(intent.a));
            for (std::string k; std::getline(in, k, ',');) {
                if (k == intent.b) was_selected = true;
                else if (!k.empty()) joined += (joined.empty() ? "" : ",") + k;
            }
            if (!was_selected) joined += (joined.empty() ? "" : ",") + intent.b;
            values_[intent.a] = joined;
            break;
        }
        case K::SetText:
            values_[intent.a] = intent.b;
            if (error_field_ == intent.a) error_field_.clear();
            break;
        case K::FocusField: focused_ = intent.a; break;
        case K::ToggleConsent:
            if (screen_ == Screen::Consent) {
                if (consent_given()) consent_at_.clear();
                else consent_at_ = iso8601_local(wall_clock_ ? wall_clock_->now() : std::chrono::system_clock::now());
            }
            break;
        case K::EditPage:
            if (screen_ == Screen::Review) {
                const int page = std::atoi(intent.a.c_str());
                page_ = std::clamp(page, 0, page_count() - 1);
                screen_ = Screen::Form;
            }
            break;
        case K::Next: next(now); break;
        case K::Back: back(); break;
        case K::Submit:
            if (screen_ == Screen::Review) submit(now);
            break;
        case K::Reprint:
            if (screen_ == Screen::Ticket && ticket_ && print_.progress != PrintProgress::Printing) {
                print_ = {PrintProgress::Printing, ""};
                commands_.emplace_back(std::in_place_type<PrintCommand>, *ticket_);
            }
            break;
        case K::Done:
            if (screen_ == Screen::Ticket) {
                screen_ = Screen::Done;
                done_at_ = now;
            } else {
                wipe();
            }
            break;
        case K::Cancel: wipe(); break;
        case K::ToggleLargeText: accessibility_.large_text = !accessibility_.large_text; break;
        case K::ToggleHighContrast: accessibility_.high_contrast = !accessibility_.high_contrast; break;
        case K::ToggleReach: accessibility_.reach = !accessibility_.reach; break;
        case K::ToggleSpeech: accessibility_.speech = !accessibility_.speech; break;
        case K::VolumeUp: accessibility_.volume = std::min(100, accessibility_.volume + 10); break;
        case K::VolumeDown: accessibility_.volume = std::max(0, accessibility_.volume - 10); break;
    }
}

void Session::handle(const Event& event) {
    if (const auto* issued = std::get_if<TicketIssued>(&event)) {
        submitting_ = false;
        ticket_ = issued->row;
        // Personal data is no longer needed on screen once the request is safely queued.
        for (auto& [code, v] : values_) std::fill(v.begin(), v.end(), '\0');
        values_.clear();
        consent_at_.clear();
        if (issued->row.service_code == "BANTUAN") {  // the desk is called; there is nothing to print
            screen_ = Screen::HelpCalled;
            return;
        }
        screen_ = Screen::Ticket;
        print_ = {PrintProgress::Printing, ""};
        commands_.emplace_back(std::in_place_type<PrintCommand>, issued->row);
    } else if (const auto* failed = std::get_if<SubmitFailed>(&event)) {
        submitting_ = false;
        submit_error_ = failed->message;
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

std::vector<Command> Session::take_commands() {
    std::vector<Command> out;
    out.swap(commands_);
    return out;
}

}  // namespace anjungan
