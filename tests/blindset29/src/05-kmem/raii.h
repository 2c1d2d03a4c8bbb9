#pragma once
#include <ntifs.h>

namespace raii {

// Owns a device object until released to the driver object.
class Device {
public:
    Device() = default;
    explicit Device(PDEVICE_OBJECT dev) : m_dev(dev) {}
    ~Device() { reset(); }

    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    PDEVICE_OBJECT get() const { return m_dev; }
    PDEVICE_OBJECT release() { auto d = m_dev; m_dev = nullptr; return d; }
    void reset(PDEVICE_OBJECT dev = nullptr) {
        if (m_dev) {
            IoDeleteDevice(m_dev);
        }
        m_dev = dev;
    }
    explicit operator bool() const { return m_dev != nullptr; }

private:
    PDEVICE_OBJECT m_dev = nullptr;
};

// Owns a referenced kernel object (EPROCESS, ETHREAD, ...).
template <typename T>
class ObjectRef {
public:
    ObjectRef() = default;
    explicit ObjectRef(T obj) : m_obj(obj) {}
    ~ObjectRef() { if (m_obj) ObDereferenceObject(m_obj); }

    ObjectRef(const ObjectRef&) = delete;
    ObjectRef& operator=(const ObjectRef&) = delete;

    T get() const { return m_obj; }
    T* addressof() { return &m_obj; }
    explicit operator bool() const { return m_obj != nullptr; }

private:
    T m_obj = nullptr;
};

// Scoped FAST_MUTEX.
class FastMutexLock {
public:
    explicit FastMutexLock(PFAST_MUTEX m) : m_mutex(m) { ExAcquireFastMutex(m_mutex); }
    ~FastMutexLock() { ExReleaseFastMutex(m_mutex); }
    FastMutexLock(const FastMutexLock&) = delete;
    FastMutexLock& operator=(const FastMutexLock&) = delete;
private:
    PFAST_MUTEX m_mutex;
};

// Scoped KeStackAttachProcess.
class Attach {
public:
    explicit Attach(PEPROCESS p) { KeStackAttachProcess(p, &m_state); }
    ~Attach() { KeUnstackDetachProcess(&m_state); }
    Attach(const Attach&) = delete;
    Attach& operator=(const Attach&) = delete;
private:
    KAPC_STATE m_state;
};

} // namespace raii
