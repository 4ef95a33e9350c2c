// Technician mode, the kiosk's second user: who opened it, what they asked for, and leaving by itself when idle.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace anjungan {

// The technician screens: the status with its actions, and one page for each action that needs more than a tap.
enum class TechnicianPage { Status, Reprint, Logs, Settings, Update, Reboot };

// What a technician asked for on the technician screens.
namespace tech_intent {
struct Leave {};
struct Refresh {};  // gather the status again now
struct Show {       // open a page; Status is "back"
    TechnicianPage page = TechnicianPage::Status;
};
struct InstallUpdate {  // install the bundle the update page listed at this index
    std::size_t bundle = 0;
};
struct RestartAfterUpdate {};  // reboot into the slot just written
// The actions, done by the application off the UI thread; their outcome comes back as a message.
struct TestPrint {};
struct RetryDelivery {};
struct SetReprintReference {  // typed on the reprint page's keyboard
    std::string reference;
};
struct Reprint {
    std::string reference;
};
struct ChangeSetting {  // one of settings_keys(), validated by the configuration table
    std::string key;
    std::string value;
};
struct Reboot {};  // confirmed
struct LargeText {  // the technician screens' text size, for this technician only
    bool on = false;
};
}  // namespace tech_intent
using TechnicianIntent =
    std::variant<tech_intent::Leave, tech_intent::Refresh, tech_intent::Show, tech_intent::InstallUpdate,
                 tech_intent::RestartAfterUpdate, tech_intent::TestPrint, tech_intent::RetryDelivery,
                 tech_intent::SetReprintReference, tech_intent::Reprint, tech_intent::ChangeSetting,
                 tech_intent::Reboot, tech_intent::LargeText>;

// What the technician screens say about the last action: running, done or failed, as a translation key and the
// values it names.
struct TechnicianMessage {
    std::string key;
    std::map<std::string, std::string> values;
    bool running = false;  // never "printed" or "sent" before it is
    bool failed = false;
};

class TechnicianSession {
public:
    using Clock = std::chrono::steady_clock;

    explicit TechnicianSession(std::chrono::seconds idle_timeout) : idle_timeout_(idle_timeout) {}

    // Opens technician mode for `who`: a card's technician id or "PIN".
    void open(std::string who, Clock::time_point now);
    // Any touch while open keeps it open.
    void touch(Clock::time_point now);
    void handle(const TechnicianIntent& intent, Clock::time_point now);
    // Leaves after the idle timeout without a touch. Returns true when this call closed it.
    bool tick(Clock::time_point now);
    // When tick() next closes it; nullopt while closed.
    std::optional<Clock::time_point> next_change() const;
    // The status the screen shows is asked for again: on opening, on Refresh, and every few seconds while open.
    bool take_refresh_request(Clock::time_point now);
    // The update page looks for bundles on the stick when it opens and every few seconds while it is shown.
    bool take_bundle_listing_request(Clock::time_point now);
    // While busy (an update installing) it neither leaves by itself nor changes page: an install is never
    // abandoned half way. The idle timeout counts again from when it ends.
    void set_busy(bool busy, Clock::time_point now);
    bool busy() const { return busy_; }

    bool is_open() const { return open_; }
    TechnicianPage page() const { return page_; }
    const std::string& who() const { return who_; }

    // The last action's message; a new page starts without one.
    void show_message(TechnicianMessage message) { message_ = std::move(message); }
    const std::optional<TechnicianMessage>& message() const { return message_; }
    // The reprint page's reference, typed or scanned.
    const std::string& reprint_reference() const { return reprint_reference_; }
    bool large_text() const { return large_text_; }
    // The kiosk's recent log lines for the logs page, newest first.
    void set_log_lines(std::vector<std::string> lines) { log_lines_ = std::move(lines); }
    const std::vector<std::string>& log_lines() const { return log_lines_; }

    static constexpr std::chrono::seconds kStatusInterval{5};
    static constexpr std::chrono::seconds kBundleListingInterval{2};

private:
    void close();

    std::chrono::seconds idle_timeout_;
    bool open_ = false;
    TechnicianPage page_ = TechnicianPage::Status;
    std::string who_;
    Clock::time_point last_touch_{};
    std::optional<Clock::time_point> refresh_due_;
    std::optional<Clock::time_point> listing_due_;  // only while the update page is shown
    bool busy_ = false;
    std::optional<TechnicianMessage> message_;
    std::string reprint_reference_;
    std::vector<std::string> log_lines_;
    bool large_text_ = false;
};

}  // namespace anjungan
