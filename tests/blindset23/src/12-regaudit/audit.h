//
// audit.h - event ring and callback declarations for regaudit.sys
//
// regaudit records two kinds of events into a bounded in-memory ring
// that the user-mode agent drains through IOCTL_REGAUDIT_DRAIN:
//
//   * registry value writes / key deletions (CmRegisterCallbackEx)
//   * process handles opened with VM-write or create-thread rights
//     by another process (ObRegisterCallbacks)
//
#pragma once

#include "unique.h"

#define REGAUDIT_DEVICE_NAME    L"\\Device\\RegAudit"
#define REGAUDIT_LINK_NAME      L"\\??\\RegAudit"
#define REGAUDIT_ALTITUDE       L"385210.7"

#define IOCTL_REGAUDIT_DRAIN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define REGAUDIT_RING_CAPACITY  512
#define REGAUDIT_NAME_CHARS     96

enum class AuditKind : ULONG
{
    RegistrySetValue    = 1,
    RegistryDeleteKey   = 2,
    ProcessHandleOpen   = 3,
};

struct AuditRecord
{
    LARGE_INTEGER Time;
    AuditKind     Kind;
    ULONG         SourcePid;
    ULONG         TargetPid;          // ProcessHandleOpen only
    ACCESS_MASK   Access;             // ProcessHandleOpen only
    WCHAR         Name[REGAUDIT_NAME_CHARS];
};

//
// Fixed-capacity ring of AuditRecord.  The backing array belongs to the
// ring and is released by its destructor.  Push may be called at
// IRQL <= APC_LEVEL from the callbacks; the lock raises to DISPATCH.
//
class EventRing
{
public:
    EventRing() noexcept;
    ~EventRing();

    EventRing(const EventRing&) = delete;
    EventRing& operator=(const EventRing&) = delete;

    _IRQL_requires_(PASSIVE_LEVEL)
    NTSTATUS Initialize(_In_ ULONG capacity) noexcept;

    _IRQL_requires_max_(APC_LEVEL)
    void Push(_In_ const AuditRecord& record) noexcept;

    _IRQL_requires_max_(APC_LEVEL)
    ULONG Drain(_Out_writes_to_(max, return) AuditRecord* out, _In_ ULONG max) noexcept;

    ULONG Dropped() const noexcept { return m_dropped; }

private:
    KSPIN_LOCK   m_lock;
    AuditRecord* m_entries;
    ULONG        m_capacity;
    ULONG        m_head;          // oldest record
    ULONG        m_count;
    ULONG        m_dropped;
};

//
// Everything DriverEntry acquired, in acquisition order.  Members are
// destroyed in reverse declaration order, which is exactly the required
// teardown order: link, device, object callback, registry callback, ring.
//
struct DriverState
{
    kstd::UniquePtr<EventRing, kstd::NonPagedAlloc> Ring;
    kstd::UniqueCmCallback                          CmCallback;
    kstd::UniqueObCallback                          ObCallback;
    kstd::UniqueDeviceObject                        Device;
    kstd::UniqueSymbolicLink                        Link;

    DriverState(kstd::UniquePtr<EventRing, kstd::NonPagedAlloc>&& ring,
                kstd::UniqueCmCallback&& cm,
                kstd::UniqueObCallback&& ob,
                kstd::UniqueDeviceObject&& device,
                kstd::UniqueSymbolicLink&& link) noexcept
        : Ring(kstd::move(ring)),
          CmCallback(kstd::move(cm)),
          ObCallback(kstd::move(ob)),
          Device(kstd::move(device)),
          Link(kstd::move(link))
    {
    }
};

//
// audit.cpp
//
EX_CALLBACK_FUNCTION RegAuditRegistryCallback;

OB_PREOP_CALLBACK_STATUS
RegAuditProcessPreOp(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
RegAuditRegisterCm(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ EventRing* ring,
    _Inout_ kstd::UniqueCmCallback& out
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
RegAuditRegisterOb(
    _In_ EventRing* ring,
    _Inout_ kstd::UniqueObCallback& out
    );
