// The visitor session: a state machine over screens, driven by intents from screens and events from workers.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/services.h"

namespace anjungan {

enum class Screen {
    Attract, Language, Home, Unavailable, Intro, Form, Consent, Review, Ticket, Done, HelpCalled, CheckTicket,
    TicketStatus,
    Queue  // the desk services as large buttons: one tap issues a queue number
};
const char* to_string(Screen screen);

// What a visitor asked for, emitted by screens: one small struct per kind, so that the session's handler
// fails to compile when a kind is added without being handled.
namespace intent {
struct Start {};
struct ChooseLanguage { std::string language; };  // "id" or "en"; opens the home screen
struct SwitchLanguage { std::string language; };  // midway through a visit: the answers stay
struct ChooseService { std::string code; };
struct CheckTicket {};
struct CallOfficer {};
struct SelectValue { std::string field, value; };
struct ToggleValue { std::string field, value; };  // a multiple choice: adds or removes one value
struct SetText { std::string field, text; };
struct FocusField { std::string field; };  // "" closes the keyboard
struct Next {};
struct Back {};
struct Submit {};
struct Done {};
struct Reprint {};
struct Cancel {};     // start over: the visit is wiped
struct StillHere {};  // any touch
struct ToggleConsent {};
struct EditPage { int page = 0; };  // from the review
struct LookupTicket { std::string reference; };  // a scanned ticket
struct KeepFilling {};        // the visitor keeps the form after a scan
struct OpenScannedTicket {};  // ...or leaves it for the scanned ticket
struct ToggleLargeText {};
struct ToggleHighContrast {};
struct ToggleReach {};
struct ToggleSpeech {};
struct VolumeUp {};
struct VolumeDown {};
}  // namespace intent

using Intent = std::variant<intent::Start, intent::ChooseLanguage, intent::SwitchLanguage, intent::ChooseService,
                            intent::CheckTicket, intent::CallOfficer, intent::SelectValue, intent::ToggleValue,
                            intent::SetText, intent::FocusField, intent::Next, intent::Back, intent::Submit,
                            intent::Done, intent::Reprint, intent::Cancel, intent::StillHere, intent::ToggleConsent,
                            intent::EditPage, intent::LookupTicket, intent::KeepFilling, intent::OpenScannedTicket,
                            intent::ToggleLargeText, intent::ToggleHighContrast, intent::ToggleReach,
                            intent::ToggleSpeech, intent::VolumeUp, intent::VolumeDown>;

// What is wrong with one answer: a translation key and what the message refers to.
struct FieldError {
    std::string message_key;          // e.g. "validation.required", "validation.one_of"
    std::vector<std::string> fields;  // validation.one_of: the codes of the group's fields, in form order
    std::string because;              // validation.required_when: the "<code>=<key>" answer that asks for it

