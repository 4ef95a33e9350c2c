// The screen: SDL, GL and ImGui set-up and tear-down, input, change-only presenting, screenshots.
#include "kiosk/app/display.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <linux/kd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <cairo.h>

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

bool is_keyboard_event(const SDL_Event& e) {
    return e.type == SDL_KEYDOWN || e.type == SDL_KEYUP || e.type == SDL_TEXTINPUT || e.type == SDL_TEXTEDITING;
}

// A keyboard's text, Backspace and Enter as characters in ImGui's queue, in the order they were typed: the
// on-screen keyboard takes them from there ('\b' and '\n' included). ImGui never sees the keys themselves, so no
// shortcut or navigation of its own reaches anything.
void queue_typed(const SDL_Event& e) {
    ImGuiIO& io = ImGui::GetIO();
    if (e.type == SDL_TEXTINPUT) io.AddInputCharactersUTF8(e.text.text);
    if (e.type != SDL_KEYDOWN) return;
    if (e.key.keysym.sym == SDLK_BACKSPACE) io.AddInputCharacter('\b');
    if (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) io.AddInputCharacter('\n');
}

// FNV-1a: cheap, and a frame's draw data is small (tens of kilobytes).
void hash_bytes(std::uint64_t& h, const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
}

}  // namespace

Result<std::unique_ptr<Display>> Display::open(const DisplaySettings& settings) {
    std::unique_ptr<Display> display(new Display(settings));
    if (auto s = display->init(); !s) return s.error();
    return display;
}

Status Display::init() {
    if (settings_.headless) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // Touches arrive as finger events only; SDL's synthetic mouse events would double every tap.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return fail(std::string("SDL_Init: ") + SDL_GetError());
    sdl_ready_ = true;
    wake_event_ = SDL_RegisterEvents(1);
    waiter_.configure(SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "");
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (settings_.fullscreen && !settings_.headless) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    window_ = SDL_CreateWindow("Anjungan", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, settings_.width,
                               settings_.height, flags);
    if (!window_) return fail(std::string("SDL_CreateWindow: ") + SDL_GetError());
    gl_context_ = SDL_GL_CreateContext(window_);
    if (!gl_context_) return fail(std::string("SDL_GL_CreateContext: ") + SDL_GetError());
    SDL_GL_MakeCurrent(window_, gl_context_);
    SDL_GL_SetSwapInterval(settings_.headless ? 0 : 1);
    if (settings_.physical_keyboard) SDL_StartTextInput();
    else SDL_StopTextInput();
    if (!settings_.headless) SDL_ShowCursor(settings_.fullscreen ? SDL_DISABLE : SDL_ENABLE);
    take_console_for_graphics();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // nothing written to disk; the layout is fixed
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_);
    ImGui_ImplOpenGL3_Init("#version 150");
    imgui_ready_ = true;
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    if (!ui::setup_theme(theme_, settings_.font, settings_.font_bold, w, h))
        return fail("cannot load the fonts " + settings_.font + " and " + settings_.font_bold +
                    " (install fonts-dejavu-core or set ui.font / ui.font_bold)");
    theme_.min_target = ui::ten_millimetres_px(screen_dpi());
    // The atlas lives on the GPU from here on; the CPU copies would only hold memory.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui::GetIO().Fonts->ClearTexData();
    ImGui::GetIO().Fonts->ClearInputData();  // and the font files it was built from (a copy per size)
    return Ok{};
}

void Display::take_console_for_graphics() {
    // On KMS the kiosk's tty (tty1, its standard input under systemd) stays a text console unless told otherwise,
    // and the kernel may draw its console over the kiosk's picture. Graphics mode stops that, as compositors do;
    // systemd's TTYReset gives the console back when the kiosk ends.
    const char* driver = SDL_GetCurrentVideoDriver();
    if (!driver || std::strcmp(driver, "KMSDRM") != 0 || !isatty(STDIN_FILENO)) return;
    int mode = KD_TEXT;
    if (ioctl(STDIN_FILENO, KDGETMODE, &mode) != 0 || ioctl(STDIN_FILENO, KDSETMODE, KD_GRAPHICS) != 0) {
        log::warn(std::string("cannot put the console into graphics mode: ") + std::strerror(errno));
        return;
    }
    tty_mode_ = mode;
}

Display::~Display() {
    if (tty_mode_ >= 0) ioctl(STDIN_FILENO, KDSETMODE, tty_mode_);
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (gl_context_) SDL_GL_DeleteContext(gl_context_);
    if (window_) SDL_DestroyWindow(window_);
    if (sdl_ready_) SDL_Quit();
}

