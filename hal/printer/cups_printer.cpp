// CUPS printer: a worker thread owns the cupsd connection, sends rendered tickets and polls job and printer state.
#include "hal/printer/cups_printer.h"

#include <cups/cups.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "hal/printer/cups_ipp.h"

namespace anjungan::hal {
namespace {

using Clock = std::chrono::steady_clock;

using namespace cupsipp;

// RAII owner for the destination info the worker looks up for each job.
struct DestInfoFree {
    void operator()(cups_dinfo_t* info) const noexcept { cupsFreeDestInfo(info); }
};
using DestInfoPtr = std::unique_ptr<cups_dinfo_t, DestInfoFree>;

// libcups allocates destinations as a counted array and frees them as one.
class DestArray {
public:
    DestArray(int count, cups_dest_t* dests) : count_(dests ? count : 0), dests_(dests) {}
    DestArray(DestArray&& other) noexcept
        : count_(std::exchange(other.count_, 0)), dests_(std::exchange(other.dests_, nullptr)) {}
    DestArray& operator=(DestArray&&) = delete;
    ~DestArray() { cupsFreeDests(count_, dests_); }
    cups_dest_t* first() const { return count_ > 0 ? dests_ : nullptr; }

private:
    int count_;
    cups_dest_t* dests_;
};

constexpr std::size_t kWriteChunk = 64 * 1024;

// A write to a socket cupsd has closed must fail with EPIPE, not kill the kiosk with SIGPIPE.
void block_sigpipe_on_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool has_prefix(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::string> find_reason(const std::vector<std::string>& reasons,
                                       std::initializer_list<const char*> prefixes) {
    for (const auto& reason : reasons)
        for (const char* prefix : prefixes)
            if (has_prefix(reason, prefix)) return reason;
    return std::nullopt;
}

std::optional<std::string> find_error_reason(const std::vector<std::string>& reasons) {
    for (const auto& reason : reasons)
        if (ends_with(reason, "-error")) return reason;
    return std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
    return joined;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    auto tenths = duration.count() / 100;
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " s";
}

const CupsPrinterStatus kUnreachable{PrinterState::Offline, "print server (cupsd) unreachable"};

struct QueuedJob {
    std::uint64_t id;
    TicketContent ticket;
    Clock::time_point submitted_at;
};

// A job cupsd has accepted and the worker still follows.
struct TrackedJob {
    std::uint64_t id;
    int cups_id;
    Clock::time_point deadline;
};

struct JobStatus {
    int state;  // ipp_jstate_t
    std::vector<std::string> reasons;
    std::string printer_message;  // what the backend last said about this job
};

// Held by cupsd itself, e.g. "resources-are-not-ready" after a backend failure under ErrorPolicy retry-job
// (Debian's default): it would retry in minutes, long after the visitor left. The kiosk never holds jobs.
bool held_by_cupsd(const JobStatus& status) {
    return status.state == IPP_JSTATE_HELD &&
           std::find(status.reasons.begin(), status.reasons.end(), "job-incoming") == status.reasons.end();
}

}  // namespace

CupsPrinterStatus map_cups_printer_state(int printer_state, const std::vector<std::string>& reasons,
                                         bool accepting_jobs, const std::string& state_message) {
    // Most specific first: a stopped queue with media-empty-error is "paper out" to the technician.
    if (auto reason = find_reason(reasons, {"media-empty", "media-needed"})) return {PrinterState::PaperOut, *reason};
    if (auto reason = find_reason(reasons, {"offline", "connecting-to-device"}))
        return {PrinterState::Offline, *reason};
    if (!accepting_jobs) return {PrinterState::Offline, "queue not accepting jobs"};
    if (auto reason = find_error_reason(reasons)) return {PrinterState::Error, *reason};
    if (printer_state == IPP_PSTATE_STOPPED)
        return {PrinterState::Error, state_message.empty() ? "stopped" : "stopped: " + state_message};
    if (auto reason = find_reason(reasons, {"media-low"})) return {PrinterState::PaperLow, *reason};
    if (printer_state == IPP_PSTATE_PROCESSING) return {PrinterState::Printing, ""};
    return {PrinterState::Ready, ""};
}

struct CupsPrinter::Impl {
    Impl(std::string queue_name, DocumentRenderer renderer, PrinterEventSink event_sink, CupsPrinterOptions options)
        : queue(std::move(queue_name)), render(std::move(renderer)), sink(std::move(event_sink)),
          opts(std::move(options)) {
        worker = std::thread([this] { run(); });
    }

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        // libcups polls this plain int while connecting; atomic_ref makes our side of it a proper atomic store.
        std::atomic_ref<int>(cancel_connect).store(1);
        wake.notify_all();
        if (worker.joinable()) worker.join();
    }

