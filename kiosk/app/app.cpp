// Application loop: sleeps when idle, drains worker events once per frame, catches exceptions per frame.
#include "kiosk/app/app.h"

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <cairo.h>
#include <imgui_internal.h>

#include "kiosk/core/calendar.h"
#include "kiosk/core/log.h"
#include "kiosk/core/opening_hours.h"
#include "kiosk/core/secrets.h"
#include "kiosk/core/server_queries.h"
#include "kiosk/core/ticket_content.h"

namespace anjungan::app {
namespace {

std::map<std::string, std::string> parse_letters(const Config& config) {
    std::map<std::string, std::string> letters;
    for (const char* code : {"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN", "BANTUAN"})
        letters[code] = config.letter_for(code);
    return letters;
}

void log_recovery(void*, const char* fmt, ...) {
    char buf[256];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    log::warn(std::string("ui recovery: ") + buf);
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
    auto catalogue = config_.catalogue.empty() ? load_catalogue(config_.data_dir + "/catalogue.json")
                                               : load_catalogue(config_.catalogue);
    if (!catalogue && config_.catalogue.empty()) catalogue = load_catalogue(options_.asset_dir + "/services.json");
    if (!catalogue) return catalogue.error();
    catalogue_ = std::move(*catalogue);
    auto translations = Translations::load(options_.asset_dir + "/i18n", {"id", "en"});
    if (!translations) return translations.error();
    translations_ = std::move(*translations);

    std::error_code ec;
    std::filesystem::create_directories(config_.data_dir, ec);
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
    session_ = std::make_unique<Session>(catalogue_, settings, config_.language, &clock_);
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
    if (!ui::setup_theme(theme_, config_.font, config_.font_bold, h))
        return fail("cannot load the fonts " + config_.font + " and " + config_.font_bold +
                    " (install fonts-dejavu-core or set ui.font / ui.font_bold)");
    // The atlas lives on the GPU from here on; the CPU copies would only hold memory.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui::GetIO().Fonts->ClearTexData();
    return Ok{};
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
    sender_ = std::make_unique<Sender>(outbox_->path(), settings, clock_, [this](const DeliveryEvent& e) { post(e); });
    if (auto s = sender_->start(); !s) log::error("sender: " + s.error().message);
    refresh_catalogue(settings.http);
}

void App::drain_outbox(std::chrono::milliseconds limit) {
    // On a clean stop, give requests that are due right now a short chance to reach the server; whatever is
    // left stays queued and goes out after the next start.
    if (!sender_ || !outbox_) return;
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        auto due = outbox_->next_due(unix_seconds(clock_.now()));
        if (!due || !*due) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void App::erase_old_personal_data() {
    std::set<std::string> personal;
    for (const auto& service : catalogue_.services)
        for (const auto& a : service.attributes)
            if (a.personal) personal.insert(a.code);
    const auto cutoff = unix_seconds(clock_.now()) - std::int64_t{config_.personal_data_days} * 86400;
    storage_->post([this, personal, cutoff] {
        auto erased = outbox_->erase_personal_fields(cutoff, personal);
        if (!erased) log::error("retention: " + erased.error().message);
        else if (*erased > 0) log::info("retention: erased personal data of " + std::to_string(*erased) + " requests");
    });
}

void App::refresh_catalogue(const HttpOptions& http_options) {
    if (!config_.catalogue.empty()) return;  // a technician pinned the catalogue to a file
    const std::string shipped_path = options_.asset_dir + "/services.json";
    const std::string saved_path = config_.data_dir + "/catalogue.json";
    network_->post([this, http_options, shipped_path, saved_path] {
        std::ifstream shipped(shipped_path);
        const std::string hints((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
        HttpClient http(http_options);
        auto fetched = fetch_catalogue(http, config_.server_url, hints);
        if (!fetched) {
            log::warn("catalogue not refreshed, keeping the last good one: " + fetched.error().message);
            return;
        }
        if (auto s = save_last_good_catalogue(saved_path, fetched->json_text); !s) log::warn(s.error().message);
        post(CatalogueUpdate{std::move(fetched->catalogue)});
    });
}

void App::look_up_ticket(const std::string& reference) {
    HttpOptions http;
    http.ca_file = config_.ca_file;
    http.public_key_pin = config_.public_key_pin;
    http.total_timeout_ms = 5000;  // a visitor is waiting
    network_->post([this, reference, http] {
        TicketLookup result{reference, std::nullopt, ""};
        auto outbox = Outbox::open(outbox_->path(), clock_);  // this thread's own connection
        if (outbox) {
            HttpClient client(http);
            auto status = lookup_ticket_status(**outbox, &client, config_.server_url, reference);
            if (status) {
                result.row = status->local;
                result.server_status = status->server_status.value_or("");
            }
        }
        post(Event{result});
    });
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
        } else if (auto* c = std::get_if<CatalogueUpdate>(&event)) {
            pending_catalogue_ = std::move(c->catalogue);
        } else if (auto* s = std::get_if<hal::ScanEvent>(&event)) {
            on_scan(*s);
        }
    }
}

void App::on_printer_event(const hal::PrinterEvent& e) {
    if (e.kind == hal::PrinterEvent::Kind::State) {
        printer_state_ = e.state;
        return;
    }
    if (e.job_id != current_print_job_) return;
    if (e.outcome == hal::JobOutcome::Completed) session_->handle(Event{PrintUpdate{PrintProgress::Printed, ""}});
    if (e.outcome == hal::JobOutcome::Failed) {
        printer_state_ = e.state;
        log::warn("print job failed: " + e.detail);
        session_->handle(Event{PrintUpdate{PrintProgress::Failed, e.detail}});
    }
}

void App::execute(const Command& command) {
    if (const auto* submit = std::get_if<SubmitCommand>(&command)) {
        const NumberingRules rules{config_.kiosk_id, config_.number_prefix};
        storage_->post([this, request = submit->request, rules] {
            auto row = outbox_->enqueue(request, rules);
            if (!row) {
                log::error("submit failed: " + row.error().message);
                post(Event{SubmitFailed{row.error().message}});
                return;
            }
            log::info("queued " + row->reference + " (" + row->service_code + ")");
            post(Event{TicketIssued{*row}});
            if (sender_) sender_->wake();
        });
    } else if (const auto* lookup = std::get_if<LookupCommand>(&command)) {
        look_up_ticket(lookup->reference);
    } else if (const auto* print = std::get_if<PrintCommand>(&command)) {
        if (!printer_) {
            session_->handle(Event{PrintUpdate{PrintProgress::Failed, "no printer"}});
            return;
        }
        current_print_job_ = printer_->submit(
            build_ticket_content(print->row, config_, *translations_, session_->language()));
    }
}

void App::apply(const screens::Intents& intents) {
    for (const auto& intent : intents) session_->handle(intent, now());
    for (const auto& command : session_->take_commands()) execute(command);
}

void App::draw_screens(screens::Intents& intents) {
    std::string state_key = std::string("printer.") + hal::to_string(printer_state_);
    std::replace(state_key.begin(), state_key.end(), ' ', '_');
    const std::string printer_status = translations_->get(session_->language(), state_key);
    screens::ViewContext view{*session_, *translations_, config_, catalogue_, theme_, printer_status, desk_opens_text(),
                              clock_.now(), now()};
    const ImGuiIO& io = ImGui::GetIO();
    // Reach layout: the screen's content moves into the lower part, within reach from a wheelchair.
    const float top = session_->accessibility().reach ? io.DisplaySize.y * 0.35f : 0.0f;
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - top));
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    screens_.at(session_->screen())->draw(view, intents);
    ImGui::End();
    if (session_->asking_still_there()) still_there_->draw(view, intents);
    draw_notice();
}

void App::create_screens() {
    screens_[Screen::Attract] = screens::make_attract_screen();
    screens_[Screen::Language] = screens::make_language_screen();
    screens_[Screen::Home] = screens::make_home_screen();
    screens_[Screen::Unavailable] = screens::make_unavailable_screen();
    screens_[Screen::Intro] = screens::make_intro_screen();
    screens_[Screen::Form] = screens::make_form_screen();
    screens_[Screen::Consent] = screens::make_consent_screen();
    screens_[Screen::HelpCalled] = screens::make_help_called_screen();
    screens_[Screen::CheckTicket] = screens::make_check_ticket_screen();
    screens_[Screen::TicketStatus] = screens::make_ticket_status_screen();
    screens_[Screen::Review] = screens::make_review_screen();
    screens_[Screen::Ticket] = screens::make_ticket_screen();
    screens_[Screen::Done] = screens::make_done_screen();
    still_there_ = screens::make_still_there_overlay();
}

void App::update_desk_hours() {
    const auto hours = parse_opening_hours(config_.hours);
    const auto holidays = parse_holidays(config_.holidays);
    if (!hours || !holidays) return;  // validated at start-up; nothing to do if it somehow fails
    const LocalTime local = to_local(clock_.now());
    session_->set_desk_open(desk_open(*hours, *holidays, local));
    next_opening_ = next_opening(*hours, *holidays, local);
}

std::string App::desk_opens_text() const {
    if (!next_opening_) return translations_->get(session_->language(), "closed.unknown");
    char clock[24];
    std::snprintf(clock, sizeof clock, "%02d:%02d", next_opening_->minute / 60, next_opening_->minute % 60);
    return long_date(to_local_time(next_opening_->date), session_->language()) + " " + clock;
}

void App::on_scan(const hal::ScanEvent& event) {
    if (!event.is_payload()) {
        scanner_state_ = event.state;
        return;
    }
    // The core checks and classifies every payload (and logs it without its content): a barcode never types.
    const auto outcome = scans_->interpret(event.payload);
    if (!outcome) return;  // the same code again within 2 s
    if (const auto* ticket = std::get_if<scan::CheckTicket>(&*outcome)) {
        session_->handle(Intent{Intent::Kind::LookupTicket, ticket->reference}, now());
        for (const auto& command : session_->take_commands()) execute(command);
    } else if (std::holds_alternative<scan::TechnicianCard>(*outcome)) {
        show_notice("scan.card_accepted");  // technician mode itself comes with its own issue
    } else if (const auto* refused = std::get_if<scan::Refused>(&*outcome)) {
        using R = scan::RefusalReason;
        const bool card = refused->reason == R::CardMalformed || refused->reason == R::CardUnsupported ||
                          refused->reason == R::CardNoKey || refused->reason == R::CardForged ||
                          refused->reason == R::CardExpired;
        show_notice(card ? "scan.card_refused" : "scan.refused");
    } else {
        show_notice("scan.not_recognised");
    }
    frames_to_draw_ = 3;
}

void App::show_notice(const std::string& key) {
    notice_key_ = key;
    notice_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(5);
}

void App::draw_notice() {
    if (notice_key_.empty() || std::chrono::steady_clock::now() >= notice_until_) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(display.x * 0.7f, theme_.px(160));
    ImGui::SetNextWindowPos(ImVec2((display.x - size.x) / 2, display.y * 0.4f));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme_.primary);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_.primary_text);
    ImGui::Begin("##notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoInputs);
    ui::text_centered(translations_->get(session_->language(), notice_key_), ImGui::GetContentRegionAvail().x);
    ImGui::End();
    ImGui::PopStyleColor(2);
}

