#pragma once
#include <ntddk.h>
#include <wsk.h>

#define WE_TAG 'ohcE'

#define WE_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wskecho: " fmt "\n", __VA_ARGS__)

#define WE_LOG_STATUS(what, st)                                   \
    do {                                                          \
        if (!NT_SUCCESS(st)) {                                    \
            WE_LOG("%s failed: 0x%08X", (what), (st));            \
        } else {                                                  \
            WE_LOG("%s ok", (what));                              \
        }                                                         \
    } while (0)

//
// Runs a callable when it goes out of scope unless dismissed.
//
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_fn(f), m_active(true) {}
    ~ScopeExit()
    {
        if (m_active) {
            m_fn();
        }
    }
    void Dismiss() { m_active = false; }
private:
    F    m_fn;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f)
{
    return ScopeExit<F>(f);
}

//
// One IRP plus event for calling WSK synchronously.
//
class SyncIrp {
public:
    SyncIrp() : m_irp(nullptr) {}
    ~SyncIrp()
    {
        if (m_irp != nullptr) {
            IoFreeIrp(m_irp);
        }
    }

    NTSTATUS Init()
    {
        m_irp = IoAllocateIrp(1, FALSE);
        if (m_irp == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        KeInitializeEvent(&m_event, SynchronizationEvent, FALSE);
        Arm();
        return STATUS_SUCCESS;
    }

    void Arm()
    {
        IoReuseIrp(m_irp, STATUS_UNSUCCESSFUL);
        IoSetCompletionRoutine(m_irp,
            [](PDEVICE_OBJECT, PIRP, PVOID Context) -> NTSTATUS {
                KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
                return STATUS_MORE_PROCESSING_REQUIRED;
            },
            &m_event, TRUE, TRUE, TRUE);
    }

    NTSTATUS Wait(NTSTATUS Status)
    {
        if (Status == STATUS_PENDING) {
            KeWaitForSingleObject(&m_event, Executive, KernelMode, FALSE, nullptr);
            Status = m_irp->IoStatus.Status;
        }
        return Status;
    }

    PIRP Get() const { return m_irp; }

    SyncIrp(const SyncIrp&) = delete;
    SyncIrp& operator=(const SyncIrp&) = delete;
private:
    PIRP   m_irp;
    KEVENT m_event;
};