    std::uint64_t enqueue(const TicketContent& ticket) {
        std::uint64_t id = next_id.fetch_add(1);
        {
            std::lock_guard lock(mutex);
            queued.push_back({id, ticket, Clock::now()});
        }
        wake.notify_all();
        return id;
    }

    // --- worker thread ---------------------------------------------------------------------------------------

    void run() {
        block_sigpipe_on_this_thread();
        auto next_poll = Clock::now();
        for (;;) {
            auto [stop, job] = wait_for_work(next_poll);
            if (stop) break;
            if (job) {
                send(*job);
                next_poll = Clock::now();  // see at once whether the printer took it or stopped on it
            }
            if (Clock::now() >= next_poll) {
                poll_printer();
                follow_jobs();
                next_poll = Clock::now() + poll_period();
            }
        }
        fail_queued_jobs();
    }

    std::pair<bool, std::optional<QueuedJob>> wait_for_work(Clock::time_point until) {
        std::unique_lock lock(mutex);
        wake.wait_until(lock, until, [this] { return stopping || !queued.empty(); });
        if (stopping) return {true, std::nullopt};
        if (queued.empty()) return {false, std::nullopt};
        QueuedJob job = std::move(queued.front());
        queued.pop_front();
        return {false, std::move(job)};
    }

    std::chrono::milliseconds poll_period() const {
        return tracked.empty() ? opts.state_poll_interval : std::min(opts.state_poll_interval, opts.job_poll_interval);
    }

    http_t* connection() {
        if (!http) http = connect_to_cupsd(opts.cupsd_timeout, &cancel_connect);
        return http.get();
    }

    // Called after libcups reported a failure: a broken connection is replaced at the next call.
    void note_failure() {
        if (cupsd_unreachable()) {
            http.reset();
            report_status(kUnreachable);
        }
    }

    std::string printer_uri() const { return queue_uri(queue); }

    static std::string job_uri(int cups_id) {
        return "ipp://localhost/jobs/" + std::to_string(cups_id);
    }

    // --- sending ---

    void send(const QueuedJob& job) {
        auto document = render_safely(job.ticket);
        if (!document) return report_job(job.id, JobOutcome::Failed, document.error().message);
        if (!connection()) {
            report_status(kUnreachable);
            return report_job(job.id, JobOutcome::Failed, kUnreachable.detail);
        }
        auto cups_id = send_document(*document);
        if (!cups_id) return report_job(job.id, JobOutcome::Failed, cups_id.error().message);
        report_job(job.id, JobOutcome::Accepted, "cups job " + std::to_string(*cups_id));
        tracked.push_back({job.id, *cups_id, job.submitted_at + opts.job_timeout});
    }

    Result<Document> render_safely(const TicketContent& ticket) {
        try {
            auto document = render(ticket);
            if (document && document->bytes.empty()) return fail("the ticket rendered to an empty document");
            return document;
        } catch (const std::exception& e) {
            return fail(std::string("rendering the ticket failed: ") + e.what());
        }
    }

    // Built locally rather than with cupsGetNamedDest, which on any failure falls back to cupsEnumDests on a
    // connection of its own (60 s timeouts, DNS-SD browsing) and would hang the worker while cupsd is stuck.
    DestArray queue_destination() const {
        cups_dest_t* dests = nullptr;
        int count = cupsAddDest(queue.c_str(), nullptr, 0, &dests);
        DestArray array(count, dests);
        if (cups_dest_t* dest = array.first())
            dest->num_options = cupsAddOption("printer-uri-supported", printer_uri().c_str(), dest->num_options,
                                              &dest->options);
        return array;
    }