void App::speak_screen() {
    // With speech on, each new screen's title is read aloud, and the ticket number on the ticket screen.
    if (!speech_ || !session_->accessibility().speech) {
        last_spoken_.clear();
        return;
    }
    static const std::map<Screen, const char*> titles = {
        {Screen::Attract, "attract.touch_to_start"}, {Screen::Language, "language.title"},
        {Screen::Home, "home.title"},                 {Screen::Unavailable, "unavailable.title"},
        {Screen::Consent, "consent.title"},           {Screen::Review, "review.title"},
        {Screen::Done, "done.title"},                 {Screen::HelpCalled, "help.sent"},
        {Screen::CheckTicket, "check.title"},         {Screen::TicketStatus, "status.title"}};
    const std::string& lang = session_->language();
    std::string text;
    if (session_->screen() == Screen::Ticket && session_->ticket())
        text = translations_->get(lang, "ticket.your_number") + " " + session_->ticket()->number;
    else if (const auto it = titles.find(session_->screen()); it != titles.end())
        text = translations_->get(lang, it->second);
    else if (session_->service())
        text = translations_->get(lang, "service." + session_->service()->code + ".name");
    if (text.empty() || text == last_spoken_) return;
    last_spoken_ = text;
    speech_->set_volume(session_->accessibility().volume);
    speech_->say(text, lang);
    log::info("speech: " + text);  // titles and ticket numbers only, never what a visitor typed
}

