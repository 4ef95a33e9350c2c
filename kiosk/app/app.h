// The application: the frame loop that joins the display, the visitor session, its screens and the services.
#pragma once

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "hal/watchdog/watchdog.h"
#include "kiosk/app/automation.h"
#include "kiosk/app/display.h"
#include "kiosk/app/kiosk_services.h"
#include "kiosk/app/outside_signals.h"
#include "kiosk/core/config.h"
#include "kiosk/core/session.h"
#include "kiosk/core/technician_pin.h"
#include "kiosk/core/technician_session.h"
#include "screens/screen.h"
#include "screens/technician.h"
#include "screens/technician_pin.h"

namespace anjungan::app {

struct AppOptions {
    bool headless = false;
    std::optional<std::vector<ScriptCommand>> script;
    std::string asset_dir;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  // for the ready log line
};

// The kiosk's loop: input and worker events in, the session's state machine, the screens, and the work it asks for.
class App {
public:
    App(Config config, AppOptions options);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Runs until quit or, with a script, until it passes (0) or fails (1). Returns the exit status.
    int run();

private:
    void start_script();
    void drain_service_events();
    void on_scan(const scan::ScanOutcome& outcome);
    void on_technician_entry(const TechnicianEntry& entry);
    void open_technician_mode(const std::string& who);  // wipes the visitor's session first
    void begin_technician_window(const char* name);     // full screen, below a notice
    void draw_technician(screens::TechnicianIntents& intents);
    void apply(const screens::TechnicianIntents& intents);
    void draw_pin_pad(screens::PinPadIntents& intents);
    void apply(const screens::PinPadIntents& intents);
    void on_pin_checked(const TechnicianPinChecked& checked);
    // Technician actions (app_technician.cpp): started from an intent, their outcome shown when done.
    bool start_technician_action(const TechnicianIntent& intent);
    void on_technician_action(const TechnicianActionDone& done);
    void apply_setting(const std::string& key, const std::string& value);
    std::string setting_label(const std::string& key) const;
    void render_frame();
    void build_frame(screens::Intents& intents, screens::TechnicianIntents& technician_intents,
                     screens::PinPadIntents& pin_intents);
    void draw_screens(screens::Intents& intents);
    void create_screens();
    void apply(const screens::Intents& intents);
    void run_commands();
    void show_notice(const std::string& key);
    bool notice_showing() const { return !notice_key_.empty() && std::chrono::steady_clock::now() < notice_until_; }
    void draw_notice();
    float notice_height() const { return std::round(display_->theme().px(110)); }  // whole pixels
    void update_desk_hours();
    std::string desk_opens_text() const;
    void speak_screen();
    void after_visit_ends();
    int wait_timeout_ms() const;
    void report_frame_stats() const;
    Session::Clock::time_point now() const { return Session::Clock::now() + idle_offset_; }

    Config config_;
    AppOptions options_;
    std::unique_ptr<Display> display_;       // destroyed last: workers wake it until they stop
    std::unique_ptr<KioskServices> services_;
    std::unique_ptr<Session> session_;       // points into the services' catalogue
    std::unique_ptr<TechnicianSession> technician_;
    std::unique_ptr<TechnicianPinPad> pin_pad_;  // over the visitor's screen, from the hidden corner
    screens::PinPadScreen pin_screen_;           // made anew each time the pad opens
    hal::ServiceManager service_manager_;
    std::map<Screen, std::unique_ptr<screens::ScreenView>> stateful_screens_;  // made anew for each visit
    Screen last_screen_ = Screen::Attract;
    std::string notice_key_;  // a short message over the screen, e.g. after a scan
    std::chrono::steady_clock::time_point notice_until_{};
    std::optional<Opening> next_opening_;
    std::string last_spoken_;
    std::unique_ptr<ScriptRunner> runner_;
    TechnicianFlag technician_flag_;  // root mounts USB sticks while it exists
    ControlMap control_map_;          // opt-in, for VM tests
    std::chrono::seconds idle_offset_{0};
    int frames_to_draw_ = 3;  // ImGui needs a few frames to settle after input
    std::chrono::steady_clock::time_point next_upkeep_{};
    bool quit_ = false;
    int exit_status_ = 0;
    bool first_frame_shown_ = false;
    bool frame_stats_ = false;
    std::map<Screen, std::pair<std::chrono::nanoseconds, int>> frame_cpu_;  // per screen: CPU time, frames
};

}  // namespace anjungan::app
