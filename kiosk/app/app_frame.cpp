// Drawing one frame: the screens, overlays, accessibility, speech, screenshots and frame statistics.
#include "kiosk/app/app.h"

#include <algorithm>
#include <cstdarg>
#include <ctime>

#include <imgui_internal.h>

#include "kiosk/core/log.h"
#include "kiosk/core/open311.h"

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
    const hal::PrinterState printer = services_->status().printer;
    std::string state_key = std::string("printer.") + hal::to_string(printer);
    std::replace(state_key.begin(), state_key.end(), ' ', '_');
    const Translations& tr = services_->translations();
    const std::string printer_status = tr.get(session_->language(), state_key);
    using S = hal::PrinterState;
    const bool cannot_print = printer == S::PaperOut || printer == S::Offline || printer == S::Error;
    screens::ViewContext view{*session_,          tr,
                              config_,            services_->holidays(),
                              services_->catalogue(), display_->theme(),
                              printer_status,     desk_opens_text(),
                              services_->clock().now(), now(),
                              cannot_print ? printer_status : ""};
    const ImGuiIO& io = ImGui::GetIO();
    // Reach layout: the screen's content moves into the lower part, within reach from a wheelchair.
    // A notice takes a band at the top, so the screen moves below it rather than under it.
    const float top = std::max(session_->accessibility().reach ? io.DisplaySize.y * 0.3f : 0.0f,
                               notice_showing() ? notice_height() : 0.0f);
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - top));
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    // "Are you still there?" is modal: what lies behind it can be neither touched nor found by automation.
    const bool modal = session_->asking_still_there();
    ImGui::BeginDisabled(modal);
    // A ticket scanned during a form waits for the visitor's answer; the form stays untouched underneath.
    if (!session_->pending_scan().empty()) screens::draw_scan_confirm(view, intents);
    else if (const auto draw = screens::stateless_screen(session_->screen())) draw(view, intents);
    else stateful_screens_.at(session_->screen())->draw(view, intents);
    ImGui::EndDisabled();
    ImGui::End();
    if (modal) {
        intents.clear();
        ui::frame_record().clear();
        screens::draw_still_there(view, intents);
    }
    draw_notice();
}

void App::create_screens() {
    stateful_screens_[Screen::Form] = screens::make_form_screen();
    stateful_screens_[Screen::CheckTicket] = screens::make_check_ticket_screen();
}

void App::draw_notice() {
    if (!notice_showing()) return;
    const ui::Theme& theme = display_->theme();
    // A band across the top, over the title and never over a control: the screens keep their controls below
    // the title (and the reach layout leaves the whole top free).
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const ImVec2 size(display.x, notice_height());
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme.primary);
    ImGui::PushStyleColor(ImGuiCol_Text, theme.primary_text);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme.px(24), theme.px(20)));
    ImGui::Begin("##notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoInputs);
    const std::string& text = services_->translations().get(session_->language(), notice_key_);
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
    if (!session_->accessibility().speech) {
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
    const Translations& tr = services_->translations();
    std::string text;
    if (session_->screen() == Screen::Ticket && session_->ticket())
        text = tr.get(lang, "ticket.your_number") + " " + session_->ticket()->number;
    else if (const auto it = titles.find(session_->screen()); it != titles.end())
        text = tr.get(lang, it->second);
    else if (session_->service())
        text = tr.get(lang, "service." + session_->service()->code + ".name");
    if (text.empty() || text == last_spoken_) return;
    last_spoken_ = text;
    services_->say(text, lang, session_->accessibility().volume);
    log::info("speech: " + text);  // titles and ticket numbers only, never what a visitor typed
}

void App::render_frame() {
    const auto cpu_before = thread_cpu_time();
    const Screen screen = session_->screen();
    screens::Intents intents;
    screens::TechnicianIntents technician_intents;
    screens::PinPadIntents pin_intents;
    try {
        build_frame(intents, technician_intents, pin_intents);
    } catch (const std::exception& e) {
        // One bad frame must not take the kiosk down: recover ImGui's stacks and start the visitor over.
        log::error(std::string("frame failed: ") + e.what());
        ImGui::ErrorCheckEndFrameRecover(log_recovery);
        ImGui::EndFrame();
        session_->handle(intent::Cancel{}, now());
        return;
    }
    // A layout check needs ImGui's geometry, not pixels: software GL is skipped but for its screenshots. A
    // script's screenshot reads the pixels, so under a script every frame is rendered.
    bool drawn = false;
    if (runner_ && !runner_->needs_pixels()) display_->skip_frame();
    else drawn = display_->render(runner_ != nullptr);
    if (runner_) {
        const auto outcome = runner_->after_frame(ui::frame_record(), std::chrono::steady_clock::now());
        if (outcome != ScriptRunner::Outcome::Running) {
            quit_ = true;
            exit_status_ = outcome == ScriptRunner::Outcome::Passed ? 0 : 1;
            if (exit_status_) std::fprintf(stderr, "script failed: %s\n", runner_->failure().c_str());
        }
    }
    if (drawn) display_->swap();
    control_map_.after_frame(ui::frame_record());
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
    apply(technician_intents);
    apply(pin_intents);
    speak_screen();
}

void App::build_frame(screens::Intents& intents, screens::TechnicianIntents& technician_intents,
                      screens::PinPadIntents& pin_intents) {
    const Accessibility& a = session_->accessibility();
    // Technician mode has its own text size; the visitor's choices ended with the visit.
    if (technician_->is_open()) display_->begin_frame(technician_->large_text(), false);
    else display_->begin_frame(a.large_text, a.high_contrast);
    ui::frame_record().clear();
    if (technician_->is_open()) {
        draw_technician(technician_intents);
    } else if (pin_pad_->is_open()) {
        draw_pin_pad(pin_intents);
    } else {
        draw_screens(intents);
        if (screens::technician_corner_held(display_->theme(), std::chrono::milliseconds(config_.corner_hold_ms)))
            pin_intents.emplace_back(std::in_place_type<pin_intent::Open>);  // GCC 12 misreads a pushed temporary
    }
}

void App::draw_technician(screens::TechnicianIntents& intents) {
    const auto& status = services_->status_snapshot();
    const screens::TechnicianView view{technician_->who(),
                                       status,
                                       status ? delivery_error_hint(status->outbox.last_error) : "",
                                       services_->translations(),
                                       config_.language,
                                       display_->theme(),
                                       services_->update_state(),
                                       *technician_,
                                       config_};
    begin_technician_window("##technician");
    switch (technician_->page()) {
    case TechnicianPage::Status: screens::draw_technician_status(view, intents); break;
    case TechnicianPage::Reprint: screens::draw_technician_reprint(view, intents); break;
    case TechnicianPage::Logs: screens::draw_technician_logs(view, intents); break;
    case TechnicianPage::Settings: screens::draw_technician_settings(view, intents); break;
    case TechnicianPage::Update: screens::draw_technician_update(view, intents); break;
    case TechnicianPage::Reboot: screens::draw_technician_reboot(view, intents); break;
    }
    ImGui::End();
    draw_notice();
}

void App::report_frame_stats() const {
    // ANJUNGAN_FRAME_STATS=1: the UI thread's CPU time per frame on each screen (SPEC §10: < 2 ms), for the bench.
    for (const auto& [screen, stat] : frame_cpu_)
        std::fprintf(stderr, "frame-cpu %-14s %5d frames  mean %.3f ms\n", to_string(screen), stat.second,
                     std::chrono::duration<double, std::milli>(stat.first).count() / stat.second);
}

}  // namespace anjungan::app
