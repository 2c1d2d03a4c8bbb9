#pragma once

extern "C" {
#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>
}

namespace hb {

constexpr ULONG kTag = 'tBkW';
constexpr ULONG kDefaultIntervalMs = 5000;
constexpr USHORT kDefaultPort = 9999;
constexpr ULONG kPayloadMax = 128;

struct Globals {
    WSK_REGISTRATION Registration;
    PETHREAD Thread;
    KEVENT StopEvent;
    SOCKADDR_IN Target;
    ULONG IntervalMs;
    volatile LONG Sent;
};

extern Globals g;

// Synchronous-completion helper around a single reusable IRP.
class SyncIrp {
public:
    SyncIrp() = default;
    ~SyncIrp()
    {
        if (m_irp != nullptr) {
            IoFreeIrp(m_irp);
        }
    }

    SyncIrp(const SyncIrp&) = delete;
    SyncIrp& operator=(const SyncIrp&) = delete;

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

    PIRP Get() const { return m_irp; }

    NTSTATUS Wait(NTSTATUS status)
    {
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&m_event, Executive, KernelMode, FALSE, nullptr);
            status = m_irp->IoStatus.Status;
        }
        return status;
    }

    void Reset()
    {
        IoReuseIrp(m_irp, STATUS_UNSUCCESSFUL);
        KeClearEvent(&m_event);
        Arm();
    }

private:
    void Arm()
    {
        IoSetCompletionRoutine(
            m_irp,
            [](PDEVICE_OBJECT, PIRP, PVOID context) -> NTSTATUS {
                KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
                return STATUS_MORE_PROCESSING_REQUIRED;
            },
            &m_event, TRUE, TRUE, TRUE);
    }

    PIRP m_irp = nullptr;
    KEVENT m_event;
};

KSTART_ROUTINE WorkerMain;

} // namespace hb
