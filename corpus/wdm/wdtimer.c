/*
 * wdtimer.c - driver for the watchdog timer block of a board-management
 * controller, root-enumerated on boards whose firmware does not describe it.
 *
 * The same source builds two flavours: the original WDM driver (default)
 * and a KMDF port (define USE_KMDF in the sources file). The KMDF flavour
 * is not shipped yet; keep both compiling until the WDM one is retired.
 */

#ifdef USE_KMDF
#include <ntddk.h>
#include <wdf.h>
#else
#include <ntddk.h>
#endif

#define WDT_TAG             'TdWb'
#define WDT_DEFAULT_SECONDS 120

DRIVER_INITIALIZE DriverEntry;

#ifdef USE_KMDF

EVT_WDF_DRIVER_DEVICE_ADD WdtEvtDeviceAdd;

NTSTATUS
DriverEntry(                                    // inactive variant
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, WdtEvtDeviceAdd);
    config.DriverPoolTag = WDT_TAG;

    return WdfDriverCreate(DriverObject, RegistryPath,
                           WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS
WdtEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

#else /* !USE_KMDF */

typedef struct _WDT_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
    ULONG          TimeoutSeconds;
} WDT_EXTENSION, *PWDT_EXTENSION;

static ULONG WdtTimeoutSeconds = WDT_DEFAULT_SECONDS;

DRIVER_ADD_DEVICE WdtAddDevice;
DRIVER_UNLOAD WdtUnload;

_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH WdtForward;

static VOID
WdtReadParameters(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defaultValue = WDT_DEFAULT_SECONDS;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name          = L"TimeoutSeconds";
    table[0].EntryContext  = &WdtTimeoutSeconds;
    table[0].DefaultType   = REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    /* Parameters subkey of the service key; absence is not an error. */
    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status) || WdtTimeoutSeconds < 10) {
        WdtTimeoutSeconds = WDT_DEFAULT_SECONDS;
    }
}

NTSTATUS
DriverEntry(                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WdtReadParameters(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_PNP]            = WdtForward;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = WdtForward;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = WdtForward;
    DriverObject->DriverExtension->AddDevice           = WdtAddDevice;
    DriverObject->DriverUnload                         = WdtUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
WdtAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PWDT_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(WDT_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PWDT_EXTENSION)fdo->DeviceExtension;
    ext->TimeoutSeconds = WdtTimeoutSeconds;
    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
WdtForward(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWDT_EXTENSION ext = (PWDT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->LowerDevice;
    NTSTATUS status;

    if (irpSp->MajorFunction == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(lower, Irp);
    }

    if (irpSp->MajorFunction == IRP_MJ_PNP &&
        irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

VOID
WdtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

#endif /* USE_KMDF */
