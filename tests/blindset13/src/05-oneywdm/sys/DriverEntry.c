// DriverEntry.c -- main module of the COUNTER sample driver
// Old-school WDM: AddDevice/PnP/Power by hand, INIT section for DriverEntry.

#include "stddcls.h"
#include <initguid.h>
#include "driver.h"

NTSTATUS DriverEntry(IN PDRIVER_OBJECT DriverObject, IN PUNICODE_STRING RegistryPath);
static VOID ReadParameters(PDRIVER_DATA data);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, ReadParameters)
#pragma alloc_text(PAGE, AddDevice)
#pragma alloc_text(PAGE, DriverUnload)
#pragma alloc_text(PAGE, Reinitialize)
#endif

UNICODE_STRING servkey;             // copy of our service key path
const ULONG DriverDataKey = COUNTER_TAG;    // address is the extension's id

///////////////////////////////////////////////////////////////////////////////

NTSTATUS DriverEntry(IN PDRIVER_OBJECT DriverObject, IN PUNICODE_STRING RegistryPath)
{                           // DriverEntry
    NTSTATUS status;
    PDRIVER_DATA data;

    KdPrint((DRIVERNAME " - Entering DriverEntry: DriverObject %p\n", DriverObject));

    // Save a copy of the service key path. The string we were handed lives
    // only as long as this call.

    servkey.Buffer = (PWSTR) ExAllocatePoolWithTag(PagedPool,
        RegistryPath->Length + sizeof(WCHAR), COUNTER_TAG);
    if (!servkey.Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    servkey.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&servkey, RegistryPath);
    servkey.Buffer[RegistryPath->Length / sizeof(WCHAR)] = 0;

    // Per-driver data. The I/O manager frees it with the driver object.

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID) &DriverDataKey,
        sizeof(DRIVER_DATA), (PVOID*) &data);
    if (!NT_SUCCESS(status))
        {                   // can't allocate extension
        KdPrint((DRIVERNAME " - IoAllocateDriverObjectExtension failed - %X\n", status));
        ExFreePoolWithTag(servkey.Buffer, COUNTER_TAG);
        RtlInitUnicodeString(&servkey, NULL);
        return status;
        }                   // can't allocate extension

    RtlZeroMemory(data, sizeof(DRIVER_DATA));
    ReadParameters(data);

    // Initialize function pointers

    DriverObject->DriverUnload = DriverUnload;
    DriverObject->DriverExtension->AddDevice = AddDevice;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchWmi;

    // Ask for one more call once the other boot drivers have loaded. Done
    // last, because nothing may fail after this point.

    IoRegisterDriverReinitialization(DriverObject, Reinitialize, NULL);

    return STATUS_SUCCESS;
}                           // DriverEntry

///////////////////////////////////////////////////////////////////////////////

static VOID ReadParameters(PDRIVER_DATA data)
{                           // ReadParameters
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defaultLevel = 1;
    UNICODE_STRING path;
    WCHAR buffer[256];

    data->DebugLevel = defaultLevel;

    RtlInitEmptyUnicodeString(&path, buffer, sizeof(buffer));
    if (!NT_SUCCESS(RtlAppendUnicodeStringToString(&path, &servkey)) ||
        !NT_SUCCESS(RtlAppendUnicodeToString(&path, L"\\Parameters")))
        return;             // path too long: keep the default

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"DebugLevel";
    table[0].EntryContext = &data->DebugLevel;
    table[0].DefaultType = REG_DWORD;
    table[0].DefaultData = &defaultLevel;
    table[0].DefaultLength = sizeof(ULONG);

    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
        path.Buffer, table, NULL, NULL);
}                           // ReadParameters

///////////////////////////////////////////////////////////////////////////////

PDRIVER_DATA GetDriverData(PDRIVER_OBJECT DriverObject)
{                           // GetDriverData
    return (PDRIVER_DATA) IoGetDriverObjectExtension(DriverObject, (PVOID) &DriverDataKey);
}                           // GetDriverData

///////////////////////////////////////////////////////////////////////////////

VOID Reinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{                           // Reinitialize
    PDRIVER_DATA data = GetDriverData(DriverObject);
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Context);

    data->ReinitCount = Count;
    KdPrint((DRIVERNAME " - Reinitialize #%u, %d device(s)\n", Count, data->DeviceCount));
}                           // Reinitialize

///////////////////////////////////////////////////////////////////////////////

VOID DriverUnload(IN PDRIVER_OBJECT DriverObject)
{                           // DriverUnload
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint((DRIVERNAME " - Entering DriverUnload\n"));
    if (servkey.Buffer)
        ExFreePoolWithTag(servkey.Buffer, COUNTER_TAG);
    RtlInitUnicodeString(&servkey, NULL);
}                           // DriverUnload

///////////////////////////////////////////////////////////////////////////////

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT pdo)
{                           // AddDevice
    NTSTATUS status;
    PDEVICE_OBJECT fdo;
    PDEVICE_EXTENSION pdx;
    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL,
        FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status))
        {                   // can't create device object
        KdPrint((DRIVERNAME " - IoCreateDevice failed - %X\n", status));
        return status;
        }                   // can't create device object

    pdx = (PDEVICE_EXTENSION) fdo->DeviceExtension;
    RtlZeroMemory(pdx, sizeof(DEVICE_EXTENSION));
    pdx->DeviceObject = fdo;
    pdx->Pdo = pdo;
    IoInitializeRemoveLock(&pdx->RemoveLock, COUNTER_TAG, 0, 0);

    status = IoRegisterDeviceInterface(pdo, &GUID_DEVINTERFACE_COUNTER, NULL, &pdx->ifname);
    if (!NT_SUCCESS(status))
        {                   // unable to register interface
        KdPrint((DRIVERNAME " - IoRegisterDeviceInterface failed - %X\n", status));
        IoDeleteDevice(fdo);
        return status;
        }                   // unable to register interface

    pdx->LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, pdo);
    if (!pdx->LowerDeviceObject)
        {                   // can't attach
        KdPrint((DRIVERNAME " - IoAttachDeviceToDeviceStack failed\n"));
        RtlFreeUnicodeString(&pdx->ifname);
        IoDeleteDevice(fdo);
        return STATUS_DEVICE_REMOVED;
        }                   // can't attach

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    InterlockedIncrement(&GetDriverData(DriverObject)->DeviceCount);
    return STATUS_SUCCESS;
}                           // AddDevice

///////////////////////////////////////////////////////////////////////////////

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS status, ULONG_PTR info)
{                           // CompleteRequest
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}                           // CompleteRequest
