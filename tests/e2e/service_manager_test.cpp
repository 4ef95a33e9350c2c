// The kiosk talks to systemd: READY once the first frame is shown, WATCHDOG pings from the loop, STATUS lines.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <set>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

TEST_CASE("The kiosk reports READY, WATCHDOG and STATUS on the notify socket", "[e2e][watchdog]") {
    test::TempDir dir;
    const std::string socket_path = dir.path() + "/notify.sock";
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    // Read as systemd does, while the kiosk runs: a unix datagram queue holds only a few unread messages.
    std::vector<std::string> messages;
    std::atomic<bool> reading{true};
    std::thread reader([&] {
        char buffer[512];
        while (reading) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 50) > 0) {
                const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
                if (n > 0) messages.emplace_back(buffer, static_cast<size_t>(n));
            }
        }
    });
    setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
    setenv("WATCHDOG_USEC", "200000", 1);
    const auto run = test::run_kiosk_script(dir.path(), "expect start\nwait 1200\n", {"--data-dir", dir.path() + "/d"});
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    reading = false;
    reader.join();
    close(fd);
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const std::set<std::string> seen(messages.begin(), messages.end());
    CHECK(seen.count("READY=1") == 1);
    CHECK(seen.count("STATUS=running") == 1);
    CHECK(seen.count("WATCHDOG=1") == 1);
    const auto pings = std::count(messages.begin(), messages.end(), "WATCHDOG=1");
    CHECK(pings >= 5);  // every 100 ms (half the interval) over about 1.2 s
}
