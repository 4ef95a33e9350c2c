// Visitor session state machine.
#include "kiosk/core/session.h"

#include <algorithm>
#include <sstream>

namespace anjungan {

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::Attract: return "attract";
        case Screen::Language: return "language";
        case Screen::Home: return "home";
        case Screen::Unavailable: return "unavailable";
        case Screen::Form: return "form";
        case Screen::Review: return "review";
        case Screen::Ticket: return "ticket";
        case Screen::Done: return "done";
    }
    return "attract";
}

Session::Session(const Catalogue& catalogue, SessionSettings settings, std::string default_language)
    : catalogue_(catalogue), settings_(std::move(settings)), default_language_(std::move(default_language)),
      language_(default_language_) {}

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

int Session::page_count() const {
    const int n = static_cast<int>(visible_fields().size());
    return std::max(1, (n + settings_.fields_per_page - 1) / settings_.fields_per_page);
}

std::vector<const Attribute*> Session::page_fields(int page) const {
    const auto all = visible_fields();
    const size_t first = static_cast<size_t>(page) * settings_.fields_per_page;
    std::vector<const Attribute*> out;
    for (size_t i = first; i < all.size() && i < first + settings_.fields_per_page; ++i) out.push_back(all[i]);
    return out;
}

bool Session::page_complete() {
    for (const Attribute* a : page_fields(page_)) {
        if (a->required && value(a->code).empty()) {
            error_field_ = a->code;
            return false;
        }
    }
    error_field_.clear();
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
    submit_error_.clear();
    screen_ = Screen::Home;
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
        case K::ChooseService:
        case K::CheckTicket:
        case K::CallOfficer: {
            const std::string code = intent.kind == K::ChooseService ? intent.a : intent.kind == K::CallOfficer ? "BANTUAN" : "";
            go_home();
            service_ = catalogue_.find(code);
            const bool built = service_ && std::count(settings_.built_services.begin(), settings_.built_services.end(), code);
            screen_ = built ? Screen::Form : Screen::Unavailable;
            break;
        }
        case K::SelectValue: values_[intent.a] = intent.b; if (error_field_ == intent.a) error_field_.clear(); break;
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
        case K::SetText: values_[intent.a] = intent.b; break;
        case K::FocusField: focused_ = intent.a; break;
        case K::Next:
            if (screen_ == Screen::Form && page_complete()) {
                focused_.clear();
                if (page_ + 1 < page_count()) ++page_;
                else screen_ = Screen::Review;
            }
            break;
        case K::Back:
            if (screen_ == Screen::Review) screen_ = Screen::Form;
            else if (screen_ == Screen::Form && page_ > 0) --page_;
            else if (screen_ == Screen::Form || screen_ == Screen::Unavailable) go_home();
            else if (screen_ == Screen::Language) screen_ = Screen::Attract;
            break;
        case K::Submit:
            if (screen_ == Screen::Review && !submitting_ && service_) {
                NewRequest request;
                request.service_code = service_->code;
                const auto letter = settings_.letters.find(service_->code);
                request.letter = letter == settings_.letters.end() ? "X" : letter->second;
                for (const Attribute* a : visible_fields())
                    if (!value(a->code).empty()) request.fields.emplace_back(a->code, value(a->code));
                submitting_ = true;
                submit_error_.clear();
                commands_.emplace_back(std::in_place_type<SubmitCommand>, std::move(request));
            }
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
    }
}

void Session::handle(const Event& event) {
    if (const auto* issued = std::get_if<TicketIssued>(&event)) {
        submitting_ = false;
        ticket_ = issued->row;
        // Personal data is no longer needed on screen once the request is safely queued.
        for (auto& [code, v] : values_) std::fill(v.begin(), v.end(), '\0');
        values_.clear();
        screen_ = Screen::Ticket;
        print_ = {PrintProgress::Printing, ""};
        commands_.emplace_back(std::in_place_type<PrintCommand>, issued->row);
    } else if (const auto* failed = std::get_if<SubmitFailed>(&event)) {
        submitting_ = false;
        submit_error_ = failed->message;
    } else if (const auto* print = std::get_if<PrintUpdate>(&event)) {
        if (ticket_) print_ = *print;
    }
}

void Session::tick(Clock::time_point now) {
    if (screen_ == Screen::Attract || submitting_) return;
    if (screen_ == Screen::Done && now - done_at_ >= settings_.thank_you_time) {
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
