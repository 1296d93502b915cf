#pragma once
// The one way core reports a failure: a value, or a message for people that says what went wrong
// and where (the file, the line, the offset). GCC 12 has no std::expected in C++20 mode; this is
// the small part of it that flowscope uses.
//
//     Result<std::unique_ptr<RecordingSession>> session = RecordingSession::open(path);
//     if (!session) return fail(session.error());
//     play(**session);
//
// What is not a Result, and why:
// - parsers of one token (a decimal, a time, a bar spec) return std::optional: they run for every
//   field on the hot path and must not build strings, and their caller knows the file, line and
//   field that make the message;
// - a read that reports what it skipped on the way keeps that report when it stops
//   (TradeFileResult, ConversionResult): the bad lines and counts are shown either way, and their
//   `error` says why it stopped;
// - an adapter's FrameResult classifies every frame (trades, ack, heartbeat, channel not read,
//   malformed, exchange error): most of those are no failure at all.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace flowscope {

// The failure half, so `return Failure{"…"}` converts to any Result.
struct Failure {
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
    Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure.message)) {}  // NOLINT

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(state_); }
    const T& value() const& { assert(ok()); return std::get<0>(state_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    // Empty when ok().
    const std::string& error() const {
        static const std::string none;
        return ok() ? none : std::get<1>(state_);
    }

private:
    std::variant<T, std::string> state_;
};

// An operation with nothing to give back but success.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Failure failure) : error_(std::move(failure.message)), ok_(false) {}  // NOLINT

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const std::string& error() const { return error_; }

private:
    std::string error_;
    bool ok_ = true;
};

}  // namespace flowscope
