// The application: start-up, the loop that sleeps when nothing changes, events from workers, shut-down.
#include "kiosk/app/app.h"

#include <filesystem>

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>

#include "kiosk/core/log.h"
#include "kiosk/core/consent.h"
#include "kiosk/core/secrets.h"

namespace anjungan::app {
namespace {

std::map<std::string, std::string> parse_letters(const Config& config) {
    std::map<std::string, std::string> letters;
    for (const std::string& code : services::all_codes()) letters[code] = config.letter_for(code);
    return letters;
}

}  // namespace

App::App(Config config, AppOptions options)
    : config_(std::move(config)), options_(std::move(options)), frame_stats_(std::getenv("ANJUNGAN_FRAME_STATS")) {}

App::~App() {
    network_.reset();
    storage_.reset();  // finish durable writes first
    drain_outbox(std::chrono::seconds(3));
    sender_.reset();
    printer_.reset();
    shutdown_video();
}

Status App::init_data() {
    // The last good catalogue fetched from the server wins over the shipped one, but not over an explicit file.
    const std::string saved_catalogue = config_.data_dir + "/catalogue.json";
    auto catalogue = config_.catalogue.empty() ? load_catalogue(saved_catalogue) : load_catalogue(config_.catalogue);
    if (!catalogue && config_.catalogue.empty()) {
        if (std::filesystem::exists(saved_catalogue))
            log::warn("the saved server catalogue is unusable, using the shipped one: " + catalogue.error().message);
        catalogue = load_catalogue(options_.asset_dir + "/services.json");
    }
    if (!catalogue) return catalogue.error();
    catalogue_ = std::move(*catalogue);
    auto translations = Translations::load(options_.asset_dir + "/i18n", {"id", "en"});
    if (!translations) return translations.error();
    translations_ = std::move(*translations);

    // The outbox holds visitors' personal data: a folder the kiosk creates is for the kiosk user alone.
    std::error_code ec;
    if (std::filesystem::create_directories(config_.data_dir, ec))
        std::filesystem::permissions(config_.data_dir, std::filesystem::perms::owner_all, ec);
    if (ec) return fail("cannot create the data directory " + config_.data_dir + ": " + ec.message());
    auto outbox = Outbox::open(config_.data_dir + "/outbox.sqlite", clock_);
    if (!outbox) return outbox.error();
    outbox_ = std::move(*outbox);
    storage_ = std::make_unique<SerialWorker>();
    network_ = std::make_unique<SerialWorker>();

    SessionSettings settings;
    settings.idle_timeout = std::chrono::seconds(config_.idle_timeout_s);
    settings.idle_countdown = std::chrono::seconds(config_.idle_countdown_s);
    settings.letters = parse_letters(config_);
    auto hours = parse_opening_hours(config_.hours);
    auto holidays = parse_holidays(config_.holidays);
    if (!hours) return fail("office.hours: " + hours.error().message);
    if (!holidays) return fail("office.holidays: " + holidays.error().message);
    hours_ = *hours;
    holidays_ = std::move(*holidays);
    if (auto s = init_commit_facts(); !s) return s;
    session_ = std::make_unique<Session>(catalogue_, settings, config_.language, &clock_);
    return Ok{};
}

Status App::init_commit_facts() {
    auto time_sync = make_time_sync(config_.clock_sync);
    if (!time_sync) return time_sync.error();
    time_sync_ = std::move(*time_sync);
    commit_facts_ = {holidays_, time_sync_.get(), {}};
    auto consent_versions = load_consent_versions(options_.asset_dir, *translations_, config_);
    // Still serve visitors; the office learns from the missing attribute[consent_version] and the log.
    if (!consent_versions) log::error(consent_versions.error().message);
    else commit_facts_.consent_versions = std::move(*consent_versions);
    return Ok{};
}

Status App::init_video() {
    if (options_.headless) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // Touches arrive as finger events only; SDL's synthetic mouse events would double every tap.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return fail(std::string("SDL_Init: ") + SDL_GetError());
    wake_event_ = SDL_RegisterEvents(1);
    waiter_.configure(SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "");
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (config_.fullscreen && !options_.headless) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    window_ = SDL_CreateWindow("Anjungan", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, config_.window_width,
                               config_.window_height, flags);
    if (!window_) return fail(std::string("SDL_CreateWindow: ") + SDL_GetError());
    gl_context_ = SDL_GL_CreateContext(window_);
    if (!gl_context_) return fail(std::string("SDL_GL_CreateContext: ") + SDL_GetError());
    SDL_GL_MakeCurrent(window_, gl_context_);
    SDL_GL_SetSwapInterval(options_.headless ? 0 : 1);
    if (!options_.headless) SDL_ShowCursor(config_.fullscreen ? SDL_DISABLE : SDL_ENABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // nothing written to disk; the layout is fixed
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_);
    ImGui_ImplOpenGL3_Init("#version 150");
    imgui_ready_ = true;
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    if (!ui::setup_theme(theme_, config_.font, config_.font_bold, w, h))
        return fail("cannot load the fonts " + config_.font + " and " + config_.font_bold +
                    " (install fonts-dejavu-core or set ui.font / ui.font_bold)");
    theme_.min_target = ui::ten_millimetres_px(screen_dpi());
    // The atlas lives on the GPU from here on; the CPU copies would only hold memory.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui::GetIO().Fonts->ClearTexData();
    return Ok{};
}

void App::push_touch(std::uint32_t type, ImVec2 at) {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    SDL_Event e{};
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = at.x / static_cast<float>(w);
    e.tfinger.y = at.y / static_cast<float>(h);
    e.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    e.tfinger.windowID = SDL_GetWindowID(window_);
    SDL_PushEvent(&e);
}

ImVec2 App::window_size() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

float App::screen_dpi() const {
    if (config_.screen_dpi > 0) return static_cast<float>(config_.screen_dpi);
    float diagonal = 0;
    const int display = window_ ? SDL_GetWindowDisplayIndex(window_) : 0;
    if (SDL_GetDisplayDPI(display < 0 ? 0 : display, &diagonal, nullptr, nullptr) == 0 && diagonal > 0) return diagonal;
    return 96.0f;  // the display cannot tell (offscreen, some KMS drivers): a desktop monitor's density
}

void App::shutdown_video() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
        imgui_ready_ = false;
    }
    if (gl_context_) SDL_GL_DeleteContext(gl_context_);
    if (window_) SDL_DestroyWindow(window_);
    gl_context_ = nullptr;
    window_ = nullptr;
    SDL_Quit();
}