    Result<int> send_document(const Document& document) {
        DestArray dest = queue_destination();
        if (!dest.first()) return fail("out of memory");
        // The lookup: one Get-Printer-Attributes on our connection, which fails if the queue does not exist.
        DestInfoPtr info(cupsCopyDestInfo(http.get(), dest.first()));
        if (!info && cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) return fail("queue '" + queue + "' not found");
        if (!info) return failure("cannot read queue '" + queue + "'");
        int cups_id = 0;
        if (cupsCreateDestJob(http.get(), dest.first(), info.get(), &cups_id, opts.job_title.c_str(), 0, nullptr) !=
            IPP_STATUS_OK)
            return failure("cupsd refused the job");
        if (auto written = write_document(dest.first(), info.get(), cups_id, document); !written) {
            // Without a connection libcups would open its own, unbounded one: skip, cupsd lost the job anyway.
            if (http) cupsCancelDestJob(http.get(), dest.first(), cups_id);
            return written;
        }
        return cups_id;
    }

    Result<int> write_document(cups_dest_t* dest, cups_dinfo_t* info, int cups_id, const Document& document) {
        const char* format = document.mime_type.empty() ? CUPS_FORMAT_AUTO : document.mime_type.c_str();
        if (cupsStartDestDocument(http.get(), dest, info, cups_id, opts.job_title.c_str(), format, 0, nullptr, 1) !=
            HTTP_STATUS_CONTINUE)
            return failure("cupsd refused the document");
        const auto* data = reinterpret_cast<const char*>(document.bytes.data());
        for (std::size_t offset = 0; offset < document.bytes.size(); offset += kWriteChunk) {
            std::size_t length = std::min(kWriteChunk, document.bytes.size() - offset);
            if (cupsWriteRequestData(http.get(), data + offset, length) != HTTP_STATUS_CONTINUE)
                return failure("sending the document to cupsd failed");
        }
        if (cupsFinishDestDocument(http.get(), dest, info) != IPP_STATUS_OK)
            return failure("cupsd did not accept the document");
        return cups_id;
    }

    // Describes the libcups failure that just happened, noting a lost connection on the way.
    Error failure(const std::string& what) {
        std::string detail = cupsd_unreachable() ? kUnreachable.detail : what + ": " + last_cups_error();
        note_failure();
        return fail(detail);
    }

    // --- following ---

    void poll_printer() {
        if (!connection()) return report_status(kUnreachable);
        ipp_t* request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "printer-uri", printer_uri());
        request_attributes(request, {"printer-state", "printer-state-reasons", "printer-state-message",
                                     "printer-is-accepting-jobs"});
        IppPtr response(cupsDoRequest(http.get(), request, "/"));
        if (!response) return note_failure();
        if (!ipp_ok(response.get())) {
            printer_stopped = false;
            return report_status({PrinterState::Error, "queue '" + queue + "': " + last_cups_error()});
        }
        int printer_state = enum_value(response.get(), "printer-state", IPP_PSTATE_IDLE);
        printer_stopped = printer_state == IPP_PSTATE_STOPPED;
        report_status(map_cups_printer_state(printer_state, keywords(response.get(), "printer-state-reasons"),
                                             boolean_value(response.get(), "printer-is-accepting-jobs", true),
                                             string_value(response.get(), "printer-state-message", IPP_TAG_TEXT)));
    }

    void follow_jobs() {
        std::erase_if(tracked, [this](const TrackedJob& job) { return follow(job); });
    }

    // Returns true once the job has its final event.
    bool follow(const TrackedJob& job) {
        auto status = query_job(job.cups_id);
        if (status && status->state == IPP_JSTATE_COMPLETED) {
            report_job(job.id, JobOutcome::Completed, "");
            return true;
        }
        if (status && (status->state == IPP_JSTATE_CANCELED || status->state == IPP_JSTATE_ABORTED)) {
            report_job(job.id, JobOutcome::Failed, job_end_detail(*status));
            return true;
        }
        if (auto why = reason_to_give_up(job, status)) {
            cancel(job.cups_id);
            report_job(job.id, JobOutcome::Failed, *why);
            return true;
        }
        return false;
    }