    bool operator==(const FieldError&) const = default;
};

// Outcomes from workers, delivered to the session once per frame.
// `issued_before`: for a queue number, how many numbers of the same desk service were issued earlier that day.
// (Constructors rather than aggregates: callers that know nothing of the later members need not name them.)
struct TicketIssued {
    TicketIssued(OutboxRow row, std::optional<int> issued_before = std::nullopt)
        : row(std::move(row)), issued_before(issued_before) {}
    OutboxRow row;
    std::optional<int> issued_before;
};
struct SubmitFailed {
    std::string message;
    ErrorCode code = ErrorCode::Unspecified;  // StorageFull: the kiosk cannot take requests until space returns
};
enum class PrintProgress { None, Printing, Printed, Failed };
struct PrintUpdate {
    PrintUpdate() = default;
    PrintUpdate(PrintProgress progress, std::string detail = {}, std::string reason_key = {})
        : progress(progress), detail(std::move(detail)), reason_key(std::move(reason_key)) {}
    PrintProgress progress = PrintProgress::None;
    std::string detail;      // for the technician's log
    std::string reason_key;  // Failed: translation key of the printer's fault, e.g. "printer.paper_out"
};
// The sender's progress with a request; the session follows its own ticket's (a call for an officer is
// confirmed only once the server has it).
struct TicketDelivery { std::string reference; DeliveryState state = DeliveryState::Queued; std::string server_id; };
// The answer to "check my ticket": the local row when the kiosk knows the reference, the server's status if any.
struct TicketLookup {
    TicketLookup(std::string reference, std::optional<OutboxRow> row = std::nullopt, std::string server_status = {},
                 std::string server_notes = {}, std::optional<int> issued_before = std::nullopt)
        : reference(std::move(reference)), row(std::move(row)), server_status(std::move(server_status)),
          server_notes(std::move(server_notes)), issued_before(issued_before) {}
    std::string reference;
    std::optional<OutboxRow> row;
    std::string server_status;  // empty when offline or unknown
    std::string server_notes;   // the officer's note, if the server gave one
    std::optional<int> issued_before;
};
using Event = std::variant<TicketIssued, SubmitFailed, PrintUpdate, TicketLookup, TicketDelivery>;

// Work the session asks the application to do.
struct SubmitCommand { NewRequest request; };
struct PrintCommand {
    PrintCommand(OutboxRow row, std::optional<int> issued_before = std::nullopt, std::string language = "id")
        : row(std::move(row)), issued_before(issued_before), language(std::move(language)) {}
    OutboxRow row;
    std::optional<int> issued_before;
    std::string language;  // the ticket is printed in the visitor's language
};
struct LookupCommand { std::string reference; };
using Command = std::variant<SubmitCommand, PrintCommand, LookupCommand>;

// Accessibility choices of the current visitor; they end with the session.
struct Accessibility {
    bool large_text = false;
    bool high_contrast = false;
    bool reach = false;   // controls in the lower part of the screen, for wheelchair users
    bool speech = false;  // screen titles and the ticket number read aloud
    int volume = 70;      // 0-100
};

struct SessionSettings {
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds idle_countdown{15};
    std::chrono::seconds thank_you_time{8};  // the thank-you screen returns to attract by itself
    std::map<std::string, std::string> letters;  // service code → ticket letter
    std::vector<std::string> built_services = services::all_codes();
    int fields_per_page = 3;  // at most this many fields on a form page...
    int rows_per_page = 7;    // ...and no more than fits the screen (see field_rows in session.cpp)
    bool refuse_personal_data = false;  // the data folder is not encrypted: services with a form are not offered
    int volume = 70;          // each visit's starting speech volume (ui.volume)
};

class Session {
public:
    using Clock = std::chrono::steady_clock;

    // `wall_clock` gives the time recorded as consent_at.
    Session(const Catalogue& catalogue, SessionSettings settings, std::string default_language,
            const anjungan::Clock* wall_clock = nullptr);

    void handle(const Intent& intent, Clock::time_point now);
    void handle(const Event& event);
    // Advances idle handling: shows "are you still there?", then wipes the session.
    void tick(Clock::time_point now);
    // The next moment tick() would change something, or the countdown on screen its second: a loop may sleep
    // until then. nullopt when nothing changes by itself (the attract screen, waiting for the outbox).
    std::optional<Clock::time_point> next_change(Clock::time_point now) const;
    std::vector<Command> take_commands();

