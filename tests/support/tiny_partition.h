// A tiny real file system (a 2 MiB tmpfs) that tests fill up to the last byte: the data partition full.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "tests/support/process.h"

namespace anjungan::test {

// A 2 MiB tmpfs mounted on a temporary folder for the test's life (needs CAP_SYS_ADMIN, as tests run as root).
struct TinyPartition {
    test::TempDir dir;
    std::string mount_error;
    TinyPartition() {
        if (::mount("tmpfs", dir.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=0700") != 0)
            mount_error = std::strerror(errno);
    }
    ~TinyPartition() {
        if (mount_error.empty()) ::umount2(dir.path().c_str(), MNT_DETACH);
    }
    // Whether the tmpfs is there; a test returns early (with a warning, never a pass that proved nothing) when not.
    bool mounted() const {
        if (mount_error.empty()) return true;
        WARN("skipped: cannot mount a tmpfs here (" + mount_error + "); the test needs CAP_SYS_ADMIN");
        return false;
    }
    TinyPartition(const TinyPartition&) = delete;
    TinyPartition& operator=(const TinyPartition&) = delete;

    // Writes a ballast file until the partition has no byte left.
    void fill() const {
        const int fd = ::open(ballast().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        const std::string block(4096, 'b');
        while (::write(fd, block.data(), block.size()) > 0) {
        }
        CHECK(errno == ENOSPC);
        ::close(fd);
    }
    void free_space() const { std::filesystem::remove(ballast()); }
    std::string ballast() const { return dir.path() + "/ballast"; }
};

}  // namespace anjungan::test