    std::optional<std::string> reason_to_give_up(const TrackedJob& job, const std::optional<JobStatus>& status) {
        if (status && (status->state == IPP_JSTATE_STOPPED || held_by_cupsd(*status))) return job_end_detail(*status);
        // A stopped queue needs a technician; the ticket would print long after the visitor left.
        if (status && printer_stopped) return "printer stopped: " + last_status.detail;
        if (Clock::now() < job.deadline) return std::nullopt;
        std::string why = "not printed within " + seconds_text(opts.job_timeout);
        return last_status.detail.empty() ? why : why + " (" + last_status.detail + ")";
    }

    static std::string job_end_detail(const JobStatus& status) {
        std::string detail = std::string("job ") + ippEnumString("job-state", status.state);
        if (!status.reasons.empty()) detail += " (" + join(status.reasons) + ")";
        if (!status.printer_message.empty()) detail += ": " + status.printer_message;
        return detail;
    }

    std::optional<JobStatus> query_job(int cups_id) {
        if (!connection()) return std::nullopt;
        ipp_t* request = new_request(IPP_OP_GET_JOB_ATTRIBUTES, "job-uri", job_uri(cups_id));
        request_attributes(request, {"job-state", "job-state-reasons", "job-printer-state-message"});
        IppPtr response(cupsDoRequest(http.get(), request, "/jobs/"));
        if (!response) {
            note_failure();
            return std::nullopt;
        }
        if (!ipp_ok(response.get())) return std::nullopt;
        return JobStatus{enum_value(response.get(), "job-state", IPP_JSTATE_PENDING),
                         keywords(response.get(), "job-state-reasons"),
                         string_value(response.get(), "job-printer-state-message", IPP_TAG_TEXT)};
    }

    // Best effort: if cupsd cannot be asked, the job is still reported Failed and the visitor reprints.
    void cancel(int cups_id) {
        if (!connection()) return;
        if (!cupsCancelJob2(http.get(), queue.c_str(), cups_id, 0)) note_failure();
    }

    void fail_queued_jobs() {
        std::deque<QueuedJob> left;
        {
            std::lock_guard lock(mutex);
            left.swap(queued);
        }
        for (const auto& job : left) report_job(job.id, JobOutcome::Failed, "printer shut down before sending");
    }

    // --- events ---

    void report_status(const CupsPrinterStatus& status) {
        if (status == last_status) return;
        last_status = status;
        state.store(status.state);
        PrinterEvent event;
        event.kind = PrinterEvent::Kind::State;
        event.state = status.state;
        event.detail = status.detail;
        deliver(event);
    }

    void report_job(std::uint64_t id, JobOutcome outcome, std::string detail) {
        PrinterEvent event;
        event.kind = PrinterEvent::Kind::Job;
        event.job_id = id;
        event.outcome = outcome;
        event.state = state.load();
        event.detail = std::move(detail);
        deliver(event);
    }

    // A throwing sink must not take the worker (and with it every later ticket) down.
    void deliver(const PrinterEvent& event) {
        if (!sink) return;
        try {
            sink(event);
        } catch (...) {
        }
    }

    const std::string queue;
    const DocumentRenderer render;
    const PrinterEventSink sink;
    const CupsPrinterOptions opts;

    // Shared between submit() and the worker.
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<QueuedJob> queued;
    bool stopping = false;
    int cancel_connect = 0;
    std::atomic<PrinterState> state{PrinterState::Unknown};
    std::atomic<std::uint64_t> next_id{1};

    // Worker thread only.
    HttpPtr http;
    std::vector<TrackedJob> tracked;
    CupsPrinterStatus last_status;
    bool printer_stopped = false;

    std::thread worker;  // started in the constructor body, once every member above exists
};

CupsPrinter::CupsPrinter(std::string queue, DocumentRenderer render, PrinterEventSink sink, CupsPrinterOptions opts)
    : impl_(std::make_unique<Impl>(std::move(queue), std::move(render), std::move(sink), std::move(opts))) {}

CupsPrinter::~CupsPrinter() = default;

std::uint64_t CupsPrinter::submit(const TicketContent& ticket) { return impl_->enqueue(ticket); }

PrinterState CupsPrinter::state() const { return impl_->state.load(); }

std::string CupsPrinter::describe() const { return "cups:" + impl_->queue; }

}  // namespace anjungan::hal
