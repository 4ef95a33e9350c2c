// The ticket queue through cupsd's administrative IPP operations, as lpadmin and lpinfo send them.
#include "hal/printer/cups_queue.h"

#include <cups/cups.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "hal/printer/cups_ipp.h"

// libcups 2.x exports the generator `lpadmin -m everywhere` uses to make a PPD from a printer's IPP attributes, but
// declares it only in a private header. Asked for ppd-name "everywhere", cupsd makes the driver in the background
// and never says whether it could reach the printer; made here, a failure is known before the queue changes.
extern "C" char* _ppdCreateFromIPP(char* buffer, size_t bufsize, ipp_t* supported);

namespace anjungan::hal {
namespace {

using namespace cupsipp;

constexpr const char* kInfoPrefix = "Anjungan ticket printer";

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string uri_scheme(const std::string& uri) {
    const auto colon = uri.find(':');
    return colon == std::string::npos ? "" : lowercase(uri.substr(0, colon));
}

bool is_ipp_uri(const std::string& uri) { return uri_scheme(uri) == "ipp" || uri_scheme(uri) == "ipps"; }

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string without_final_period(std::string text) {
    while (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

// A file libcups made for us, removed when its owner goes.
class TempFile {
public:
    explicit TempFile(std::string path) : path_(std::move(path)) {}
    TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, "")) {}
    TempFile& operator=(TempFile&&) = delete;
    ~TempFile() {
        if (!path_.empty()) unlink(path_.c_str());
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// FNV-1a: enough to notice that the PPD file changed since the queue was made from it.
std::string fingerprint(const std::string& bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char byte : bytes) hash = (hash ^ byte) * 1099511628211ULL;
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

Result<std::string> read_ppd(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::string bytes;
    if (file) bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (!file || file.bad() || bytes.empty())
        return fail("cannot read the PPD file " + path + " (devices.printer_ppd)");
    return bytes;
}

// The driver as cupsd gets it, and the printer-info recording it: cupsd cannot tell which PPD a queue came from.
struct DriverPlan {
    QueueDriver driver = QueueDriver::Raw;
    std::string name;  // for the technician
    std::string info;  // printer-info
};

Result<DriverPlan> plan_driver(QueueDriver driver, const std::string& ppd_file) {
    if (driver == QueueDriver::Raw) return DriverPlan{driver, "raw", std::string(kInfoPrefix) + " (raw)"};
    if (driver == QueueDriver::Everywhere)
        return DriverPlan{driver, "IPP Everywhere", std::string(kInfoPrefix) + " (IPP Everywhere)"};
    auto bytes = read_ppd(ppd_file);
    if (!bytes) return bytes.error();
    return DriverPlan{driver, "PPD " + ppd_file,
                      std::string(kInfoPrefix) + " (PPD " + ppd_file + ", fnv1a " + fingerprint(*bytes) + ")"};
}

// libcups reports a silent server as "Success": only a real reason is worth showing.
std::string failure_reason() {
    const std::string reason = last_cups_error();
    return reason == "Success" ? "" : ": " + reason;
}

std::string seconds(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

// One connection to cupsd for one setup or status read, turning every way a request fails into plain words.
class CupsdConnection {
public:
    static Result<CupsdConnection> open(const CupsQueueOptions& options) {
        HttpPtr http = connect_to_cupsd(options.cupsd_timeout);
        if (!http) return fail(server() + " unreachable (is CUPS running?)");
        return CupsdConnection(std::move(http), options.cupsd_timeout);
    }

    // Sends `request` (libcups frees it). An error only when cupsd could not be asked or did not answer at the
    // HTTP level; the caller reads the IPP status.
    Result<IppPtr> exchange(ipp_t* request, const char* resource, const std::string& what,
                            const char* file = nullptr) {
        IppPtr response(file ? cupsDoFileRequest(http_.get(), request, resource, file)
                             : cupsDoRequest(http_.get(), request, resource));
        if (!response && cupsd_unreachable())
            return fail(server() + " unreachable or not answering within " + seconds(timeout_ + extra_) +
                        failure_reason());
        if (!response) return fail(what + ": " + last_cups_error());
        return response;
    }

    // As exchange(), and cupsd must have said yes.
    Result<IppPtr> checked(ipp_t* request, const char* resource, const std::string& what,
                           const char* file = nullptr) {
        auto response = exchange(request, resource, what, file);
        if (response && !ipp_ok(response->get())) return fail(what + ": " + last_cups_error());
        return response;
    }

    // Lets the following requests take `extra` on top of the usual timeout.
    void allow_extra_time(std::chrono::milliseconds extra) {
        extra_ = extra;
        set_request_timeout(http_.get(), timeout_ + extra_);
    }

private:
    CupsdConnection(HttpPtr http, std::chrono::milliseconds timeout) : http_(std::move(http)), timeout_(timeout) {}
    static std::string server() { return std::string("print server (cupsd) at ") + cupsServer(); }

    HttpPtr http_;
    std::chrono::milliseconds timeout_;
    std::chrono::milliseconds extra_{0};
};

// --- finding the printer (CUPS-Get-Devices, as lpinfo -v) ---

std::optional<std::string> first_device_uri(ipp_t* devices, const std::string& scheme) {
    for (ipp_attribute_t* attr = ippFirstAttribute(devices); attr; attr = ippNextAttribute(devices)) {
        const char* name = ippGetName(attr);
        const char* uri = ippGetString(attr, 0, nullptr);
        // Bare "scheme" entries name a backend that can print, not a printer it found.
        if (name && uri && std::string_view(name) == "device-uri" && uri_scheme(uri) == lowercase(scheme) &&
            std::string_view(uri).size() > scheme.size() + 1)
            return uri;
    }
    return std::nullopt;
}

Result<std::string> find_printer(CupsdConnection& cupsd, const CupsQueueOptions& options) {
    ipp_t* request = ippNewRequest(IPP_OP_CUPS_GET_DEVICES);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "timeout",
                  static_cast<int>(options.discovery_timeout.count()));
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "include-schemes", nullptr,
                 options.discovery_scheme.c_str());
    // cupsd answers only once the backend has finished looking.
    cupsd.allow_extra_time(options.discovery_timeout);
    auto devices = cupsd.checked(request, "/", "looking for a printer failed");
    cupsd.allow_extra_time(std::chrono::milliseconds(0));
    if (!devices) return devices.error();
    if (auto uri = first_device_uri(devices->get(), options.discovery_scheme)) return *uri;
    return fail("no printer found: CUPS's " + options.discovery_scheme +
                " backend found none. Check that the printer is connected and switched on, or set "
                "devices.printer_uri");
}

// --- reading the queue ---

QueueStatus queue_status(const std::string& queue, ipp_t* response) {
    QueueStatus status;
    status.queue = queue;
    status.printer_state = enum_value(response, "printer-state", IPP_PSTATE_STOPPED);
    status.reasons = keywords(response, "printer-state-reasons");
    status.accepting_jobs = boolean_value(response, "printer-is-accepting-jobs", false);
    status.state_message = string_value(response, "printer-state-message", IPP_TAG_TEXT);
    status.device_uri = string_value(response, "device-uri", IPP_TAG_URI);
    status.make_and_model = string_value(response, "printer-make-and-model", IPP_TAG_TEXT);
    status.info = string_value(response, "printer-info", IPP_TAG_TEXT);
    return status;
}

// nullopt when cupsd has no such queue.
Result<std::optional<QueueStatus>> read_queue(CupsdConnection& cupsd, const std::string& queue) {
    ipp_t* request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", queue_uri(queue));
    request_attributes(request, {"device-uri", "printer-info", "printer-make-and-model", "printer-state",
                                 "printer-state-reasons", "printer-state-message", "printer-is-accepting-jobs"});
    auto response = cupsd.exchange(request, "/", "reading queue " + quoted(queue) + " failed");
    if (!response) return response.error();
    if (ippGetStatusCode(response->get()) == IPP_STATUS_ERROR_NOT_FOUND) return std::optional<QueueStatus>();
    if (!ipp_ok(response->get())) return fail("reading queue " + quoted(queue) + " failed: " + last_cups_error());
    return std::optional<QueueStatus>(queue_status(queue, response->get()));
}

// --- changing the queue ---

// What `lpadmin -m everywhere` does: ask the printer what it can do (Get-Printer-Attributes) and make a PPD of it.
Result<TempFile> everywhere_ppd(const std::string& uri, const CupsQueueOptions& options) {
    char scheme[32], userpass[256], host[256], resource[1024];
    int port = 0;
    if (httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme, sizeof scheme, userpass, sizeof userpass, host,
                        sizeof host, &port, resource, sizeof resource) < HTTP_URI_STATUS_OK)
        return fail("device URI " + uri + " is not a valid ipp:// or ipps:// URI");
    const auto encryption = lowercase(scheme) == "ipps" ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
    HttpPtr http(httpConnect2(host, port, nullptr, AF_UNSPEC, encryption, 1,
                              static_cast<int>(options.printer_timeout.count()), nullptr));
    const std::string why = "reading the IPP Everywhere capabilities of the printer at " + uri + " failed";
    if (!http) return fail(why + ": cannot connect to it (is it switched on and on the network?)");
    set_request_timeout(http.get(), options.printer_timeout);
    ipp_t* request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", uri);
    request_attributes(request, {"all", "media-col-database"});
    IppPtr response(cupsDoRequest(http.get(), request, resource));
    if (!response || !ipp_ok(response.get())) return fail(why + failure_reason());
    char path[1024];
    if (!_ppdCreateFromIPP(path, sizeof path, response.get()))
        return fail("the printer at " + uri + " does not describe itself well enough for IPP Everywhere (" +
                    without_final_period(last_cups_error()) + "): set devices.printer_ppd");
    return TempFile(path);
}

// CUPS-Add-Modify-Printer: creates the queue or changes it in place (its jobs stay).
Status add_or_modify(CupsdConnection& cupsd, const std::string& queue, const std::string& uri, const DriverPlan& plan,
                     const char* ppd_file) {
    ipp_t* request = new_request(IPP_OP_CUPS_ADD_MODIFY_PRINTER, "printer-uri", queue_uri(queue));
    // Operation attributes must precede the printer group.
    if (plan.driver == QueueDriver::Raw)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "ppd-name", nullptr, "raw");
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_URI, "device-uri", nullptr, uri.c_str());
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-info", nullptr, plan.info.c_str());
    // The ticket printer serves this kiosk only; cupsd would otherwise offer it on the network.
    ippAddBoolean(request, IPP_TAG_PRINTER, "printer-is-shared", 0);
    auto response = cupsd.checked(request, "/admin/", "cupsd refused to set up queue " + quoted(queue), ppd_file);
    if (!response) return response.error();
    return Ok{};
}

