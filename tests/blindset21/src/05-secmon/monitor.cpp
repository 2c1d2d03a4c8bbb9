//
// monitor.cpp
//
// Monitor lifetime, callback registration and the callbacks themselves.
//
#include "secmon.h"
#include <ntstrsafe.h>

using namespace secmon;

Monitor* volatile Monitor::s_Instance = nullptr;

namespace {

const UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(SECMON_DEVICE_NAME);
const UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(SECMON_LINK_NAME);
const UNICODE_STRING g_Altitude   = RTL_CONSTANT_STRING(SECMON_ALTITUDE);

//
// Fills an event header; detail text is optional.
//
class EventBuilder {
public:
    EventBuilder(EventKind kind, HANDLE pid, HANDLE other) noexcept
    {
        RtlZeroMemory(&m_Event, sizeof(m_Event));
        m_Event.Kind = kind;
        KeQuerySystemTimePrecise(&m_Event.Time);
        m_Event.ProcessId = reinterpret_cast<ULONG_PTR>(pid);
        m_Event.ThreadOrParentId = reinterpret_cast<ULONG_PTR>(other);
    }

    EventBuilder& Detail(PCUNICODE_STRING text) noexcept
    {
        if (text != nullptr && text->Buffer != nullptr) {
            USHORT chars = text->Length / sizeof(WCHAR);
            const USHORT maxChars = RTL_NUMBER_OF(m_Event.Detail) - 1;
            USHORT skip = chars > maxChars ? static_cast<USHORT>(chars - maxChars) : 0;
            //
            // Keep the tail: the image or value name is the useful part.
            //
            (void)RtlStringCchCopyNW(m_Event.Detail,
                                     RTL_NUMBER_OF(m_Event.Detail),
                                     text->Buffer + skip,
                                     chars - skip);
        }
        return *this;
    }

    const SecmonEvent& Get() const noexcept { return m_Event; }

private:
    SecmonEvent m_Event;
};

} // namespace

//
// EventRing
//
EventRing::~EventRing()
{
    if (m_Entries != nullptr) {
        ExFreePoolWithTag(m_Entries, SECMON_TAG);
        m_Entries = nullptr;
    }
}

NTSTATUS EventRing::Initialize(ULONG capacity) noexcept
{
    SIZE_T bytes;

    if (capacity == 0 || capacity > 65536) {
        return STATUS_INVALID_PARAMETER;
    }

    bytes = static_cast<SIZE_T>(capacity) * sizeof(SecmonEvent);
    m_Entries = static_cast<SecmonEvent*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, SECMON_TAG));
    if (m_Entries == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    m_Capacity = capacity;
    return STATUS_SUCCESS;
}

void EventRing::Push(const SecmonEvent& ev) noexcept
{
    kutil::SpinLockGuard guard(&m_Lock);

    ULONG slot = (m_Head + m_Count) % m_Capacity;
    m_Entries[slot] = ev;

    if (m_Count < m_Capacity) {
        m_Count++;
    } else {
        m_Head = (m_Head + 1) % m_Capacity;
        m_Lost++;
    }
}

ULONG EventRing::Drain(SecmonEvent* out, ULONG maxEvents) noexcept
{
    kutil::SpinLockGuard guard(&m_Lock);
    ULONG n = 0;

    while (n < maxEvents && m_Count > 0) {
        out[n++] = m_Entries[m_Head];
        m_Head = (m_Head + 1) % m_Capacity;
        m_Count--;
    }
    return n;
}

//
// Monitor
//
Monitor::~Monitor()
{
    //
    // Callbacks first (they dereference s_Instance), then the user-visible
    // names, then the device. The ring is freed by its own destructor.
    //
    m_RegistryCallback.Reset();
    m_ThreadNotify.Reset();
    m_ProcessNotify.Reset();

    s_Instance = nullptr;

    m_Link.Reset();
    m_Device.Reset();
}

NTSTATUS Monitor::Initialize(ULONG ringCapacity) noexcept
{
    PAGED_CODE();

    RETURN_IF_NT_FAILED(m_Ring.Initialize(ringCapacity));
    RETURN_IF_NT_FAILED(CreateControlDevice());

    s_Instance = this;

    RETURN_IF_NT_FAILED(RegisterCallbacks());
    return STATUS_SUCCESS;
}

NTSTATUS Monitor::CreateControlDevice() noexcept
{
    PDEVICE_OBJECT device = nullptr;

    NTSTATUS status = IoCreateDevice(m_DriverObject,
                                     0,
                                     const_cast<PUNICODE_STRING>(&g_DeviceName),
                                     FILE_DEVICE_SECMON,
                                     FILE_DEVICE_SECURE_OPEN,
                                     TRUE,
                                     &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Device.Put(device);

    status = IoCreateSymbolicLink(const_cast<PUNICODE_STRING>(&g_LinkName),
                                  const_cast<PUNICODE_STRING>(&g_DeviceName));
    if (!NT_SUCCESS(status)) {
        return status;      // m_Device is released by the destructor
    }
    m_Link.Put(&g_LinkName);

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS Monitor::RegisterCallbacks() noexcept
{
    NTSTATUS      status;
    LARGE_INTEGER cookie = {};

    status = PsSetCreateProcessNotifyRoutineEx(&Monitor::ProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_ProcessNotify.Put(&Monitor::ProcessNotify);

    status = PsSetCreateThreadNotifyRoutine(&Monitor::ThreadNotify);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_ThreadNotify.Put(&Monitor::ThreadNotify);

    status = CmRegisterCallbackEx(&Monitor::RegistryNotify,
                                  &g_Altitude,
                                  m_DriverObject,
                                  this,
                                  &cookie,
                                  nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_RegistryCallback.Put(cookie.QuadPart);

    return STATUS_SUCCESS;
}

void Monitor::ProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    UNREFERENCED_PARAMETER(process);

    Monitor* self = s_Instance;
    if (self == nullptr) {
        return;
    }

    if (info != nullptr) {
        EventBuilder ev(EventKind::ProcessCreate, pid, info->ParentProcessId);
        ev.Detail(info->ImageFileName);
        self->m_Ring.Push(ev.Get());
    } else {
        EventBuilder ev(EventKind::ProcessExit, pid, nullptr);
        self->m_Ring.Push(ev.Get());
    }
}

void Monitor::ThreadNotify(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    Monitor* self = s_Instance;
    if (self == nullptr) {
        return;
    }

    EventBuilder ev(create ? EventKind::ThreadCreate : EventKind::ThreadExit, pid, tid);
    self->m_Ring.Push(ev.Get());
}

NTSTATUS Monitor::RegistryNotify(PVOID context, PVOID arg1, PVOID arg2)
{
    auto self = static_cast<Monitor*>(context);
    auto notifyClass = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(arg1));

    if (self == nullptr || arg2 == nullptr) {
        return STATUS_SUCCESS;
    }

    if (notifyClass == RegNtPreSetValueKey) {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(arg2);
        EventBuilder ev(EventKind::RegistrySetValue, PsGetCurrentProcessId(), PsGetCurrentThreadId());
        ev.Detail(info->ValueName);
        self->m_Ring.Push(ev.Get());
    }

    return STATUS_SUCCESS;
}
