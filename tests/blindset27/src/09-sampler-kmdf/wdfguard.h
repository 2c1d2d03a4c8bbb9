// wdfguard.h - small RAII helpers used during KMDF object construction.
//
// DeviceInitGuard owns a PWDFDEVICE_INIT obtained from
// WdfControlDeviceInitAllocate until WdfDeviceCreate takes it over.
// WdfDeviceCreate sets the caller's pointer to NULL on success, so the
// guard only frees what the framework did not consume.
//
// ObjectGuard deletes a WDF object unless Dismiss() is called.
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
}

class DeviceInitGuard {
public:
    explicit DeviceInitGuard(PWDFDEVICE_INIT init) : m_init(init) {}
    ~DeviceInitGuard()
    {
        if (m_init != nullptr) {
            WdfDeviceInitFree(m_init);
        }
    }

    PWDFDEVICE_INIT Get() const { return m_init; }
    PWDFDEVICE_INIT* Address() { return &m_init; }
    explicit operator bool() const { return m_init != nullptr; }

    DeviceInitGuard(const DeviceInitGuard&) = delete;
    DeviceInitGuard& operator=(const DeviceInitGuard&) = delete;

private:
    PWDFDEVICE_INIT m_init;
};

template <typename T>
class ObjectGuard {
public:
    ObjectGuard() : m_obj(nullptr), m_armed(true) {}
    ~ObjectGuard()
    {
        if (m_armed && m_obj != nullptr) {
            WdfObjectDelete(m_obj);
        }
    }

    T* Address() { return &m_obj; }
    T Get() const { return m_obj; }
    T Dismiss()
    {
        m_armed = false;
        return m_obj;
    }

    ObjectGuard(const ObjectGuard&) = delete;
    ObjectGuard& operator=(const ObjectGuard&) = delete;

private:
    T    m_obj;
    bool m_armed;
};

// Evaluates a WDF/NT call, returns from the enclosing function on failure.
// Destructors of the guards above do the unwinding.
#define RETURN_IF_NT_FAILED(expr)                                   \
    do {                                                            \
        NTSTATUS _st = (expr);                                      \
        if (!NT_SUCCESS(_st)) {                                     \
            KdPrint(("Sampler: %s failed 0x%08X\n", #expr, _st));   \
            return _st;                                             \
        }                                                           \
    } while (0)
