/*
 * scsiscn.c - DriverEntry / AddDevice / Unload
 */
#include "scsiscn.h"
#include <ntstrsafe.h>

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SsAddDevice)
#pragma alloc_text(PAGE, SsUnload)
#endif

/*
 * read the optional knobs from the service key
 *   DefaultTimeOut (REG_DWORD, seconds)
 *   MaxTransfer    (REG_DWORD, bytes)
 */
static VOID SsReadDriverParameters(_Inout_ PSCSISCN_DRIVER_EXTENSION DrvExt)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG defTimeout = SS_DEFAULT_TIMEOUT;
    ULONG defMax = SS_MAX_TRANSFER;
    NTSTATUS status;

    DrvExt->DefaultTimeOut = SS_DEFAULT_TIMEOUT;
    DrvExt->MaxTransfer = SS_MAX_TRANSFER;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"DefaultTimeOut";
    table[0].EntryContext = &DrvExt->DefaultTimeOut;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defTimeout;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"MaxTransfer";
    table[1].EntryContext = &DrvExt->MaxTransfer;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defMax;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DrvExt->RegistryPath.Buffer,
                                    table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        SsLog("no parameters (0x%x), using defaults\n", status);
    }

    if (DrvExt->MaxTransfer == 0 || DrvExt->MaxTransfer > SS_MAX_TRANSFER) {
        DrvExt->MaxTransfer = SS_MAX_TRANSFER;
    }
}

/*
 * per device override: TimeOut<N> in the service key
 */
static ULONG SsQueryDeviceTimeout(_In_ PSCSISCN_DRIVER_EXTENSION DrvExt, _In_ ULONG DeviceNumber)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    WCHAR valueName[32];
    ULONG value = DrvExt->DefaultTimeOut;
    ULONG def = DrvExt->DefaultTimeOut;

    if (!NT_SUCCESS(RtlStringCchPrintfW(valueName, ARRAYSIZE(valueName), L"TimeOut%u", DeviceNumber))) {
        return def;
    }
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = valueName;
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &def;
    table[0].DefaultLength = sizeof(ULONG);

    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 DrvExt->RegistryPath.Buffer,
                                 table, NULL, NULL);
    return (value == 0) ? def : value;
}

NTSTATUS SsAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    NTSTATUS status;
    PSCSISCN_DRIVER_EXTENSION drvExt;
    PSCSISCN_DEVICE_EXTENSION ext;
    SCSISCN_DEVICE_EXTENSION claimCtx;
    PDEVICE_OBJECT portDevice;
    PDEVICE_OBJECT claimedDevice = NULL;
    PDEVICE_OBJECT fdo = NULL;
    ULONG number;

    PAGED_CODE();

    drvExt = (PSCSISCN_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, SCSISCN_DRIVER_EXTENSION_ID);
    if (drvExt == NULL) {
        return STATUS_UNSUCCESSFUL;
    }

    /* claim the device first so no legacy class driver grabs it */
    portDevice = IoGetAttachedDeviceReference(Pdo);

    RtlZeroMemory(&claimCtx, sizeof(claimCtx));
    claimCtx.TimeOutValue = drvExt->DefaultTimeOut;

    status = SsSendSrb(&claimCtx, portDevice, SRB_FUNCTION_CLAIM_DEVICE,
                       NULL, 0, NULL, 0, 0, NULL, NULL, NULL, &claimedDevice);
    if (!NT_SUCCESS(status)) {
        SsLog("claim failed 0x%x, somebody else owns it\n", status);
        ObDereferenceObject(portDevice);
        return STATUS_SUCCESS;
    }

    number = (ULONG)InterlockedIncrement(&drvExt->NextDeviceNumber) - 1;

    status = IoCreateDevice(DriverObject,
                            sizeof(SCSISCN_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_SCANNER,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        goto ReleaseClaim;
    }

    ext = (PSCSISCN_DEVICE_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->DeviceObject = fdo;
    ext->Pdo = Pdo;
    ext->PortDevice = portDevice;
    ext->DeviceNumber = number;
    ext->MaxTransfer = drvExt->MaxTransfer;
    ext->TimeOutValue = SsQueryDeviceTimeout(drvExt, number);
    ext->Claimed = TRUE;
    ExInitializeFastMutex(&ext->CommandLock);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->LowerDevice == NULL) {
        status = STATUS_NO_SUCH_DEVICE;
        goto DeleteFdo;
    }

    status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_SCSISCN, NULL, &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IoDetachDevice(ext->LowerDevice);
        goto DeleteFdo;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    SsLog("added scanner %u, timeout %us\n", number, ext->TimeOutValue);
    return STATUS_SUCCESS;

DeleteFdo:
    IoDeleteDevice(fdo);
ReleaseClaim:
    (VOID)SsSendSrb(&claimCtx, portDevice, SRB_FUNCTION_RELEASE_DEVICE,
                    NULL, 0, NULL, 0, 0, NULL, NULL, NULL, NULL);
    ObDereferenceObject(portDevice);
    return status;
}

VOID SsUnload(PDRIVER_OBJECT DriverObject)
{
    PSCSISCN_DRIVER_EXTENSION drvExt;

    PAGED_CODE();

    /* devices are gone by now (pnp removed them), the driver object
       extension is freed by the I/O manager */
    drvExt = (PSCSISCN_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, SCSISCN_DRIVER_EXTENSION_ID);
    if (drvExt != NULL) {
        SsLog("unload, %ld scanner(s) seen\n", drvExt->NextDeviceNumber);
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSCSISCN_DRIVER_EXTENSION drvExt = NULL;

    SsLog("DriverEntry %wZ\n", RegistryPath);

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             SCSISCN_DRIVER_EXTENSION_ID,
                                             sizeof(SCSISCN_DRIVER_EXTENSION),
                                             (PVOID *)&drvExt);
    if (!NT_SUCCESS(status)) {
        SsLog("IoAllocateDriverObjectExtension failed 0x%x\n", status);
        return status;
    }

    RtlZeroMemory(drvExt, sizeof(SCSISCN_DRIVER_EXTENSION));
    drvExt->RegistryPath = *RegistryPath;
    drvExt->NextDeviceNumber = 0;

    SsReadDriverParameters(drvExt);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SsDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = SsDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = SsDispatchPassThrough;

    DriverObject->DriverExtension->AddDevice = SsAddDevice;
    DriverObject->DriverUnload = SsUnload;

    return STATUS_SUCCESS;
}
