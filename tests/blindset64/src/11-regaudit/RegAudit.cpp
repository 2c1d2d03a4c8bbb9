//
// RegAudit.cpp - ETW provider, watch list and the registry callback
//
#include "RegAudit.h"

namespace ra {

// ---------------------------------------------------------------- Etw ----

static const GUID kProviderId =
    { 0xa1d6e0c2, 0x5b3f, 0x4e57, { 0x8c, 0x21, 0x0f, 0x4b, 0x9d, 0x7e, 0x3a, 0x15 } };

static const EVENT_DESCRIPTOR kRegOpEvent = { 10, 0, 0, 4, 0, 1, 0x1 };

REGHANDLE Etw::s_Handle = 0;

NTSTATUS Etw::Register()
{
    NTSTATUS status = EtwRegister(&kProviderId, nullptr, nullptr, &s_Handle);
    if (!NT_SUCCESS(status)) {
        RA_TRACE("EtwRegister 0x%08X", status);
        s_Handle = 0;
    }
    return status;
}

void Etw::Unregister()
{
    if (s_Handle) {
        EtwUnregister(s_Handle);
        s_Handle = 0;
    }
}

void Etw::WriteRegOp(RegOp Op, ULONG Pid, PCUNICODE_STRING KeyPath)
{
    if (!s_Handle || !EtwEventEnabled(s_Handle, &kRegOpEvent)) {
        return;
    }

    ULONG op = static_cast<ULONG>(Op);
    EVENT_DATA_DESCRIPTOR d[4];
    EventDataDescCreate(&d[0], &op, sizeof(op));
    EventDataDescCreate(&d[1], &Pid, sizeof(Pid));
    EventDataDescCreate(&d[2], &KeyPath->Length, sizeof(USHORT));
    EventDataDescCreate(&d[3], KeyPath->Buffer, KeyPath->Length);

    EtwWrite(s_Handle, &kRegOpEvent, nullptr, RTL_NUMBER_OF(d), d);
}

// ---------------------------------------------------------- WatchList ----

ERESOURCE      WatchList::s_Lock;
bool           WatchList::s_LockInitialized = false;
ULONG          WatchList::s_Count = 0;
UNICODE_STRING WatchList::s_Prefixes[kMaxWatches];

NTSTATUS WatchList::Init()
{
    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    if (NT_SUCCESS(status)) {
        s_LockInitialized = true;
        s_Count = 0;
    }
    return status;
}

void WatchList::ClearLocked()
{
    for (ULONG i = 0; i < s_Count; ++i) {
        ExFreePoolWithTag(s_Prefixes[i].Buffer, kTag);
        s_Prefixes[i] = {};
    }
    s_Count = 0;
}

void WatchList::Clear()
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    ClearLocked();
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();
}

void WatchList::Destroy()
{
    if (!s_LockInitialized) {
        return;
    }
    Clear();
    ExDeleteResourceLite(&s_Lock);
    s_LockInitialized = false;
}

NTSTATUS WatchList::Add(PCWCH Prefix, USHORT Bytes)
{
    if (Bytes == 0 || (Bytes % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    auto copy = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Bytes, kTag));
    if (!copy) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Prefix, Bytes);

    NTSTATUS status = STATUS_QUOTA_EXCEEDED;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    if (s_Count < kMaxWatches) {
        s_Prefixes[s_Count].Buffer = copy;
        s_Prefixes[s_Count].Length = Bytes;
        s_Prefixes[s_Count].MaximumLength = Bytes;
        ++s_Count;
        copy = nullptr;
        status = STATUS_SUCCESS;
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    if (copy) {
        ExFreePoolWithTag(copy, kTag);
    }
    return status;
}

bool WatchList::Matches(PCUNICODE_STRING Path)
{
    bool hit = false;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&s_Lock, TRUE);
    for (ULONG i = 0; i < s_Count && !hit; ++i) {
        hit = RtlPrefixUnicodeString(&s_Prefixes[i], Path, TRUE) != FALSE;
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    return hit;
}

// ---------------------------------------------------------- RegFilter ----

LARGE_INTEGER RegFilter::s_Cookie = {};
bool          RegFilter::s_Registered = false;

void RegFilter::Audit(RegOp Op, PVOID KeyObject)
{
    PCUNICODE_STRING name = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_Cookie, KeyObject, nullptr, &name, 0))) {
        return;
    }
    if (WatchList::Matches(name)) {
        Etw::WriteRegOp(Op, HandleToULong(PsGetCurrentProcessId()), name);
    }
    CmCallbackReleaseKeyObjectIDEx(name);
}

NTSTATUS RegFilter::Callback(PVOID, PVOID Argument1, PVOID Argument2)
{
    if (!Argument2) {
        return STATUS_SUCCESS;
    }

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1))) {
    case RegNtPreSetValueKey:
        Audit(RegOp::SetValue, static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object);
        break;
    case RegNtPreDeleteValueKey:
        Audit(RegOp::DeleteValue, static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object);
        break;
    case RegNtPreDeleteKey:
        Audit(RegOp::DeleteKey, static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object);
        break;
    case RegNtPreRenameKey:
        Audit(RegOp::RenameKey, static_cast<PREG_RENAME_KEY_INFORMATION>(Argument2)->Object);
        break;
    default:
        break;
    }

    // audit only, never block
    return STATUS_SUCCESS;
}

NTSTATUS RegFilter::Start(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385230");

    NTSTATUS status = CmRegisterCallbackEx(Callback, &altitude, DriverObject, nullptr, &s_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        RA_TRACE("CmRegisterCallbackEx 0x%08X", status);
        return status;
    }
    s_Registered = true;
    return STATUS_SUCCESS;
}

void RegFilter::Stop()
{
    if (s_Registered) {
        CmUnRegisterCallback(s_Cookie);
        s_Registered = false;
    }
}

} // namespace ra