void App::init_devices() {
    render::TicketLayout layout;
    layout.paper_width_mm = config_.paper_width_mm;
    layout.logo_png = config_.logo;
    std::string error;
    printer_ = hal::make_printer(config_.printer, layout, config_.printer_format,
                                 [this](const hal::PrinterEvent& e) { post(e); }, error);
    if (!printer_) log::error(error);
    scanner_ = hal::make_scanner(config_.scanner, [this](const hal::ScanEvent& e) { post(e); }, error);
    if (!scanner_) log::error(error);
    std::optional<scan::TechnicianKey> card_key;
    if (!config_.card_public_key.empty()) {
        if (auto key = scan::TechnicianKey::from_base64(config_.card_public_key)) card_key = *key;
    }
    scans_ = std::make_unique<scan::ScanInterpreter>(config_.tracking_base, card_key, clock_);
    speech_ = hal::make_speech(config_.speech, error);
    if (!speech_) log::error("speech: " + error);
    if (config_.server_url.empty()) {
        log::info("no server configured: requests stay queued in the outbox");
        return;
    }
    SenderSettings settings;
    settings.server_url = config_.server_url;
    settings.open311 = {config_.kiosk_id, config_.location, ""};
    settings.http.ca_file = config_.ca_file;
    settings.http.public_key_pin = config_.public_key_pin;
    if (!config_.api_key_file.empty()) {
        auto key = read_secret_file(config_.api_key_file);
        if (!key) {
            log::error(key.error().message + "; requests stay queued until this is fixed");
            return;
        }
        settings.open311.api_key = *key;
    }
    if (config_.plain_http())
        log::warn("server.allow_insecure: requests go to " + config_.server_url +
                  " over plain HTTP, personal data and the api_key unencrypted");
    sender_ = std::make_unique<Sender>(outbox_->path(), settings, clock_, [this](const DeliveryEvent& e) { post(e); });
    if (auto s = sender_->start(); !s) log::error("sender: " + s.error().message);
    refresh_catalogue(settings.http);
}

void App::post(AppEvent event) {
    events_.push(std::move(event));
    SDL_Event wake{};
    wake.type = wake_event_;
    SDL_PushEvent(&wake);
    waiter_.notify();
}

