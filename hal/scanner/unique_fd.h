// Owns a file descriptor and closes it exactly once, with ::close or a library's own close (v4l2_close).
#pragma once

#include <unistd.h>

#include <utility>

namespace anjungan::hal {

class UniqueFd {
public:
    using Closer = int (*)(int);

    UniqueFd() = default;
    explicit UniqueFd(int fd, Closer closer = ::close) : fd_(fd), closer_(closer) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)), closer_(other.closer_) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
            closer_ = other.closer_;
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    explicit operator bool() const { return valid(); }

    void reset() {
        if (fd_ >= 0) closer_(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
    Closer closer_ = ::close;
};

}  // namespace anjungan::hal
