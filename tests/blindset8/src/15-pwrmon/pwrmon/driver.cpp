// pwrmon.sys - exposes display / power source / lid state to the
// desktop agent through \\.\PwrMon (IOCTL_PWRMON_QUERY).

#include <initguid.h>
#include "../shared/pwrsettings.h"

#define PWRMON_DEVICE   L"\\Device\\PwrMon"
#define PWRMON_LINK     L"\\DosDevices\\PwrMon"

#define IOCTL_PWRMON_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

struct PWRMON_STATE {
    ULONG DisplayState;     // 0 off, 1 on, 2 dimmed
    ULONG PowerSource;      // 0 AC, 1 DC, 2 short-term DC
    ULONG LidOpen;
    ULONG Changes;
};

struct PWRMON_EXTENSION {
    KSPIN_LOCK   Lock;
    PWRMON_STATE State;
};

#define CHECK(expr, label)                      \
    do {                                        \
        status = (expr);                        \
        if (!NT_SUCCESS(status)) {              \
            KdPrint(("pwrmon: %s -> 0x%08X\n", #expr, status)); \
            goto label;                         \
        }                                       \
    } while (0)

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD    PwrmonUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH  PwrmonCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH  PwrmonDeviceControl;

static POWER_SETTING_CALLBACK PwrmonSettingChanged;

static pwr::Setting g_Settings[] = {
    { &GUID_CONSOLE_DISPLAY_STATE,  PwrmonSettingChanged, nullptr, "display" },
    { &GUID_ACDC_POWER_SOURCE,      PwrmonSettingChanged, nullptr, "acdc" },
    { &GUID_LIDSWITCH_STATE_CHANGE, PwrmonSettingChanged, nullptr, "lid" },
};

static pwr::SettingSet g_SettingSet(g_Settings, ARRAYSIZE(g_Settings));

static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(PWRMON_LINK);

static NTSTATUS
PwrmonSettingChanged(
    _In_ LPCGUID SettingGuid,
    _In_reads_bytes_(ValueLength) PVOID Value,
    _In_ ULONG ValueLength,
    _Inout_opt_ PVOID Context
    )
{
    auto ext = static_cast<PWRMON_EXTENSION*>(Context);
    ULONG v = pwr::ValueAsUlong(Value, ValueLength, MAXULONG);
    KIRQL irql;

    if (ext == nullptr || v == MAXULONG) {
        return STATUS_SUCCESS;
    }

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (IsEqualGUID(*SettingGuid, GUID_CONSOLE_DISPLAY_STATE)) {
        ext->State.DisplayState = v;
    } else if (IsEqualGUID(*SettingGuid, GUID_ACDC_POWER_SOURCE)) {
        ext->State.PowerSource = v;
    } else if (IsEqualGUID(*SettingGuid, GUID_LIDSWITCH_STATE_CHANGE)) {
        ext->State.LidOpen = v;
    }
    ext->State.Changes++;
    KeReleaseSpinLock(&ext->Lock, irql);

    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;
    PWRMON_EXTENSION* ext;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&deviceName, PWRMON_DEVICE);

    CHECK(IoCreateDevice(DriverObject, sizeof(PWRMON_EXTENSION), &deviceName,
                         FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device),
          fail_device);

    ext = static_cast<PWRMON_EXTENSION*>(g_Device->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->Lock);
    ext->State.LidOpen = 1;
    g_Device->Flags |= DO_BUFFERED_IO;

    CHECK(IoCreateSymbolicLink(&g_LinkName, &deviceName), fail_link);

    // The callbacks fire immediately with the current values; the
    // extension they write to is initialized above.
    CHECK(g_SettingSet.RegisterAll(g_Device, ext), fail_settings);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PwrmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PwrmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwrmonDeviceControl;
    DriverObject->DriverUnload = PwrmonUnload;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_settings:
    // RegisterAll has already undone its partial work.
    IoDeleteSymbolicLink(&g_LinkName);
fail_link:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
fail_device:
    return status;
}

static VOID
PwrmonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    // Callbacks reference the device extension: stop them first.
    g_SettingSet.UnregisterAll();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
}

static NTSTATUS
PwrmonCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PwrmonDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto ext = static_cast<PWRMON_EXTENSION*>(DeviceObject->DeviceExtension);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL irql;

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_PWRMON_QUERY) {
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PWRMON_STATE)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            KeAcquireSpinLock(&ext->Lock, &irql);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->State, sizeof(PWRMON_STATE));
            KeReleaseSpinLock(&ext->Lock, irql);
            status = STATUS_SUCCESS;
            info = sizeof(PWRMON_STATE);
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
