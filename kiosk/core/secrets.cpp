// Reading secret files with a permission check.
#include "kiosk/core/secrets.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace anjungan {

Result<std::string> read_secret_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Permission,
                    path + ": cannot open the secret file: " + std::strerror(errno));
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return fail(path + ": not a regular file");
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
        return fail(ErrorCode::Permission, path + ": group or others may read it (mode " + mode + "); make it readable by the kiosk user only "
                    "(chmod 600)");
    }
    std::string text;
    char buf[512];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
        text.append(buf, static_cast<size_t>(n));
        if (text.size() > 4096) return fail(path + ": too large for a secret");
    }
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return fail(path + ": the secret file is empty");
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace anjungan
