// The application: start-up, the loop that sleeps until something is due, events from the services, shut-down.
#include "kiosk/app/app.h"

#include <SDL.h>

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

int milliseconds_until(std::chrono::steady_clock::duration left) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 3'600'000));
}

}  // namespace

App::App(Config config, AppOptions options)
    : config_(std::move(config)), options_(std::move(options)), frame_stats_(std::getenv("ANJUNGAN_FRAME_STATS")) {}

App::~App() = default;

int App::run() {
    DisplaySettings display;
    display.headless = options_.headless;
    display.fullscreen = config_.fullscreen;
    display.width = config_.window_width;
    display.height = config_.window_height;
    display.screen_dpi = config_.screen_dpi;
    display.physical_keyboard = config_.physical_keyboard;
    display.font = config_.font;
    display.font_bold = config_.font_bold;
    services_ = std::make_unique<KioskServices>(config_, options_.asset_dir, [this] { display_->notify(); });
    // The data first: a kiosk that cannot store requests must not open a window inviting visitors.
    if (auto s = services_->open(); !s) {
        log::error(s.error().message);
        return 2;
    }
    auto opened = Display::open(display);
    if (!opened) {
        log::error(opened.error().message);
        return 2;
    }
    display_ = std::move(*opened);
    services_->start();  // from here on workers wake the display
    session_ = std::make_unique<Session>(services_->catalogue(), session_settings(config_, services_->data_protection()), config_.language,
                                         &services_->clock());
    technician_ = std::make_unique<TechnicianSession>(std::chrono::seconds(config_.technician_idle_s));
    pin_pad_ = std::make_unique<TechnicianPinPad>(std::chrono::seconds(config_.technician_idle_s));
    create_screens();
    if (options_.script) start_script();
    service_manager_.status(config_.plain_http() ? "running; WARNING: plain HTTP to the server (server.allow_insecure)"
                                                 : "running");
    while (!quit_) {
        const InputBatch input = display_->pump(wait_timeout_ms());
        if (input.quit) quit_ = true;
        if (input.touched) {  // any touch counts as presence
            if (technician_->is_open()) {
                technician_->touch(now());
            } else {
                pin_pad_->touch(now());
                session_->handle(intent::StillHere{}, now());
            }
        }
        if (input.any) frames_to_draw_ = 3;
        drain_service_events();
        update_desk_hours();
        session_->tick(now());
        technician_->set_busy(services_->update_state().installing(), now());
        if (technician_->tick(now())) log::info("technician mode left by itself after the idle timeout");
        if (pin_pad_->tick(now())) log::info("technician PIN pad left by itself after the idle timeout");
        if (technician_->take_refresh_request(now())) services_->refresh_status();
        if (technician_->take_bundle_listing_request(now())) services_->list_update_bundles();
        if (session_->screen() == Screen::Attract && last_screen_ != Screen::Attract) after_visit_ends();
        last_screen_ = session_->screen();
        next_upkeep_ = services_->upkeep(std::chrono::steady_clock::now());
        render_frame();
        technician_flag_.sync(technician_->is_open());
        if (frames_to_draw_ > 0) --frames_to_draw_;
        service_manager_.ping();
    }
    service_manager_.status("stopping");
    technician_flag_.sync(false);  // technician mode ends with the kiosk
    if (frame_stats_) report_frame_stats();
    session_.reset();
    services_.reset();  // workers stop while the display they wake still exists
    return exit_status_;
}

void App::start_script() {
    AutomationHooks hooks;
    hooks.touch = [this](bool down, ImVec2 at) { display_->push_touch(down ? SDL_FINGERDOWN : SDL_FINGERUP, at); };
    hooks.touch_move = [this](ImVec2 at) { display_->push_touch(SDL_FINGERMOTION, at); };
    hooks.keyboard = [this](const std::string& text) { display_->push_typed(text); };
    hooks.scan = [this](const std::string& payload) {
        if (!services_->inject_scan(payload)) log::warn("scan: the configured scanner is not the simulated one");
    };
    hooks.advance_idle = [this](int seconds) { idle_offset_ += std::chrono::seconds(seconds); };
    hooks.screenshot = [this](const std::string& path) { return display_->save_screenshot(path); };
    runner_ = std::make_unique<ScriptRunner>(*options_.script, hooks);
    if (const char* check = std::getenv("ANJUNGAN_LAYOUT_CHECK"); check && std::string(check) == "1")
        runner_->check_layout({display_->window_size(), ui::ten_millimetres_px(display_->screen_dpi())});
    if (const char* pixels = std::getenv("ANJUNGAN_PIXELS"); pixels && std::string(pixels) == "screenshots")
        runner_->render_only_screenshots();
}

void App::after_visit_ends() {
    // Drop the screens' view state too (keyboard shift, scroll positions), not only the session's.
    create_screens();
}

