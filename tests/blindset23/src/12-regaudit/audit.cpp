//
// audit.cpp - event ring and the two audit callbacks
//

#include "audit.h"

#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD   0x0002
#endif

namespace {

constexpr ACCESS_MASK kSuspiciousAccess = PROCESS_VM_WRITE | PROCESS_CREATE_THREAD;

//
// Altitude strings are referenced, not copied, by some registration
// APIs; keep them in static storage.
//
const UNICODE_STRING kAltitude = RTL_CONSTANT_STRING(REGAUDIT_ALTITUDE);

void CopyName(_Out_writes_(REGAUDIT_NAME_CHARS) WCHAR* dest, _In_opt_ PCUNICODE_STRING src) noexcept
{
    dest[0] = L'\0';
    if (src == nullptr || src->Buffer == nullptr) {
        return;
    }

    USHORT chars = src->Length / sizeof(WCHAR);
    if (chars > REGAUDIT_NAME_CHARS - 1) {
        chars = REGAUDIT_NAME_CHARS - 1;
    }

    RtlCopyMemory(dest, src->Buffer, chars * sizeof(WCHAR));
    dest[chars] = L'\0';
}

} // namespace

// ---------------------------------------------------------------------------
// EventRing
// ---------------------------------------------------------------------------

EventRing::EventRing() noexcept
    : m_entries(nullptr), m_capacity(0), m_head(0), m_count(0), m_dropped(0)
{
    KeInitializeSpinLock(&m_lock);
}

EventRing::~EventRing()
{
    kstd::NonPagedAlloc::Free(m_entries);
    m_entries = nullptr;
}

NTSTATUS EventRing::Initialize(ULONG capacity) noexcept
{
    PAGED_CODE();

    NT_ASSERT(m_entries == nullptr);

    if (capacity == 0 || capacity > MAXULONG / sizeof(AuditRecord)) {
        return STATUS_INVALID_PARAMETER;
    }

    m_entries = static_cast<AuditRecord*>(
        kstd::NonPagedAlloc::Allocate(static_cast<size_t>(capacity) * sizeof(AuditRecord)));
    if (m_entries == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    m_capacity = capacity;
    return STATUS_SUCCESS;
}

void EventRing::Push(const AuditRecord& record) noexcept
{
    KIRQL irql;

    KeAcquireSpinLock(&m_lock, &irql);

    if (m_count == m_capacity) {
        // overwrite the oldest entry
        m_head = (m_head + 1) % m_capacity;
        m_count--;
        m_dropped++;
    }

    m_entries[(m_head + m_count) % m_capacity] = record;
    m_count++;

    KeReleaseSpinLock(&m_lock, irql);
}

ULONG EventRing::Drain(AuditRecord* out, ULONG max) noexcept
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&m_lock, &irql);

    while (n < max && m_count != 0) {
        out[n++] = m_entries[m_head];
        m_head = (m_head + 1) % m_capacity;
        m_count--;
    }

    KeReleaseSpinLock(&m_lock, irql);
    return n;
}

// ---------------------------------------------------------------------------
// Registry callback
// ---------------------------------------------------------------------------

_Use_decl_annotations_
NTSTATUS
RegAuditRegistryCallback(
    PVOID CallbackContext,
    PVOID Argument1,
    PVOID Argument2
    )
{
    auto ring = static_cast<EventRing*>(CallbackContext);
    auto notifyClass = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));
    AuditRecord rec;

    if (ring == nullptr || Argument2 == nullptr || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    RtlZeroMemory(&rec, sizeof(rec));

    switch (notifyClass) {
    case RegNtPreSetValueKey: {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
        rec.Kind = AuditKind::RegistrySetValue;
        CopyName(rec.Name, info->ValueName);
        break;
    }

    case RegNtPreDeleteKey:
        rec.Kind = AuditKind::RegistryDeleteKey;
        break;

    default:
        return STATUS_SUCCESS;
    }

    KeQuerySystemTimePrecise(&rec.Time);
    rec.SourcePid = HandleToULong(PsGetCurrentProcessId());

    ring->Push(rec);

    // audit only, never block
    return STATUS_SUCCESS;
}

// ---------------------------------------------------------------------------
// Object callback
// ---------------------------------------------------------------------------

_Use_decl_annotations_
OB_PREOP_CALLBACK_STATUS
RegAuditProcessPreOp(
    PVOID RegistrationContext,
    POB_PRE_OPERATION_INFORMATION Info
    )
{
    auto ring = static_cast<EventRing*>(RegistrationContext);
    ACCESS_MASK access;
    AuditRecord rec;

    if (ring == nullptr || Info->KernelHandle || Info->ObjectType != *PsProcessType) {
        return OB_PREOP_SUCCESS;
    }

    auto target = static_cast<PEPROCESS>(Info->Object);
    if (target == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;
    }

    access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                 ? Info->Parameters->CreateHandleInformation.OriginalDesiredAccess
                 : Info->Parameters->DuplicateHandleInformation.OriginalDesiredAccess;

    if ((access & kSuspiciousAccess) == 0) {
        return OB_PREOP_SUCCESS;
    }

    RtlZeroMemory(&rec, sizeof(rec));
    KeQuerySystemTimePrecise(&rec.Time);
    rec.Kind = AuditKind::ProcessHandleOpen;
    rec.SourcePid = HandleToULong(PsGetCurrentProcessId());
    rec.TargetPid = HandleToULong(PsGetProcessId(target));
    rec.Access = access;

    ring->Push(rec);
    return OB_PREOP_SUCCESS;
}

// ---------------------------------------------------------------------------
// Registration helpers: on success the registration is owned by 'out'.
// ---------------------------------------------------------------------------

_Use_decl_annotations_
NTSTATUS
RegAuditRegisterCm(
    PDRIVER_OBJECT DriverObject,
    EventRing* ring,
    kstd::UniqueCmCallback& out
    )
{
    LARGE_INTEGER cookie = {};

    PAGED_CODE();

    NTSTATUS status = CmRegisterCallbackEx(RegAuditRegistryCallback,
                                           &kAltitude,
                                           DriverObject,
                                           ring,
                                           &cookie,
                                           nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    kstd::CmCookie owned = {};
    owned.Cookie = cookie;
    owned.Registered = true;
    out.Reset(owned);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RegAuditRegisterOb(
    EventRing* ring,
    kstd::UniqueObCallback& out
    )
{
    OB_OPERATION_REGISTRATION op = {};
    OB_CALLBACK_REGISTRATION reg = {};

    PAGED_CODE();

    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = RegAuditProcessPreOp;
    op.PostOperation = nullptr;

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = kAltitude;
    reg.RegistrationContext = ring;
    reg.OperationRegistration = &op;

    PVOID handle = nullptr;
    NTSTATUS status = ObRegisterCallbacks(&reg, &handle);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    out.Reset(handle);
    return STATUS_SUCCESS;
}
