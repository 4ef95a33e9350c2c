// The application: SDL window and GL context, the frame loop, and the wiring of session, workers and devices.
#pragma once

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "hal/printer/printer.h"
#include "hal/scanner/scanner.h"
#include "hal/speech/speech.h"
#include "hal/watchdog/watchdog.h"
#include "kiosk/app/automation.h"
#include "kiosk/app/event_wait.h"
#include "kiosk/app/touch_input.h"
#include "kiosk/core/catalogue.h"
#include "kiosk/core/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/opening_hours.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/request_facts.h"
#include "kiosk/core/scan_payload.h"
#include "kiosk/core/sender.h"
#include "kiosk/core/session.h"
#include "kiosk/core/worker.h"
#include "screens/screen.h"

namespace anjungan::app {

struct AppOptions {
    bool headless = false;
    std::optional<std::vector<ScriptCommand>> script;
    std::string asset_dir;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  // for the ready log line
};

struct CatalogueUpdate {
    Catalogue catalogue;
};

// Everything that workers report to the UI thread.
using AppEvent = std::variant<Event, hal::PrinterEvent, DeliveryEvent, hal::ScanEvent, CatalogueUpdate>;

class App {
public:
    App(Config config, AppOptions options);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Runs until quit or, with a script, until it passes (0) or fails (1). Returns the exit status.
    int run();

private:
    Status init_data();
    Status init_commit_facts();  // what every request records at its commit besides the visitor's answers
    Status init_video();
    void init_devices();
    void shutdown_video();
    ImVec2 window_size() const;
    void push_touch(std::uint32_t sdl_event_type, ImVec2 at);  // a real SDL finger event, for automation
    float screen_dpi() const;  // ui.screen_dpi, else the display's own
    void drain_outbox(std::chrono::milliseconds limit);
    void erase_old_personal_data();
    void refresh_catalogue(const HttpOptions& http_options);
    void look_up_ticket(const std::string& reference);
    void post(AppEvent event);  // thread-safe: queue and wake the loop
    bool pump_events(int timeout_ms);
    void drain_app_events();
    void render_frame();
    void apply_accessibility();
    void speak_screen();
    void report_frame_stats() const;
    void on_scan(const hal::ScanEvent& event);
    void show_notice(const std::string& key);
    void draw_notice();
    float notice_height() const { return std::round(theme_.px(110)); }  // whole pixels: the screen starts below it
    void update_desk_hours();
    void create_screens();
    std::string desk_opens_text() const;
    void draw_screens(screens::Intents& intents);
    void apply(const screens::Intents& intents);
    void execute(const Command& command);
    void on_printer_event(const hal::PrinterEvent& e);
    int wait_timeout_ms() const;
    Status save_screenshot(const std::string& path);
    Session::Clock::time_point now() const { return Session::Clock::now() + idle_offset_; }

    Config config_;
    AppOptions options_;
    Catalogue catalogue_;
    std::optional<Translations> translations_;
    std::unique_ptr<Session> session_;
    SystemClock clock_;
    std::unique_ptr<Outbox> outbox_;  // used only on storage_
    std::unique_ptr<Sender> sender_;
    std::unique_ptr<hal::Printer> printer_;
    std::unique_ptr<hal::Scanner> scanner_;
    std::unique_ptr<hal::Speech> speech_;
    std::string last_spoken_;
    std::unique_ptr<scan::ScanInterpreter> scans_;
    hal::ScannerState scanner_state_ = hal::ScannerState::Starting;  // kept for technician mode
    std::string notice_key_;  // a short message over the screen, e.g. after a scan
    std::chrono::steady_clock::time_point notice_until_{};
    hal::ServiceManager service_manager_;
    hal::PrinterState printer_state_ = hal::PrinterState::Unknown;
    std::uint64_t current_print_job_ = 0;
    EventQueue<AppEvent> events_;
    std::unique_ptr<SerialWorker> storage_;
    std::unique_ptr<SerialWorker> network_;  // server queries that may take seconds
    std::optional<Catalogue> pending_catalogue_;

    SDL_Window* window_ = nullptr;
    void* gl_context_ = nullptr;
    bool imgui_ready_ = false;
    std::uint32_t wake_event_ = 0;
    EventWaiter waiter_;
    ui::Theme theme_;
    bool theme_high_contrast_ = false;
    OpeningHours hours_;       // parsed once at start-up from the validated configuration
    std::set<Date> holidays_;
    std::unique_ptr<TimeSync> time_sync_;
    CommitFacts commit_facts_;  // read by storage_ at each commit; fixed after start-up
    std::optional<Opening> next_opening_;
    TouchInput touch_;
    std::map<Screen, std::unique_ptr<screens::ScreenView>> screens_;
    std::unique_ptr<screens::ScreenView> still_there_;
    std::unique_ptr<screens::ScreenView> scan_confirm_;
    Screen last_screen_ = Screen::Attract;
    std::unique_ptr<ScriptRunner> runner_;
    std::chrono::seconds idle_offset_{0};
    int frames_to_draw_ = 3;
    std::chrono::steady_clock::time_point next_retention_run_{};
    bool quit_ = false;
    int exit_status_ = 0;
    bool first_frame_shown_ = false;
    bool frame_stats_ = false;
    std::map<Screen, std::pair<std::chrono::nanoseconds, int>> frame_cpu_;  // per screen: CPU time, frames
};

}  // namespace anjungan::app
