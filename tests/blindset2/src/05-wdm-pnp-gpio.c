/*
 * gpiotoy.sys - WDM function driver for a made-up memory-mapped GPIO card.
 * Learning project: full MajorFunction table + AddDevice, no KMDF.
 */
#include <wdm.h>
#include <ntstrsafe.h>

#define GPIO_TAG 'oipG'

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT LowerDevice;
    PDEVICE_OBJECT Pdo;
    IO_REMOVE_LOCK RemoveLock;
} FDO_EXTENSION, *PFDO_EXTENSION;

UNICODE_STRING g_RegistryPath;
ULONG g_PollIntervalMs = 100;
ULONG g_PinCount = 32;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE GpioAddDevice;
DRIVER_UNLOAD GpioUnload;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH GpioDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH GpioDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH GpioDispatchPassDown;
DRIVER_DISPATCH GpioDispatchCreateClose;
DRIVER_DISPATCH GpioDispatchIoctl;
DRIVER_DISPATCH GpioDispatchUnsupported;

static NTSTATUS
GpioReadParameters(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[3];

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"PollIntervalMs";
    table[0].EntryContext = &g_PollIntervalMs;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"PinCount";
    table[1].EntryContext = &g_PinCount;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_RegistryPath.Buffer, table, NULL, NULL);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    g_RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    g_RegistryPath.Length = 0;
    g_RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g_RegistryPath.MaximumLength, GPIO_TAG);
    if (g_RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_RegistryPath, RegistryPath);

    status = GpioReadParameters();
    if (!NT_SUCCESS(status)) {
        DbgPrint("gpiotoy: bad Parameters key (0x%08X)\n", status);
        return status;
    }
    if (g_PinCount == 0 || g_PinCount > 64) {
        ExFreePoolWithTag(g_RegistryPath.Buffer, GPIO_TAG);
        g_RegistryPath.Buffer = NULL;
        return STATUS_INVALID_PARAMETER;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = GpioDispatchUnsupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GpioDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GpioDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GpioDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = GpioDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = GpioDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = GpioDispatchPassDown;
    DriverObject->DriverExtension->AddDevice = GpioAddDevice;
    DriverObject->DriverUnload = GpioUnload;

    return STATUS_SUCCESS;
}

VOID
GpioUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_RegistryPath.Buffer, GPIO_TAG);
        g_RegistryPath.Buffer = NULL;
    }
}

NTSTATUS
GpioAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT fdo;
    PFDO_EXTENSION ext;

    status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PFDO_EXTENSION)fdo->DeviceExtension;
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, GPIO_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