void App::drain_service_events() {
    for (auto& event : services_->drain()) {
        if (const auto* e = std::get_if<Event>(&event)) {
            session_->handle(*e);
            if (const auto* d = std::get_if<TicketDelivery>(e)) {
                service_manager_.status("last delivery: " + d->reference + " " + to_string(d->state));
                if (technician_->is_open()) services_->refresh_status();  // the outbox changed
            }
        } else if (const auto* scan = std::get_if<scan::ScanOutcome>(&event)) {
            on_scan(*scan);
        } else if (const auto* entry = std::get_if<TechnicianEntry>(&event)) {
            on_technician_entry(*entry);
        } else if (const auto* pin = std::get_if<TechnicianPinChecked>(&event)) {
            on_pin_checked(*pin);
        } else if (const auto* done = std::get_if<TechnicianActionDone>(&event)) {
            on_technician_action(*done);
        }
        frames_to_draw_ = 3;
    }
    run_commands();
    // Screens and the session point into the catalogue: one fetched from the server replaces it between visits.
    if (session_->screen() == Screen::Attract) services_->adopt_fetched_catalogue();
}

void App::on_scan(const scan::ScanOutcome& outcome) {
    if (const auto* ticket = std::get_if<scan::CheckTicket>(&outcome)) {
        // In technician mode a ticket scanned is one to reprint: its page opens with the reference filled in.
        if (technician_->is_open()) {
            technician_->handle(tech_intent::Show{TechnicianPage::Reprint}, now());
            technician_->handle(tech_intent::SetReprintReference{ticket->reference}, now());
            return;
        }
        session_->handle(intent::LookupTicket{ticket->reference}, now());
    } else if (const auto* card = std::get_if<scan::TechnicianCard>(&outcome)) {
        services_->verify_technician_card(card->technician_id);  // the revoked list and the audit log
    } else if (const auto* refused = std::get_if<scan::Refused>(&outcome)) {
        using R = scan::RefusalReason;
        const bool card = refused->reason == R::CardMalformed || refused->reason == R::CardUnsupported ||
                          refused->reason == R::CardNoKey || refused->reason == R::CardForged ||
                          refused->reason == R::CardExpired;
        show_notice(card ? "scan.card_refused" : "scan.refused");
    } else {
        show_notice("scan.not_recognised");
    }
}

void App::on_technician_entry(const TechnicianEntry& entry) {
    if (!entry.accepted) {
        log::warn("technician card refused: " + entry.reason);
        show_notice("scan.card_refused");
        return;
    }
    open_technician_mode(entry.who);
    show_notice("scan.card_accepted");
    log::info("technician mode opened by card " + entry.who);
}

void App::apply(const screens::Intents& intents) {
    for (const auto& intent : intents) session_->handle(intent, now());
    run_commands();
}

void App::apply(const screens::TechnicianIntents& intents) {
    for (const auto& intent : intents) {
        if (start_technician_action(intent)) continue;
        const TechnicianPage before = technician_->page();
        technician_->handle(intent, now());
        if (!technician_->is_open()) log::info("technician mode left");
        if (technician_->page() == TechnicianPage::Update && before != TechnicianPage::Update)
            services_->open_update_page();
        if (const auto* install = std::get_if<tech_intent::InstallUpdate>(&intent))
            services_->install_update(install->bundle, technician_->who());
        if (std::holds_alternative<tech_intent::RestartAfterUpdate>(intent))
            services_->restart_after_update(technician_->who());
    }
}

void App::run_commands() {
    for (const auto& command : session_->take_commands()) services_->execute(command);
}

void App::show_notice(const std::string& key) {
    notice_key_ = key;
    notice_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(5);
}

void App::update_desk_hours() {
    const LocalTime local = to_local(services_->clock().now());
    session_->set_desk_open(desk_open(services_->hours(), services_->holidays(), local));
    next_opening_ = next_opening(services_->hours(), services_->holidays(), local);
}

std::string App::desk_opens_text() const {
    const Translations& tr = services_->translations();
    if (!next_opening_) return tr.get(session_->language(), "closed.unknown");
    char clock[24];
    std::snprintf(clock, sizeof clock, "%02d:%02d", next_opening_->minute / 60, next_opening_->minute % 60);
    return long_date(to_local_time(next_opening_->date), session_->language()) + " " + clock;
}

int App::wait_timeout_ms() const {
    if (runner_) return 1;
    if (frames_to_draw_ > 0 || display_->touch_busy()) return 0;
    // Asleep until something visible is due: the session's next countdown second or timeout, the notice's end,
    // the next minute (opening hours and the date change on minutes), upkeep, the watchdog's next ping, or the
    // display's next presenting of the same picture.
    // Input and worker events wake the loop earlier.
    const auto steady_now = std::chrono::steady_clock::now();
    auto left = next_upkeep_ - steady_now;
    if (auto change = session_->next_change(now())) left = std::min(left, *change - now());
    if (auto change = technician_->next_change()) left = std::min(left, *change - now());
    if (auto change = pin_pad_->next_change()) left = std::min(left, *change - now());
    if (notice_showing()) left = std::min(left, notice_until_ - steady_now);
    if (auto ping = service_manager_.next_ping()) left = std::min(left, *ping - steady_now);
    if (auto present = display_->next_present()) left = std::min(left, *present - steady_now);
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    left = std::min<std::chrono::steady_clock::duration>(left, std::chrono::minutes(1) - since_epoch % std::chrono::minutes(1));
    return milliseconds_until(left);
}

}  // namespace anjungan::app
