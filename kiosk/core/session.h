// The visitor session: a state machine over screens, driven by intents from screens and events from workers.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"

namespace anjungan {

enum class Screen {
    Attract, Language, Home, Unavailable, Intro, Form, Consent, Review, Ticket, Done, HelpCalled, CheckTicket,
    TicketStatus
};
const char* to_string(Screen screen);

// What a visitor asked for, emitted by screens.
struct Intent {
    enum class Kind {
        Start, ChooseLanguage, ChooseService, CheckTicket, CallOfficer,
        SelectValue, ToggleValue, SetText, FocusField, Next, Back, Submit, Done, Reprint, Cancel, StillHere,
        ToggleConsent, EditPage, LookupTicket, SwitchLanguage,
        ToggleLargeText, ToggleHighContrast, ToggleReach, ToggleSpeech, VolumeUp, VolumeDown
    };
    Intent(Kind kind, std::string a = {}, std::string b = {}) : kind(kind), a(std::move(a)), b(std::move(b)) {}
    Kind kind;
    std::string a;  // language, service code, field code, page number, reference
    std::string b;  // value key or text
};

// Outcomes from workers, delivered to the session once per frame.
struct TicketIssued { OutboxRow row; };
struct SubmitFailed { std::string message; };
enum class PrintProgress { None, Printing, Printed, Failed };
struct PrintUpdate { PrintProgress progress = PrintProgress::None; std::string detail; };
// The sender's progress with a request; the session follows its own ticket's (a call for an officer is
// confirmed only once the server has it).
struct TicketDelivery { std::string reference; DeliveryState state = DeliveryState::Queued; std::string server_id; };
// The answer to "check my ticket": the local row when the kiosk knows the reference, the server's status if any.
struct TicketLookup {
    std::string reference;
    std::optional<OutboxRow> row;
    std::string server_status;  // empty when offline or unknown
};
using Event = std::variant<TicketIssued, SubmitFailed, PrintUpdate, TicketLookup, TicketDelivery>;

// Work the session asks the application to do.
struct SubmitCommand { NewRequest request; };
struct PrintCommand { OutboxRow row; };
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
    std::vector<std::string> built_services{"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN", "BANTUAN"};
    int fields_per_page = 3;  // at most this many fields on a form page...
    int rows_per_page = 7;    // ...and no more than fits the screen (see field_rows in session.cpp)
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
    const std::string& error_field() const { return error_field_; }
    const std::string& error_key() const { return error_key_; }  // translation key of what is wrong
    bool submitting() const { return submitting_; }
    const std::string& submit_error() const { return submit_error_; }
    const std::optional<OutboxRow>& ticket() const { return ticket_; }
    const PrintUpdate& print() const { return print_; }
    bool asking_still_there() const { return still_there_; }
    const Accessibility& accessibility() const { return accessibility_; }
    // Outside the desk's hours queue numbers are not issued; the application keeps this up to date.
    void set_desk_open(bool open) { desk_open_ = open; }
    bool desk_open() const { return desk_open_; }
    bool consent_given() const { return !consent_at_.empty(); }
    bool needs_consent() const;  // personal data was given, so the visitor must agree before submitting
    const std::optional<TicketLookup>& lookup() const { return lookup_; }
    bool looking_up() const { return looking_up_; }
    int countdown_left_s(Clock::time_point now) const;

private:
    std::vector<std::vector<const Attribute*>> pages() const;
    void go_home();
    void submit(Clock::time_point now);
    void next(Clock::time_point now);
    void back();
    void wipe();
    bool page_complete();
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
    std::string error_field_;
    std::string error_key_;
    bool submitting_ = false;
    std::string submit_error_;
    std::optional<OutboxRow> ticket_;
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