bool App::pump_events(int timeout_ms) {
    SDL_Event e;
    if (!SDL_PollEvent(&e)) {
        waiter_.wait(timeout_ms);
        if (!SDL_PollEvent(&e)) return false;
    }
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    do {
        if (e.type == SDL_QUIT) quit_ = true;
        if (e.type == SDL_FINGERDOWN || e.type == SDL_MOUSEBUTTONDOWN)
            session_->handle(Intent{Intent::Kind::StillHere}, now());  // any touch counts as presence
        if (!touch_.handle(e, w, h)) ImGui_ImplSDL2_ProcessEvent(&e);
        frames_to_draw_ = 3;  // ImGui needs a few frames to settle after input
    } while (SDL_PollEvent(&e));
    return true;
}

void App::drain_app_events() {
    for (auto& event : events_.drain()) {
        if (auto* e = std::get_if<Event>(&event)) {
            session_->handle(*e);
        } else if (auto* p = std::get_if<hal::PrinterEvent>(&event)) {
            on_printer_event(*p);
        } else if (auto* d = std::get_if<DeliveryEvent>(&event)) {
            service_manager_.status(std::string("last delivery: ") + d->reference + " " + to_string(d->state));
            session_->handle(Event{TicketDelivery{d->reference, d->state, d->server_id}});
        } else if (auto* c = std::get_if<CatalogueUpdate>(&event)) {
            pending_catalogue_ = std::move(c->catalogue);
        } else if (auto* s = std::get_if<hal::ScanEvent>(&event)) {
            on_scan(*s);
        }
    }
}

void App::apply(const screens::Intents& intents) {
    for (const auto& intent : intents) session_->handle(intent, now());
    for (const auto& command : session_->take_commands()) execute(command);
}

int App::wait_timeout_ms() const {
    if (runner_) return 1;
    if (frames_to_draw_ > 0 || touch_.busy()) return 0;
    // Wake on the next whole second: the clock and countdowns change then, and not more than once a second.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
    return static_cast<int>(1000 - ms % 1000);
}

int App::run() {
    if (auto s = init_data(); !s) {
        log::error(s.error().message);
        return 2;
    }
    if (auto s = init_video(); !s) {
        log::error(s.error().message);
        return 2;
    }
    init_devices();
    create_screens();
    if (options_.script) {
        AutomationHooks hooks;
        hooks.touch = [this](bool down, ImVec2 at) { push_touch(down ? SDL_FINGERDOWN : SDL_FINGERUP, at); };
        hooks.touch_move = [this](ImVec2 at) { push_touch(SDL_FINGERMOTION, at); };
        hooks.scan = [this](const std::string& payload) {
            if (auto* sim = dynamic_cast<hal::SimScanner*>(scanner_.get())) sim->inject(payload);
            else log::warn("scan: the configured scanner is not the simulated one");
        };
        hooks.advance_idle = [this](int seconds) { idle_offset_ += std::chrono::seconds(seconds); };
        hooks.screenshot = [this](const std::string& path) { return save_screenshot(path); };
        runner_ = std::make_unique<ScriptRunner>(*options_.script, hooks);
        if (const char* check = std::getenv("ANJUNGAN_LAYOUT_CHECK"); check && std::string(check) == "1")
            runner_->check_layout({window_size(), ui::ten_millimetres_px(screen_dpi())});
    }
    service_manager_.status(config_.plain_http() ? "running; WARNING: plain HTTP to the server (server.allow_insecure)"
                                              : "running");
    while (!quit_) {
        pump_events(wait_timeout_ms());
        drain_app_events();
        update_desk_hours();
        session_->tick(now());
        // A visit ended: drop the screens' view state too (keyboard shift, scroll positions), not only the session's.
        if (session_->screen() == Screen::Attract && last_screen_ != Screen::Attract) create_screens();
        last_screen_ = session_->screen();
        // Screens and the session point into the catalogue: swap it only while nobody is using a form.
        if (pending_catalogue_ && session_->screen() == Screen::Attract) {
            catalogue_ = std::move(*pending_catalogue_);
            pending_catalogue_.reset();
            log::info("catalogue updated from the server");
        }
        if (std::chrono::steady_clock::now() >= next_retention_run_) {
            erase_old_personal_data();
            next_retention_run_ = std::chrono::steady_clock::now() + std::chrono::hours(1);
        }
        render_frame();
        if (frames_to_draw_ > 0) --frames_to_draw_;
        service_manager_.ping();
    }
    service_manager_.status("stopping");
    if (frame_stats_) report_frame_stats();
    return exit_status_;
}

}  // namespace anjungan::app