// Resume-Printer and CUPS-Accept-Jobs, as lpadmin -E (or cupsenable plus cupsaccept).
Status enable(CupsdConnection& cupsd, const std::string& queue) {
    for (ipp_op_t operation : {IPP_OP_RESUME_PRINTER, IPP_OP_CUPS_ACCEPT_JOBS}) {
        auto response = cupsd.checked(new_request(operation, "printer-uri", queue_uri(queue)), "/admin/",
                                      "cupsd refused to enable queue " + quoted(queue));
        if (!response) return response.error();
    }
    return Ok{};
}

// Sets device and driver, then enables the queue. `ppd_file` is attached for a PPD driver; an IPP Everywhere one is
// made from the printer first.
Status configure(CupsdConnection& cupsd, const std::string& queue, const std::string& uri, const DriverPlan& plan,
                 const std::string& ppd_file, const CupsQueueOptions& options) {
    std::optional<TempFile> generated;
    if (plan.driver == QueueDriver::Everywhere) {
        auto ppd = everywhere_ppd(uri, options);
        if (!ppd) return ppd.error();
        generated.emplace(std::move(*ppd));
    }
    const char* attached = plan.driver == QueueDriver::PpdFile ? ppd_file.c_str() : nullptr;
    if (generated) attached = generated->path().c_str();
    if (auto added = add_or_modify(cupsd, queue, uri, plan, attached); !added) return added;
    return enable(cupsd, queue);
}