InputBatch Display::pump(int timeout_ms) {
    InputBatch batch;
    SDL_Event e;
    if (!SDL_PollEvent(&e)) {
        waiter_.wait(timeout_ms);
        if (!SDL_PollEvent(&e)) return batch;
    }
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    do {
        if (is_keyboard_event(e)) {
            // A keyboard in a public kiosk's USB port types nothing; an allowed one only types into the fields.
            if (!settings_.physical_keyboard) continue;
            queue_typed(e);
        }
        batch.any = true;
        if (e.type == SDL_QUIT) batch.quit = true;
        if (e.type == SDL_FINGERDOWN || e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_KEYDOWN) batch.touched = true;
        if (e.type == SDL_WINDOWEVENT) shown_hash_ = 0;  // exposed, resized, restored: draw again
        if (!is_keyboard_event(e) && !touch_.handle(e, w, h)) ImGui_ImplSDL2_ProcessEvent(&e);
    } while (SDL_PollEvent(&e));
    return batch;
}

void Display::notify() {
    SDL_Event wake{};
    wake.type = wake_event_;
    SDL_PushEvent(&wake);
    waiter_.notify();
}

void Display::begin_frame(bool large_text, bool high_contrast) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    touch_.apply(ImGui::GetIO());
    if (high_contrast != high_contrast_) {
        ui::apply_palette(theme_, high_contrast);
        high_contrast_ = high_contrast;
    }
    ImGui::GetIO().FontGlobalScale = large_text ? 1.3f : 1.0f;
    ImGui::NewFrame();
}

std::uint64_t Display::draw_data_hash() const {
    std::uint64_t h = 1469598103934665603ull;
    const ImDrawData* data = ImGui::GetDrawData();
    if (!data) return h;
    hash_bytes(h, &data->DisplaySize, sizeof data->DisplaySize);
    for (int i = 0; i < data->CmdListsCount; ++i) {
        const ImDrawList* list = data->CmdLists[i];
        hash_bytes(h, list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.size_in_bytes()));
        hash_bytes(h, list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.size_in_bytes()));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            hash_bytes(h, &cmd.ClipRect, sizeof cmd.ClipRect);
            hash_bytes(h, &cmd.TextureId, sizeof cmd.TextureId);
            hash_bytes(h, &cmd.ElemCount, sizeof cmd.ElemCount);
            hash_bytes(h, &cmd.IdxOffset, sizeof cmd.IdxOffset);
            hash_bytes(h, &cmd.VtxOffset, sizeof cmd.VtxOffset);
        }
    }
    return h | 1;  // never 0, which means "nothing known to be on screen"
}

bool Display::render(bool force) {
    ImGui::Render();
    // The same picture again is neither rendered nor swapped: on an idle kiosk most frames are.
    const std::uint64_t hash = draw_data_hash();
    const auto now = std::chrono::steady_clock::now();
    const auto due = next_present();
    const bool again = due && now >= *due;
    if (!force && !again && hash == shown_hash_) return false;
    // A new picture is presented once more shortly after; a repeat of the same one is not repeated again.
    if (again && hash == shown_hash_) present_again_at_.reset();
    else present_again_at_ = now + std::chrono::seconds(2);
    last_present_ = now;
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(theme_.background.x, theme_.background.y, theme_.background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    shown_hash_ = hash;
    return true;
}

std::optional<std::chrono::steady_clock::time_point> Display::next_present() const {
    if (settings_.headless) return std::nullopt;
    const auto at_least = last_present_ + std::chrono::minutes(1);
    return present_again_at_ ? std::min(*present_again_at_, at_least) : at_least;
}

void Display::swap() {
    SDL_GL_SwapWindow(window_);
    // Offscreen there is no vsync to pace us: without this, software rendering falls frames behind and a
    // screenshot or exit waits for the whole backlog.
    if (settings_.headless) glFinish();
}

void Display::skip_frame() {
    ImGui::Render();
    shown_hash_ = 0;  // what is on screen is no longer known to match
}

void Display::push_touch(std::uint32_t type, ImVec2 at) {
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

void Display::push_typed(const std::string& text) {
    const auto push_key = [this](SDL_Keycode key, SDL_Scancode code) {
        for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
            SDL_Event e{};
            e.type = type;
            e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
            e.key.keysym.sym = key;
            e.key.keysym.scancode = code;
            e.key.windowID = SDL_GetWindowID(window_);
            SDL_PushEvent(&e);
        }
    };
    for (const char c : text) {
        if (c == '\n') push_key(SDLK_RETURN, SDL_SCANCODE_RETURN);
        else if (c == '\b') push_key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE);
        else {
            SDL_Event e{};
            e.type = SDL_TEXTINPUT;
            e.text.windowID = SDL_GetWindowID(window_);
            e.text.text[0] = c;
            SDL_PushEvent(&e);
        }
    }
}

ImVec2 Display::window_size() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

float Display::screen_dpi() const {
    if (settings_.screen_dpi > 0) return static_cast<float>(settings_.screen_dpi);
    float diagonal = 0;
    const int display = window_ ? SDL_GetWindowDisplayIndex(window_) : 0;
    if (SDL_GetDisplayDPI(display < 0 ? 0 : display, &diagonal, nullptr, nullptr) == 0 && diagonal > 0) return diagonal;
    return 96.0f;  // the display cannot tell (offscreen, some KMS drivers): a desktop monitor's density
}

Status Display::save_screenshot(const std::string& path) {
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
