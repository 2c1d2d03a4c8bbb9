//
// etwmon - publishes process start/exit and image loads as ETW events from a
// manifest-less provider. Capture with:
//   xperf -start mon -on 7A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9 ... 
//
#include <ntddk.h>
#include <evntrace.h>
#include <wmistr.h>
#include <evntprov.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace etwmon {

// {7A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9}
static const GUID kProviderGuid =
    { 0x7a1b2c3d, 0x4e5f, 0x4061, { 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9 } };

enum : USHORT {
    kEventProcessStart = 1,
    kEventProcessExit = 2,
    kEventImageLoad = 3,
};

template <typename T>
inline void Describe(EVENT_DATA_DESCRIPTOR& d, const T& value)
{
    EventDataDescCreate(&d, &value, sizeof(T));
}

inline void Describe(EVENT_DATA_DESCRIPTOR& d, PCUNICODE_STRING s)
{
    static const WCHAR empty = L'\0';
    if (s != nullptr && s->Buffer != nullptr) {
        EventDataDescCreate(&d, s->Buffer, s->Length);
    } else {
        EventDataDescCreate(&d, &empty, sizeof(empty));
    }
}

class Provider {
public:
    static NTSTATUS Start()
    {
        NTSTATUS status = EtwRegister(&kProviderGuid, &Provider::OnEnable, nullptr, &s_handle);
        if (!NT_SUCCESS(status)) {
            s_handle = 0;
        }
        return status;
    }

    static void Stop()
    {
        REGHANDLE h = static_cast<REGHANDLE>(InterlockedExchange64(
            reinterpret_cast<volatile LONG64*>(&s_handle), 0));
        if (h != 0) {
            EtwUnregister(h);
        }
        InterlockedExchange(&s_enabled, 0);
    }

    static bool Enabled() { return s_handle != 0 && InterlockedCompareExchange(&s_enabled, 0, 0) != 0; }

    template <size_t N>
    static void Write(USHORT id, UCHAR level, EVENT_DATA_DESCRIPTOR (&data)[N])
    {
        if (!Enabled()) {
            return;
        }
        EVENT_DESCRIPTOR desc;
        EventDescCreate(&desc, id, 0, 0, level, 0, 0, 0);
        EtwWrite(s_handle, &desc, nullptr, static_cast<ULONG>(N), data);
    }

private:
    static VOID NTAPI OnEnable(LPCGUID, ULONG isEnabled, UCHAR, ULONGLONG, ULONGLONG,
                               PEVENT_FILTER_DESCRIPTOR, PVOID)
    {
        InterlockedExchange(&s_enabled, isEnabled == EVENT_CONTROL_CODE_ENABLE_PROVIDER ? 1 : 0);
    }

    static REGHANDLE s_handle;
    static volatile LONG s_enabled;
};

REGHANDLE Provider::s_handle = 0;
volatile LONG Provider::s_enabled = 0;

class Monitor {
public:
    static VOID OnProcess(PEPROCESS, HANDLE processId, PPS_CREATE_NOTIFY_INFO info)
    {
        ULONG pid = HandleToULong(processId);
        if (info != nullptr) {
            ULONG parent = HandleToULong(info->ParentProcessId);
            EVENT_DATA_DESCRIPTOR data[3];
            Describe(data[0], pid);
            Describe(data[1], parent);
            Describe(data[2], info->ImageFileName);
            Provider::Write(kEventProcessStart, TRACE_LEVEL_INFORMATION, data);
        } else {
            EVENT_DATA_DESCRIPTOR data[1];
            Describe(data[0], pid);
            Provider::Write(kEventProcessExit, TRACE_LEVEL_INFORMATION, data);
        }
    }

    static VOID OnImageLoad(PUNICODE_STRING fullImageName, HANDLE processId, PIMAGE_INFO imageInfo)
    {
        ULONG pid = HandleToULong(processId);
        ULONG64 base = reinterpret_cast<ULONG64>(imageInfo->ImageBase);
        ULONG64 size = imageInfo->ImageSize;

        EVENT_DATA_DESCRIPTOR data[4];
        Describe(data[0], pid);
        Describe(data[1], base);
        Describe(data[2], size);
        Describe(data[3], static_cast<PCUNICODE_STRING>(fullImageName));
        Provider::Write(kEventImageLoad, TRACE_LEVEL_VERBOSE, data);
    }
};

static VOID Unload(PDRIVER_OBJECT)
{
    PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, TRUE);
    PsRemoveLoadImageNotifyRoutine(&Monitor::OnImageLoad);
    Provider::Stop();
}

} // namespace etwmon

#pragma alloc_text(INIT, DriverEntry)

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace etwmon;

    // Without ETW there is nothing to publish to, but the driver still loads so
    // the notify routines can be exercised under a debugger.
    NTSTATUS status = Provider::Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("etwmon: EtwRegister 0x%08X, continuing without tracing\n", status));
    }

    status = PsSetLoadImageNotifyRoutine(&Monitor::OnImageLoad);
    if (!NT_SUCCESS(status)) {
        Provider::Stop();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(&Monitor::OnImageLoad);
        Provider::Stop();
        return status;
    }

    DriverObject->DriverUnload = &etwmon::Unload;
    return STATUS_SUCCESS;
}