std::vector<std::string> differences(const QueueStatus& current, const std::string& uri, const DriverPlan& plan) {
    std::vector<std::string> changes;
    if (current.device_uri != uri) changes.emplace_back("device URI");
    if (current.info != plan.info) changes.emplace_back("driver");
    if (current.printer_state == IPP_PSTATE_STOPPED) changes.emplace_back("enabled");
    if (!current.accepting_jobs) changes.emplace_back("accepting jobs");
    return changes;
}

bool only_needs_enabling(const std::vector<std::string>& changes) {
    return std::all_of(changes.begin(), changes.end(),
                       [](const std::string& change) { return change == "enabled" || change == "accepting jobs"; });
}

// "cups:QUEUE" -> QUEUE; "" for any other printer.
std::string cups_queue_name(const std::string& printer) {
    return printer.rfind("cups:", 0) == 0 ? printer.substr(5) : "";
}

Result<std::string> device_uri_to_use(CupsdConnection& cupsd, const TicketQueueConfig& config,
                                      const CupsQueueOptions& options) {
    if (!config.device_uri.empty()) return config.device_uri;
    return find_printer(cupsd, options);
}

Result<QueueSetupReport> set_up_cups_queue(const std::string& queue, const TicketQueueConfig& config,
                                           const CupsQueueOptions& options) {
    auto driver = choose_queue_driver(config.format, config.device_uri, config.ppd_file);
    if (!driver) return driver.error();
    auto plan = plan_driver(*driver, config.ppd_file);
    if (!plan) return plan.error();
    auto cupsd = CupsdConnection::open(options);
    if (!cupsd) return cupsd.error();
    auto uri = device_uri_to_use(*cupsd, config, options);
    if (!uri) return uri.error();
    auto current = read_queue(*cupsd, queue);
    if (!current) return current.error();

    QueueSetupReport report{QueueChange::Created, config.printer, queue, *uri, plan->name, config.format, {}};
    if (*current) report.updates = differences(**current, *uri, *plan);
    if (*current) report.change = report.updates.empty() ? QueueChange::Unchanged : QueueChange::Updated;
    if (report.change == QueueChange::Unchanged) return report;
    Status done = *current && only_needs_enabling(report.updates)
                      ? enable(*cupsd, queue)
                      : configure(*cupsd, queue, *uri, *plan, config.ppd_file, options);
    if (!done) return done.error();
    return report;
}

}  // namespace

