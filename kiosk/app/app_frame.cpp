// Drawing one frame: the screens, overlays, accessibility, speech, screenshots and frame statistics.
#include "kiosk/app/app.h"

#include <cstdarg>
#include <cstring>
#include <ctime>

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <cairo.h>
#include <imgui_internal.h>

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

void log_recovery(void*, const char* fmt, ...) {
    char buf[256];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    log::warn(std::string("ui recovery: ") + buf);
}

std::chrono::nanoseconds thread_cpu_time() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

void App::draw_screens(screens::Intents& intents) {
    std::string state_key = std::string("printer.") + hal::to_string(printer_state_);
    std::replace(state_key.begin(), state_key.end(), ' ', '_');
    const std::string printer_status = translations_->get(session_->language(), state_key);
    using S = hal::PrinterState;
    const bool cannot_print = printer_state_ == S::PaperOut || printer_state_ == S::Offline || printer_state_ == S::Error;
    screens::ViewContext view{*session_, *translations_, config_, holidays_, catalogue_, theme_, printer_status, desk_opens_text(),
                              clock_.now(), now(), cannot_print ? printer_status : ""};
    const ImGuiIO& io = ImGui::GetIO();
    // Reach layout: the screen's content moves into the lower part, within reach from a wheelchair.
    // A notice takes a band at the top, so the screen moves below it rather than under it.
    const bool notice = !notice_key_.empty() && std::chrono::steady_clock::now() < notice_until_;
    const float top = std::max(session_->accessibility().reach ? io.DisplaySize.y * 0.3f : 0.0f,
                               notice ? notice_height() : 0.0f);
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - top));
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    // "Are you still there?" is modal: what lies behind it can be neither touched nor found by automation.
    const bool modal = session_->asking_still_there();
    ImGui::BeginDisabled(modal);
    // A ticket scanned during a form waits for the visitor's answer; the form stays untouched underneath.
    if (!session_->pending_scan().empty()) scan_confirm_->draw(view, intents);
    else screens_.at(session_->screen())->draw(view, intents);
    ImGui::EndDisabled();
    ImGui::End();
    if (modal) {
        intents.clear();
        ui::frame_record().clear();
        still_there_->draw(view, intents);
    }
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
    screens_[Screen::Queue] = screens::make_queue_screen();
    screens_[Screen::Ticket] = screens::make_ticket_screen();
    screens_[Screen::Done] = screens::make_done_screen();
    still_there_ = screens::make_still_there_overlay();
    scan_confirm_ = screens::make_scan_confirm_screen();
}

void App::draw_notice() {
    if (notice_key_.empty() || std::chrono::steady_clock::now() >= notice_until_) return;
    // A band across the top, over the title and never over a control: the screens keep their controls below
    // the title (and the reach layout leaves the whole top free).
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(display.x, notice_height());
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme_.primary);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_.primary_text);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme_.px(24), theme_.px(20)));
    ImGui::Begin("##notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoInputs);
    const std::string& text = translations_->get(session_->language(), notice_key_);
    ImGui::SetCursorPosX(std::max(0.0f, (size.x - ImGui::CalcTextSize(text.c_str()).x) / 2));
    ImGui::TextUnformatted(text.c_str());
    ImGui::End();
    ImGui::PopStyleVar();
    // Recorded for `expect`, without a place: it covers only the title's text, for a few seconds.
    ui::frame_record().texts.push_back(ui::ShownText(text));
    ImGui::PopStyleColor(2);
    ui::frame_record().covers.push_back({ImVec2(0, 0), size});
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
    // A layout check needs ImGui's geometry, not pixels: software GL is skipped but for its screenshots.
    const bool pixels = !runner_ || runner_->needs_pixels();
    const ImGuiIO& io = ImGui::GetIO();
    if (pixels) {
        glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
                   static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
        glClearColor(theme_.background.x, theme_.background.y, theme_.background.z, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    }
    if (runner_) {
        const auto outcome = runner_->after_frame(ui::frame_record(), std::chrono::steady_clock::now());
        if (outcome != ScriptRunner::Outcome::Running) {
            quit_ = true;
            exit_status_ = outcome == ScriptRunner::Outcome::Passed ? 0 : 1;
            if (exit_status_) std::fprintf(stderr, "script failed: %s\n", runner_->failure().c_str());
        }
    }
    if (pixels) {
        SDL_GL_SwapWindow(window_);
        // Offscreen there is no vsync to pace us: without this, software rendering falls frames behind and a
        // screenshot or exit waits for the whole backlog.
        if (options_.headless) glFinish();
    }
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

}  // namespace anjungan::app
