// Updates from a stick: bundles listed and checked before anything is written, installs in a worker with
// progress events, refusals and failures in plain words.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "kiosk/maintenance/update.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kDevice = "anjungan-kiosk-x86_64";

// A simulated RAUC with a stick holding a good bundle, one for another device and one with a bad signature.
struct Stick {
    test::TempDir dir;
    std::shared_ptr<SimulatedRauc> rauc = std::make_shared<SimulatedRauc>();
    std::string good = dir.path() + "/anjungan-0.3.0.raucb";
    std::string other = dir.path() + "/other-device.raucb";
    std::string unsigned_bundle = dir.path() + "/tampered.raucb";
    Stick() {
        for (const auto& p : {good, other, unsigned_bundle}) test::write_file(p, "bundle");
        test::write_file(dir.path() + "/notes.txt", "not a bundle");
        rauc->slot_status.compatible = kDevice;
        rauc->bundles = {{good, kDevice, "0.3.0"}, {other, "acme-signage-arm64", "7.0"}};
        rauc->bad = {{unsigned_bundle, "signature verification failed"}};
    }
};

// Collects the events the update worker sends, and waits for the one that ends a job.
struct Events {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<UpdateEvent> seen;
    UpdateSink sink() {
        return [this](const UpdateEvent& e) {
            std::lock_guard lock(mutex);
            seen.push_back(e);
            changed.notify_all();
        };
    }
    UpdateEvent wait_for_end() {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(10), [&] {
            return !seen.empty() && seen.back().kind != UpdateEvent::Kind::Progress;
        });
        REQUIRE(!seen.empty());
        return seen.back();
    }
};

}  // namespace

TEST_CASE("The bundles on a stick are listed with version and compatible, a foreign or unsigned one refused",
          "[maintenance][update]") {
    Stick stick;
    const auto list = list_bundles(*stick.rauc, stick.dir.path());
    REQUIRE(list);
    REQUIRE(list->size() == 3);
    CHECK((*list)[0].info.path == stick.good);
    CHECK((*list)[0].installable());
    CHECK((*list)[0].info.version == "0.3.0");
    CHECK((*list)[1].info.path == stick.other);
    CHECK((*list)[1].refusal == "made for another device (acme-signage-arm64; this kiosk is anjungan-kiosk-x86_64)");
    CHECK((*list)[2].info.path == stick.unsigned_bundle);
    CHECK_THAT((*list)[2].refusal, Contains("signature verification failed"));
    CHECK_FALSE(list_bundles(*stick.rauc, stick.dir.path() + "/gone"));
}

TEST_CASE("An install runs in the worker and reports each percentage, then installed", "[maintenance][update]") {
    Stick stick;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    REQUIRE(service.install(stick.good));
    const auto end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::Installed);
    CHECK(end.message == "0.3.0");
    std::vector<int> percents;
    for (const auto& e : events.seen)
        if (e.kind == UpdateEvent::Kind::Progress) percents.push_back(e.percent);
    CHECK(percents == std::vector<int>{0, 20, 40, 80, 100});
    CHECK(stick.rauc->installed() == std::vector<std::string>{stick.good});
}

TEST_CASE("A bundle for another device or with a bad signature is refused before anything is written",
          "[maintenance][update]") {
    Stick stick;
    for (const auto& bundle : {stick.other, stick.unsigned_bundle}) {
        Events events;
        UpdateService service(stick.rauc, events.sink());
        REQUIRE(service.install(bundle));
        const auto end = events.wait_for_end();
        CHECK(end.kind == UpdateEvent::Kind::Refused);
        CHECK(events.seen.size() == 1);  // no progress: RAUC was never asked to install
    }
    CHECK(stick.rauc->installed().empty());
}

TEST_CASE("A failed install says why and where it stopped", "[maintenance][update]") {
    Stick stick;
    stick.rauc->fail_at_percent = 80;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    REQUIRE(service.install(stick.good));
    const auto end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::Failed);
    CHECK(end.percent == 40);
    CHECK_THAT(end.message, Contains("No space left on device"));
    CHECK(stick.rauc->installed().empty());
}

TEST_CASE("A listing runs in the worker and arrives as one event", "[maintenance][update]") {
    Stick stick;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    service.list(stick.dir.path());
    const auto end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::BundlesListed);
    CHECK(end.bundles.size() == 3);
}
