// kx.h - small kernel C++ helpers (no STL in here)
#pragma once

#include <ntddk.h>

namespace kx {

constexpr ULONG Tag = 'gMgR';

template <typename T>
constexpr T Min(T a, T b) { return a < b ? a : b; }

// Runs the stored callable when it goes out of scope unless dismissed.
template <typename F>
class Finally {
public:
    explicit Finally(F f) : m_fn(f), m_armed(true) {}
    ~Finally() { if (m_armed) m_fn(); }
    void dismiss() { m_armed = false; }
    Finally(const Finally&) = delete;
    Finally& operator=(const Finally&) = delete;
private:
    F m_fn;
    bool m_armed;
};

template <typename F>
Finally<F> finally(F f) { return Finally<F>(f); }

class SpinLock {
public:
    void Init() { KeInitializeSpinLock(&m_lock); }
    void Lock() { KeAcquireSpinLock(&m_lock, &m_old); }
    void Unlock() { KeReleaseSpinLock(&m_lock, m_old); }
private:
    KSPIN_LOCK m_lock;
    KIRQL m_old;
};

template <typename L>
struct Locker {
    explicit Locker(L& l) : m_l(l) { m_l.Lock(); }
    ~Locker() { m_l.Unlock(); }
    L& m_l;
};

// Owns a kernel handle, closes it on scope exit.
class KernelHandle {
public:
    KernelHandle() = default;
    ~KernelHandle() { reset(); }
    KernelHandle(const KernelHandle&) = delete;
    KernelHandle& operator=(const KernelHandle&) = delete;

    HANDLE get() const { return m_h; }
    HANDLE* receive() { reset(); return &m_h; }
    void reset() {
        if (m_h != nullptr) {
            ZwClose(m_h);
            m_h = nullptr;
        }
    }
private:
    HANDLE m_h = nullptr;
};

} // namespace kx
