// os.hpp - the kernel side of cloudsync's tiny platform namespace.
#pragma once

#include <fltKernel.h>

#define CS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "cloudsync: " fmt "\n", ##__VA_ARGS__)
#define CS_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "cloudsync: " fmt "\n", ##__VA_ARGS__)

namespace os {

constexpr ULONG kTag = 'cnyS';

// run a lambda on scope exit unless dismissed: the unwinding ladder
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : f_(f), armed_(true) {}
    ScopeExit(ScopeExit&& o) : f_(o.f_), armed_(o.armed_) { o.armed_ = false; }
    ~ScopeExit() { if (armed_) f_(); }
    void Dismiss() { armed_ = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    f_;
    bool armed_;
};

template <typename F>
inline ScopeExit<F> OnExit(F f) { return ScopeExit<F>(f); }

} // namespace os