void App::apply_accessibility() {
    const Accessibility& a = session_->accessibility();
    if (a.high_contrast != theme_high_contrast_) {
        ui::apply_palette(theme_, a.high_contrast);
        theme_high_contrast_ = a.high_contrast;
    }
    ImGui::GetIO().FontGlobalScale = a.large_text ? 1.3f : 1.0f;
}

namespace {

std::chrono::nanoseconds thread_cpu_time() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

void App::render_frame() {
    const auto cpu_before = thread_cpu_time();
    const Screen screen = session_->screen();
    screens::Intents intents;
    try {
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        touch_.apply(ImGui::GetIO());
        apply_accessibility();
        ImGui::NewFrame();
        ui::frame_record().clear();
        draw_screens(intents);
        ImGui::Render();
    } catch (const std::exception& e) {
        // One bad frame must not take the kiosk down: recover ImGui's stacks and start the visitor over.
        log::error(std::string("frame failed: ") + e.what());
        ImGui::ErrorCheckEndFrameRecover(log_recovery);
        ImGui::EndFrame();
        session_->handle(Intent{Intent::Kind::Cancel}, now());
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(theme_.background.x, theme_.background.y, theme_.background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (runner_) {
        const auto outcome = runner_->after_frame(ui::frame_record(), std::chrono::steady_clock::now());
        if (outcome != ScriptRunner::Outcome::Running) {
            quit_ = true;
            exit_status_ = outcome == ScriptRunner::Outcome::Passed ? 0 : 1;
            if (exit_status_) std::fprintf(stderr, "script failed: %s\n", runner_->failure().c_str());
        }
    }
    SDL_GL_SwapWindow(window_);
    // Offscreen there is no vsync to pace us: without this, software rendering falls frames behind and a
    // screenshot or exit waits for the whole backlog.
    if (options_.headless) glFinish();
    if (!first_frame_shown_) {
        first_frame_shown_ = true;
        service_manager_.ready();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                              options_.started).count();
        log::info("ready: first frame " + std::to_string(ms) + " ms after start");
    }
    if (frame_stats_) {
        auto& stat = frame_cpu_[screen];
        stat.first += thread_cpu_time() - cpu_before;
        ++stat.second;
    }
    apply(intents);
    speak_screen();
}

void App::report_frame_stats() const {
    // ANJUNGAN_FRAME_STATS=1: the UI thread's CPU time per frame on each screen (SPEC §10: < 2 ms), for the bench.
    for (const auto& [screen, stat] : frame_cpu_)
        std::fprintf(stderr, "frame-cpu %-14s %5d frames  mean %.3f ms\n", to_string(screen), stat.second,
                     std::chrono::duration<double, std::milli>(stat.first).count() / stat.second);
}

Status App::save_screenshot(const std::string& path) {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    const int stride = cairo_image_surface_get_stride(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    std::vector<unsigned char> rows(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, w, h, GL_BGRA, GL_UNSIGNED_BYTE, rows.data());
    for (int y = 0; y < h; ++y)  // GL's rows run bottom-up
        std::memcpy(data + static_cast<size_t>(y) * stride, rows.data() + static_cast<size_t>(h - 1 - y) * w * 4,
                    static_cast<size_t>(w) * 4);
    cairo_surface_mark_dirty(surface);
    const cairo_status_t status = cairo_surface_write_to_png(surface, path.c_str());
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) return fail("cannot write " + path + ": " + cairo_status_to_string(status));
    return Ok{};
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
        hooks.touch = [this](bool down, ImVec2 at) {
            int w = 0, h = 0;
            SDL_GL_GetDrawableSize(window_, &w, &h);
            SDL_Event e{};
            e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
            e.tfinger.touchId = 1;
            e.tfinger.fingerId = 1;
            e.tfinger.x = at.x / static_cast<float>(w);
            e.tfinger.y = at.y / static_cast<float>(h);
            e.tfinger.pressure = down ? 1.0f : 0.0f;
            e.tfinger.windowID = SDL_GetWindowID(window_);
            SDL_PushEvent(&e);
        };
        hooks.scan = [this](const std::string& payload) {
            if (auto* sim = dynamic_cast<hal::SimScanner*>(scanner_.get())) sim->inject(payload);
            else log::warn("scan: the configured scanner is not the simulated one");
        };
        hooks.advance_idle = [this](int seconds) { idle_offset_ += std::chrono::seconds(seconds); };
        hooks.screenshot = [this](const std::string& path) { return save_screenshot(path); };
        runner_ = std::make_unique<ScriptRunner>(*options_.script, hooks);
    }
    service_manager_.status("running");
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