Result<QueueDriver> choose_queue_driver(const std::string& format, const std::string& device_uri,
                                        const std::string& ppd_file) {
    if (format != "pdf" && format != "escpos") return fail("printer format '" + format + "': expected pdf or escpos");
    if (!ppd_file.empty()) return QueueDriver::PpdFile;
    if (format == "escpos") return QueueDriver::Raw;
    if (is_ipp_uri(device_uri)) return QueueDriver::Everywhere;
    const std::string device = device_uri.empty() ? "a USB printer (devices.printer_uri is empty)" : device_uri;
    return fail("a pdf queue on " + device +
                " needs the printer's PPD file in devices.printer_ppd: IPP Everywhere works only with ipp:// or "
                "ipps:// printers. For a raw thermal printer set devices.printer_format = escpos");
}

std::string describe(const QueueSetupReport& report) {
    if (report.change == QueueChange::NotCups)
        return "ticket printer " + report.printer + " is simulated: no CUPS queue to set up";
    std::string change = report.change == QueueChange::Created ? "created"
                         : report.change == QueueChange::Unchanged ? "unchanged"
                                                                   : "updated";
    std::string what;
    for (const auto& update : report.updates) what += (what.empty() ? " (" : ", ") + update;
    if (!what.empty()) change += what + ")";
    return "ticket queue " + quoted(report.queue) + ": " + change + ", " + report.device_uri + " (" + report.driver +
           ", " + report.format + ")";
}

Result<QueueSetupReport> set_up_ticket_queue(const TicketQueueConfig& config, const CupsQueueOptions& options) {
    const std::string queue = cups_queue_name(config.printer);
    if (config.printer.rfind("sim:", 0) == 0 || config.printer == "sim")
        return QueueSetupReport{QueueChange::NotCups, config.printer, "", "", "", config.format, {}};
    if (queue.empty()) return fail("printer '" + config.printer + "': expected cups:QUEUE or sim:DIR");
    return set_up_cups_queue(queue, config, options);
}

Result<QueueStatus> read_queue_status(const std::string& queue, const CupsQueueOptions& options) {
    auto cupsd = CupsdConnection::open(options);
    if (!cupsd) return cupsd.error();
    auto status = read_queue(*cupsd, queue);
    if (!status) return status.error();
    if (!*status) return fail("queue " + quoted(queue) + " does not exist in CUPS (kioskctl printer setup makes it)");
    return **status;
}

const char* printer_state_name(int printer_state) {
    switch (printer_state) {
        case IPP_PSTATE_IDLE: return "idle";
        case IPP_PSTATE_PROCESSING: return "processing";
        case IPP_PSTATE_STOPPED: return "stopped";
        default: return "unknown";
    }
}

}  // namespace anjungan::hal
