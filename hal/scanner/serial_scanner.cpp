// Serial backend: a raw tty, read without blocking, split into payloads at CR or LF.
#include "hal/scanner/serial_scanner.h"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace anjungan::hal {

namespace {

struct BaudSpeed {
    int baud;
    speed_t speed;
};

constexpr BaudSpeed kSpeeds[] = {
    {1200, B1200},   {2400, B2400},     {4800, B4800},     {9600, B9600},     {19200, B19200},   {38400, B38400},
    {57600, B57600}, {115200, B115200}, {230400, B230400}, {460800, B460800}, {921600, B921600},
};

// Raw 8N1 without flow control, so that every byte arrives as sent and none is interpreted.
bool configure_raw(int fd, speed_t speed) {
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) return false;
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(CSTOPB | CRTSCTS);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    return ::tcsetattr(fd, TCSANOW, &tio) == 0;
}

}  // namespace

std::optional<speed_t> termios_speed(int baud) {
    for (const auto& entry : kSpeeds)
        if (entry.baud == baud) return entry.speed;
    return std::nullopt;
}

SerialBackend::SerialBackend(std::string path, SerialOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

std::variant<int, DeviceProblem> SerialBackend::open() {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        const int error = errno;
        // EIO: a tty whose other end is gone (a pty with its master closed) is as good as unplugged.
        if (error == ENOENT || error == ENODEV || error == ENXIO || error == EIO)
            return DeviceProblem{ScannerState::Unplugged, path_ + ": not present"};
        return DeviceProblem{ScannerState::Failed, path_ + ": " + std::strerror(error)};
    }
    const auto speed = termios_speed(options_.baud);
    if (!speed || !configure_raw(fd.get(), *speed))
        return DeviceProblem{ScannerState::Failed,
                             path_ + ": not a serial port at " + std::to_string(options_.baud) + " baud"};
    // Nobody else may open the port and steal bytes; what arrived before we listened is stale.
    ::ioctl(fd.get(), TIOCEXCL);
    ::tcflush(fd.get(), TCIFLUSH);
    partial_.clear();
    pending_ = false;
    fd_ = std::move(fd);
    return fd_.get();
}

std::optional<DeviceProblem> SerialBackend::on_readable() {
    char buffer[512];
    const ssize_t length = ::read(fd_.get(), buffer, sizeof buffer);
    if (length < 0 && (errno == EAGAIN || errno == EINTR)) return std::nullopt;
    // A hang-up reads as end of file; an unplugged CDC-ACM device or a closed pty master as EIO.
    if (length <= 0)
        return DeviceProblem{ScannerState::Unplugged,
                             path_ + ": " + (length == 0 ? std::string("hung up") : std::strerror(errno))};
    for (ssize_t i = 0; i < length; ++i) take(buffer[i]);
    if (pending_) last_byte_ = std::chrono::steady_clock::now();
    return std::nullopt;
}

void SerialBackend::take(char byte) {
    if (options_.terminators.find(byte) != std::string::npos) return finish();
    pending_ = true;
    if (partial_.size() < kMaxBytes) partial_.push_back(byte);
}

void SerialBackend::finish() {
    if (!pending_) return;  // the LF of a CR LF pair, or a bare terminator
    pending_ = false;
    deliver(std::exchange(partial_, {}));
}

int SerialBackend::timeout_ms() {
    if (!pending_) return -1;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(last_byte_ + options_.inter_byte_timeout -
                                                                            std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(left.count()) + 1;
}

void SerialBackend::on_timeout() {
    if (!pending_ || std::chrono::steady_clock::now() - last_byte_ < options_.inter_byte_timeout) return;
    if (options_.deliver_on_timeout) return finish();
    ++dropped_;
    partial_.clear();
    pending_ = false;
}

}  // namespace anjungan::hal
