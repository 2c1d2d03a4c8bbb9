#include "RegMon.h"

namespace regmon {

Monitor* Monitor::s_instance = nullptr;

static UNICODE_STRING s_altitude = RTL_CONSTANT_STRING(L"385210.7");
static UNICODE_STRING s_deviceName = RTL_CONSTANT_STRING(REGMON_DEVICE);
static UNICODE_STRING s_linkName = RTL_CONSTANT_STRING(REGMON_LINK);

// Kept out of the pool-allocated Monitor: the list header wants cache alignment.
static NPAGED_LOOKASIDE_LIST s_lookaside;

NTSTATUS Monitor::Create(PDRIVER_OBJECT DriverObject)
{
    Monitor* mon = kutil::PoolNew<Monitor>(POOL_FLAG_NON_PAGED, kTag);
    if (mon == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_instance = mon;

    NTSTATUS status = mon->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("RegMon: start failed at stage %lu (0x%08X)\n", mon->m_stage, status));
        mon->Teardown();
        s_instance = nullptr;
        kutil::PoolDelete(mon, kTag);
    }
    return status;
}

void Monitor::Destroy()
{
    Monitor* mon = s_instance;
    if (mon == nullptr) {
        return;
    }
    mon->Teardown();
    s_instance = nullptr;
    kutil::PoolDelete(mon, kTag);
}

NTSTATUS Monitor::Start(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    InitializeListHead(&m_events);
    m_lock.Init();

    m_lookaside = &s_lookaside;
    ExInitializeNPagedLookasideList(m_lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Entry), kTag, 0);
    m_stage = StageLookaside;

    status = IoCreateDevice(DriverObject, 0, &s_deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &m_device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_device->Flags |= DO_BUFFERED_IO;
    m_stage = StageDevice;

    status = IoCreateSymbolicLink(&s_linkName, &s_deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_stage = StageLink;

    status = CmRegisterCallbackEx(&Monitor::OnRegistry, &s_altitude, DriverObject,
                                  this, &m_cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_stage = StageCallback;

    return STATUS_SUCCESS;
}

void Monitor::Teardown()
{
    switch (m_stage) {
    case StageCallback:
        CmUnRegisterCallback(m_cookie);
        __fallthrough;

    case StageLink:
        IoDeleteSymbolicLink(&s_linkName);
        __fallthrough;

    case StageDevice:
        IoDeleteDevice(m_device);
        m_device = nullptr;
        __fallthrough;

    case StageLookaside:
        {
            kutil::AutoLock<kutil::FastMutex> guard(m_lock);
            while (!IsListEmpty(&m_events)) {
                PLIST_ENTRY le = RemoveHeadList(&m_events);
                ExFreeToNPagedLookasideList(m_lookaside, CONTAINING_RECORD(le, Entry, Link));
            }
            m_count = 0;
        }
        ExDeleteNPagedLookasideList(m_lookaside);
        m_lookaside = nullptr;
        __fallthrough;

    case StageNone:
    default:
        break;
    }
    m_stage = StageNone;
}

NTSTATUS Monitor::OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    auto* self = static_cast<Monitor*>(Context);
    auto cls = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }
    self->Handle(cls, Argument2);
    return STATUS_SUCCESS;
}

void Monitor::Handle(REG_NOTIFY_CLASS cls, PVOID info)
{
    if (info == nullptr) {
        return;
    }

    switch (cls) {
    case RegNtPreSetValueKey: {
        auto* p = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(info);
        Record(RegOp::SetValue, p->Object, p->ValueName, nullptr);
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto* p = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(info);
        Record(RegOp::DeleteValue, p->Object, p->ValueName, nullptr);
        break;
    }
    case RegNtPostCreateKeyEx: {
        auto* p = static_cast<PREG_POST_OPERATION_INFORMATION>(info);
        if (!NT_SUCCESS(p->Status) || p->PreInformation == nullptr) {
            break;
        }
        auto* pre = static_cast<PREG_CREATE_KEY_INFORMATION>(p->PreInformation);
        Record(RegOp::CreateKey, nullptr, nullptr, pre->CompleteName);
        break;
    }
    case RegNtPreDeleteKey: {
        auto* p = static_cast<PREG_DELETE_KEY_INFORMATION>(info);
        Record(RegOp::DeleteKey, p->Object, nullptr, nullptr);
        break;
    }
    case RegNtPreRenameKey: {
        auto* p = static_cast<PREG_RENAME_KEY_INFORMATION>(info);
        Record(RegOp::RenameKey, p->Object, p->NewName, nullptr);
        break;
    }
    default:
        break;
    }
}

void Monitor::Record(RegOp op, PVOID keyObject, PCUNICODE_STRING valueName, PCUNICODE_STRING keyName)
{
    InterlockedIncrement(&m_total);

    auto* entry = static_cast<Entry*>(ExAllocateFromNPagedLookasideList(m_lookaside));
    if (entry == nullptr) {
        InterlockedIncrement(&m_dropped);
        return;
    }
    RtlZeroMemory(entry, sizeof(*entry));

    entry->Event.Op = op;
    entry->Event.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTimePrecise(&entry->Event.Time);

    if (keyObject != nullptr) {
        PCUNICODE_STRING name = nullptr;
        if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&m_cookie, keyObject, nullptr, &name, 0))) {
            kutil::CopyUnicodeTruncated(entry->Event.KeyPath, ARRAYSIZE(entry->Event.KeyPath), name);
            CmCallbackReleaseKeyObjectIDEx(name);
        }
    } else {
        kutil::CopyUnicodeTruncated(entry->Event.KeyPath, ARRAYSIZE(entry->Event.KeyPath), keyName);
    }
    kutil::CopyUnicodeTruncated(entry->Event.ValueName, ARRAYSIZE(entry->Event.ValueName), valueName);

    kutil::AutoLock<kutil::FastMutex> guard(m_lock);
    if (m_count >= kMaxQueued) {
        PLIST_ENTRY oldest = RemoveHeadList(&m_events);
        ExFreeToNPagedLookasideList(m_lookaside, CONTAINING_RECORD(oldest, Entry, Link));
        m_count--;
        InterlockedIncrement(&m_dropped);
    }
    InsertTailList(&m_events, &entry->Link);
    m_count++;
}

ULONG Monitor::Drain(RegEvent* out, ULONG maxEvents)
{
    ULONG n = 0;
    kutil::AutoLock<kutil::FastMutex> guard(m_lock);

    while (n < maxEvents && !IsListEmpty(&m_events)) {
        PLIST_ENTRY le = RemoveHeadList(&m_events);
        Entry* entry = CONTAINING_RECORD(le, Entry, Link);
        out[n++] = entry->Event;
        m_count--;
        ExFreeToNPagedLookasideList(m_lookaside, entry);
    }
    return n;
}

void Monitor::QueryStats(RegStats* stats)
{
    kutil::AutoLock<kutil::FastMutex> guard(m_lock);
    stats->Queued = m_count;
    stats->Dropped = m_dropped;
    stats->Total = m_total;
}

} // namespace regmon
