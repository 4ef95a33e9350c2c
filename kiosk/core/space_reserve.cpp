// The data folder's space reserve: made with real blocks while there is room, given up to let the kiosk start.
#include "kiosk/core/space_reserve.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace anjungan {
namespace {

std::string reserve_path(const std::string& dir) { return dir + "/space-reserve"; }

struct Space {
    std::uint64_t free = 0, reserve = 0;
};

Result<Space> space_of(const std::string& dir) {
    struct statvfs st {};
    if (statvfs(dir.c_str(), &st) != 0) return fail(ErrorCode::Storage, dir + ": " + std::strerror(errno));
    return Space{std::uint64_t{st.f_bavail} * st.f_frsize, space_reserve_size(std::uint64_t{st.f_blocks} * st.f_frsize)};
}

}  // namespace

std::uint64_t space_reserve_size(std::uint64_t total_bytes) {
    return std::min<std::uint64_t>(std::uint64_t{4} << 20, total_bytes / 16);
}

Status keep_space_reserve(const std::string& dir) {
    const std::string path = reserve_path(dir);
    const auto space = space_of(dir);
    if (!space) return space.error();
    const std::uint64_t size = space->reserve;
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) >= size) return Ok{};
    if (size == 0 || space->free <= 2 * size) return Ok{};
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail(ErrorCode::Storage, path + ": " + std::strerror(errno));
    // posix_fallocate gives the file real blocks (a sparse file would reserve nothing)
    const int error = posix_fallocate(fd, 0, static_cast<off_t>(size));
    const bool synced = error == 0 && ::fsync(fd) == 0;
    ::close(fd);
    if (error != 0 || !synced) {
        std::filesystem::remove(path, ec);
        return fail(ErrorCode::Storage, path + ": " + std::strerror(error != 0 ? error : errno));
    }
    return Ok{};
}

bool release_space_reserve(const std::string& dir) {
    std::error_code ec;
    return std::filesystem::remove(reserve_path(dir), ec);
}

Status keep_room_to_start(const std::string& dir) {
    std::error_code ec;
    if (std::filesystem::exists(reserve_path(dir), ec)) return Ok{};
    if (auto kept = keep_space_reserve(dir); !kept) return kept;
    if (std::filesystem::exists(reserve_path(dir), ec)) return Ok{};
    const auto space = space_of(dir);
    if (!space) return space.error();
    if (space->free < space->reserve)
        return fail(ErrorCode::StorageFull, "the data partition is full: its last " + std::to_string(space->reserve >> 10) +
                                                " KiB are kept for the kiosk to start");
    return Ok{};
}

}  // namespace anjungan
