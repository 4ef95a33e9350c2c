// Updates from a stick: bundles listed and checked before anything is written, installs in a worker with
// progress events, refusals and failures in plain words.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "kiosk/maintenance/update.h"
#include "kiosk/maintenance/update_state.h"
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
    void wait_for_count(std::size_t count) {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() >= count; });
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

TEST_CASE("A listing names this device and its slots, and the refusal's kind", "[maintenance][update]") {
    Stick stick;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    service.list(stick.dir.path());
    const auto end = events.wait_for_end();
    CHECK(end.compatible == kDevice);
    CHECK(end.running_slot == "A");
    CHECK(end.target_slot == "B");
    CHECK(end.next_boot == "A");
    REQUIRE(end.bundles.size() == 3);
    CHECK(end.bundles[0].kind == BundleChoice::Refusal::None);
    CHECK(end.bundles[1].kind == BundleChoice::Refusal::OtherDevice);
    CHECK(end.bundles[2].kind == BundleChoice::Refusal::NotSigned);
}

TEST_CASE("A folder is listed again only when its bundles change", "[maintenance][update]") {
    Stick stick;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    service.list(stick.dir.path());
    events.wait_for_end();
    service.list_if_changed(stick.dir.path());
    service.list(stick.dir.path() + "/gone");  // a marker: the worker runs jobs in order
    events.wait_for_count(2);
    REQUIRE(events.seen.size() == 2);  // the unchanged folder was not listed again
    CHECK_FALSE(events.seen.back().message.empty());
    test::write_file(stick.dir.path() + "/anjungan-0.4.0.raucb", "bundle");
    service.list_if_changed(stick.dir.path());
    events.wait_for_count(3);
    REQUIRE(events.seen.size() == 3);
    CHECK(events.seen.back().bundles.size() == 4);
}

TEST_CASE("A successful install is the next boot's, as RAUC then reports, and a failed one changes nothing",
          "[maintenance][update]") {
    Stick stick;
    Events events;
    UpdateService service(stick.rauc, events.sink());
    stick.rauc->fail_at_percent = 80;
    REQUIRE(service.install(stick.good));
    auto end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::Failed);
    CHECK(end.running_slot == "A");
    CHECK(end.next_boot == "A");
    CHECK_FALSE(end.bundle_gone);
    REQUIRE(stick.rauc->status()->other_slot());
    CHECK(stick.rauc->status()->other_slot()->version == "-");
    stick.rauc->fail_at_percent = -1;
    events.seen.clear();
    while (service.installing()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(service.install(stick.good));
    end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::Installed);
    CHECK(end.target_slot == "B");
    CHECK(end.next_boot == "B");
    CHECK(stick.rauc->status()->other_slot()->version == "0.3.0");
}

TEST_CASE("An install whose bundle goes away half way fails and says so", "[maintenance][update]") {
    test::TempDir dir;
    auto rauc = std::make_shared<SimulatedRauc>();
    const std::string bundle = dir.path() + "/anjungan-0.3.0.raucb";
    test::write_file(bundle, R"({"compatible": "anjungan-kiosk-x86_64", "version": "0.3.0", "step_ms": 200})");
    Events events;
    UpdateService service(rauc, events.sink());
    REQUIRE(service.install(bundle));
    events.wait_for_count(1);
    std::filesystem::remove(bundle);
    const auto end = events.wait_for_end();
    CHECK(end.kind == UpdateEvent::Kind::Failed);
    CHECK(end.bundle_gone);
    CHECK_THAT(end.message, Contains("No such file or directory"));
    CHECK(rauc->installed().empty());
}

TEST_CASE("The update page's state follows the worker and keeps an install running when the page opens again",
          "[maintenance][update]") {
    UpdateState state;
    state.open_page("/run/usb");
    CHECK(state.phase == UpdateState::Phase::Looking);
    UpdateEvent listed;
    listed.kind = UpdateEvent::Kind::BundlesListed;
    listed.bundles = {{{"/run/usb/a.raucb", kDevice, "0.3.0"}, "", BundleChoice::Refusal::None}};
    listed.running_slot = "A";
    listed.target_slot = "B";
    state.apply(listed);
    CHECK(state.phase == UpdateState::Phase::Listed);
    UpdateEvent progress;
    progress.kind = UpdateEvent::Kind::Progress;
    progress.percent = 40;
    state.apply(progress);
    CHECK(state.percent == 0);  // nothing installs: a stray progress is not shown
    state.start_install(state.bundles[0]);
    state.apply(progress);
    CHECK(state.percent == 40);
    state.open_page("/run/usb");
    CHECK(state.installing());
    UpdateEvent failed;
    failed.kind = UpdateEvent::Kind::Failed;
    failed.message = "Failed writing the image";
    state.apply(failed);
    CHECK(state.phase == UpdateState::Phase::Failed);
    CHECK(state.reason == "Failed writing the image");
    CHECK(state.running_slot == "A");
    state.open_page("/run/usb");
    CHECK(state.phase == UpdateState::Phase::Looking);
    CHECK(state.bundles.empty());
}
