// RegMon.cpp
//
// Registry activity counter + "who touches the Run keys" logger.
// Follows chapter 9 of the book, but with a class around the callback
// instead of a pile of globals.
//
// Query counters:  DeviceIoControl(\\.\RegMon, IOCTL_REGMON_QUERY, ...)

#include <ntddk.h>

#define REGMON_DEVICE   L"\\Device\\RegMon"
#define REGMON_LINK     L"\\??\\RegMon"
#define IOCTL_REGMON_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

struct RegMonCounters {
    LONG SetValue;
    LONG DeleteValue;
    LONG CreateKey;
    LONG DeleteKey;
    LONG RunKeyWrites;
};

class RegistryMonitor final {
public:
    RegistryMonitor() = default;
    RegistryMonitor(const RegistryMonitor&) = delete;
    RegistryMonitor& operator=(const RegistryMonitor&) = delete;

    // Signature required by CmRegisterCallbackEx (EX_CALLBACK_FUNCTION).
    static NTSTATUS OnRegistryOperation(PVOID CallbackContext, PVOID Argument1, PVOID Argument2);

    void Snapshot(RegMonCounters* out) const
    {
        out->SetValue = m_counters.SetValue;
        out->DeleteValue = m_counters.DeleteValue;
        out->CreateKey = m_counters.CreateKey;
        out->DeleteKey = m_counters.DeleteKey;
        out->RunKeyWrites = m_counters.RunKeyWrites;
    }

private:
    void OnSetValue(PREG_SET_VALUE_KEY_INFORMATION info);

    RegMonCounters m_counters{};
};

namespace {

LARGE_INTEGER     g_Cookie;
RegistryMonitor*  g_Monitor;
PDEVICE_OBJECT    g_Device;
UNICODE_STRING    g_LinkName = RTL_CONSTANT_STRING(REGMON_LINK);
UNICODE_STRING    g_Altitude = RTL_CONSTANT_STRING(L"380010");
UNICODE_STRING    g_RunSuffix = RTL_CONSTANT_STRING(L"\\CurrentVersion\\Run");

bool EndsWithInsensitive(PCUNICODE_STRING str, PCUNICODE_STRING suffix)
{
    if (str == nullptr || str->Length < suffix->Length) {
        return false;
    }
    UNICODE_STRING tail;
    tail.Buffer = str->Buffer + (str->Length - suffix->Length) / sizeof(WCHAR);
    tail.Length = suffix->Length;
    tail.MaximumLength = suffix->Length;
    return RtlEqualUnicodeString(&tail, suffix, TRUE) != FALSE;
}

} // namespace

void RegistryMonitor::OnSetValue(PREG_SET_VALUE_KEY_INFORMATION info)
{
    InterlockedIncrement(&m_counters.SetValue);

    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectID(&g_Cookie, info->Object, nullptr, &keyName))) {
        return;
    }
    if (EndsWithInsensitive(keyName, &g_RunSuffix)) {
        InterlockedIncrement(&m_counters.RunKeyWrites);
        KdPrint(("RegMon: pid %u writes %wZ\\%wZ\n",
                 HandleToULong(PsGetCurrentProcessId()), keyName, info->ValueName));
    }
}

NTSTATUS RegistryMonitor::OnRegistryOperation(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    auto self = static_cast<RegistryMonitor*>(CallbackContext);
    const auto notifyClass = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    switch (notifyClass) {
    case RegNtPreSetValueKey:
        self->OnSetValue(static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2));
        break;
    case RegNtPreDeleteValueKey:
        InterlockedIncrement(&self->m_counters.DeleteValue);
        break;
    case RegNtPreCreateKeyEx:
        InterlockedIncrement(&self->m_counters.CreateKey);
        break;
    case RegNtPreDeleteKey:
        InterlockedIncrement(&self->m_counters.DeleteKey);
        break;
    default:
        break;
    }
    // We only watch; never block anything.
    return STATUS_SUCCESS;
}

// ---------------------------------------------------------------------------

static NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS status, ULONG_PTR info)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS RegMonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteRequest(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS RegMonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = stack->Parameters.DeviceIoControl;

    if (dic.IoControlCode != IOCTL_REGMON_QUERY) {
        return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (dic.OutputBufferLength < sizeof(RegMonCounters)) {
        return CompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    g_Monitor->Snapshot(static_cast<RegMonCounters*>(Irp->AssociatedIrp.SystemBuffer));
    return CompleteRequest(Irp, STATUS_SUCCESS, sizeof(RegMonCounters));
}

static void RegMonUnload(PDRIVER_OBJECT)
{
    CmUnRegisterCallback(g_Cookie);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Monitor = nullptr;
    KdPrint(("RegMon: unloaded\n"));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = RegMonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonDeviceControl;

    RegistryMonitor monitor;

    auto status = CmRegisterCallbackEx(&RegistryMonitor::OnRegistryOperation, &g_Altitude,
                                       DriverObject, &monitor, &g_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("RegMon: CmRegisterCallbackEx failed 0x%08X\n", status));
        return status;
    }
    g_Monitor = &monitor;

    UNICODE_STRING devName = RTL_CONSTANT_STRING(REGMON_DEVICE);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("RegMon: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("RegMon: IoCreateSymbolicLink failed 0x%08X\n", status));
        IoDeleteDevice(g_Device);
        CmUnRegisterCallback(g_Cookie);
        return status;
    }

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("RegMon: watching the registry\n"));
    return STATUS_SUCCESS;
}
