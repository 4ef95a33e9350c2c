// Technician mode, the kiosk's second user: who opened it, what they asked for, and leaving by itself when idle.
#pragma once

#include <chrono>
#include <cstddef>
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
}  // namespace tech_intent
using TechnicianIntent = std::variant<tech_intent::Leave, tech_intent::Refresh, tech_intent::Show,
                                      tech_intent::InstallUpdate, tech_intent::RestartAfterUpdate>;

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
};

}  // namespace anjungan