    // View state, read by screens.
    Screen screen() const { return screen_; }
    const std::string& language() const { return language_; }
    const Service* service() const { return service_; }
    const std::map<std::string, std::string>& values() const { return values_; }
    std::string value(const std::string& code) const;
    const std::string& focused_field() const { return focused_; }
    int page() const { return page_; }
    int page_count() const;
    std::vector<const Attribute*> page_fields(int page) const;
    std::vector<const Attribute*> visible_fields() const;
    // Every problem found when the visitor last tried to go on, by field code; a field's error ends when it changes.
    const std::map<std::string, FieldError>& errors() const { return errors_; }
    std::string error_field() const;  // the first field in error, in form order ("" when none)
    std::string error_key() const;    // translation key of the first field's problem
    int error_serial() const { return error_serial_; }  // grows each time errors are found, so screens scroll to them
    bool editing_from_review() const { return editing_from_review_; }
    // A ticket QR scanned while a form has answers: the reference waits until the visitor decides.
    const std::string& pending_scan() const { return pending_scan_; }
    bool submitting() const { return submitting_; }
    const std::string& submit_error() const { return submit_error_; }
    ErrorCode submit_error_code() const { return submit_error_code_; }
    const std::optional<OutboxRow>& ticket() const { return ticket_; }
    std::optional<int> issued_before() const { return issued_before_; }
    const PrintUpdate& print() const { return print_; }
    // The visitor tapped "done" on the ticket screen without a printed ticket: asked to write the number down.
    bool confirming_leave() const { return confirming_leave_; }
    bool asking_still_there() const { return still_there_; }
    const Accessibility& accessibility() const { return accessibility_; }
    // Outside the desk's hours queue numbers are not issued; the application keeps this up to date.
    void set_desk_open(bool open) { desk_open_ = open; }
    bool desk_open() const { return desk_open_; }
    // Whether `code` is not offered because its form would store personal data on a clear disk.
    bool refuses(const std::string& code) const {
        return settings_.refuse_personal_data && services::has_form(code);
    }
    // Whether a visitor can use `code` at this kiosk now: not refused for personal data, and its desk open if it needs
    // one (whether the service is built at all is asked when it is chosen).
    bool available_now(const std::string& code) const {
        return !refuses(code) && !(services::only_when_desk_open(code) && !desk_open_);
    }
    // Whether the queue may take the visitor's name (optional, but personal data like any form's).
    bool takes_names() const { return !settings_.refuse_personal_data; }
    bool consent_given() const { return !consent_at_.empty(); }
    bool needs_consent() const;  // personal data was given, so the visitor must agree before submitting
    const std::optional<TicketLookup>& lookup() const { return lookup_; }
    bool looking_up() const { return looking_up_; }
    int countdown_left_s(Clock::time_point now) const;

private:
    // One handler per intent; Intent's variant makes a missing one a compile error.
    void on(const intent::Start&, Clock::time_point);
    void on(const intent::ChooseLanguage&, Clock::time_point);
    void on(const intent::SwitchLanguage&, Clock::time_point);
    void on(const intent::ChooseService&, Clock::time_point);
    void on(const intent::CheckTicket&, Clock::time_point);
    void on(const intent::CallOfficer&, Clock::time_point now);
    void on(const intent::SelectValue&, Clock::time_point now);
    void on(const intent::ToggleValue&, Clock::time_point);
    void on(const intent::SetText&, Clock::time_point);
    void on(const intent::FocusField&, Clock::time_point);
    void on(const intent::Next&, Clock::time_point now);
    void on(const intent::Back&, Clock::time_point);
    void on(const intent::Submit&, Clock::time_point now);
    void on(const intent::Done&, Clock::time_point now);
    void on(const intent::Reprint&, Clock::time_point);
    void on(const intent::Cancel&, Clock::time_point);
    void on(const intent::StillHere&, Clock::time_point);
    void on(const intent::ToggleConsent&, Clock::time_point);
    void on(const intent::EditPage&, Clock::time_point);
    void on(const intent::LookupTicket&, Clock::time_point now);
    void on(const intent::KeepFilling&, Clock::time_point);
    void on(const intent::OpenScannedTicket&, Clock::time_point now);
    void on(const intent::ToggleLargeText&, Clock::time_point);
    void on(const intent::ToggleHighContrast&, Clock::time_point);
    void on(const intent::ToggleReach&, Clock::time_point);
    void on(const intent::ToggleSpeech&, Clock::time_point);
    void on(const intent::VolumeUp&, Clock::time_point);
    void on(const intent::VolumeDown&, Clock::time_point);
    std::vector<std::vector<const Attribute*>> pages() const;
    void go_home();
    void submit(Clock::time_point now);
    void print_ticket(const OutboxRow& row, std::optional<int> issued_before);
    void done(Clock::time_point now);
    void next(Clock::time_point now);
    void back();
    void wipe();
    int check(int page, int rules_up_to);
    void check_rules(const std::set<std::string>& asked);
    void clear_errors_about(const std::string& code);
    void finish_form();
    void look_up_scanned(const std::string& reference, Clock::time_point now);
    bool form_in_progress() const;
    bool field_visible(const Attribute& a) const;

    const Catalogue& catalogue_;
    const anjungan::Clock* wall_clock_;
    SessionSettings settings_;
    std::string default_language_;
    Screen screen_ = Screen::Attract;
    std::string language_;
    const Service* service_ = nullptr;
    std::map<std::string, std::string> values_;
    std::string focused_;
    int page_ = 0;
    std::map<std::string, FieldError> errors_;
    int error_serial_ = 0;
    bool editing_from_review_ = false;  // a page opened from the review returns to it
    int resume_page_ = -1;              // a rule sent the visitor back from this page; return there after the fix
    std::string pending_scan_;
    bool submitting_ = false;
    std::string submit_error_;
    ErrorCode submit_error_code_ = ErrorCode::Unspecified;
    std::optional<OutboxRow> ticket_;
    std::optional<int> issued_before_;
    bool confirming_leave_ = false;
    std::string consent_at_;
    Accessibility accessibility_;
    bool desk_open_ = true;  // ISO 8601, set when the visitor ticks the consent box
    std::optional<TicketLookup> lookup_;
    bool looking_up_ = false;
    PrintUpdate print_;
    bool still_there_ = false;
    Clock::time_point last_touch_{};
    Clock::time_point asked_at_{};
    Clock::time_point done_at_{};
    std::vector<Command> commands_;
};

}  // namespace anjungan
