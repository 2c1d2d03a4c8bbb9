//
// RegGuard - keeps other processes from tampering with our service key.
// Registry callback blocks SetValue / DeleteValue / DeleteKey on the key
// we were loaded from, unless protection is switched off via IOCTL.
//
#include <ntifs.h>
#include <ntddk.h>

#define RG_POOL_TAG         'drGR'
#define RG_DEVICE           L"\\Device\\RegGuard"
#define RG_DOSDEVICE        L"\\DosDevices\\RegGuard"
#define RG_ALTITUDE         L"385210"

#define IOCTL_RG_ENABLE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_DISABLE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_STATS      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _RG_STATS
{
    LONG Blocked;
    LONG Allowed;
} RG_STATS, *PRG_STATS;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       RgUnload;
DRIVER_DISPATCH     RgCreateClose;
DRIVER_DISPATCH     RgDeviceControl;
EX_CALLBACK_FUNCTION RgRegistryCallback;

LARGE_INTEGER   g_liCookie;
UNICODE_STRING  g_usServiceKey;
BOOLEAN         g_bProtect = TRUE;
RG_STATS        g_Stats;

static BOOLEAN
RgIsProtectedObject(
    _In_ PVOID pKeyObject
    )
{
    NTSTATUS        status;
    PCUNICODE_STRING pusName = NULL;
    BOOLEAN         bProtected = FALSE;

    if (pKeyObject == NULL)
    {
        return FALSE;
    }

    status = CmCallbackGetKeyObjectIDEx(&g_liCookie, pKeyObject, NULL, &pusName, 0);
    if (!NT_SUCCESS(status) || pusName == NULL)
    {
        return FALSE;
    }

    // \REGISTRY\MACHINE\SYSTEM\ControlSet001\Services\RegGuard and its subkeys
    if (RtlPrefixUnicodeString(&g_usServiceKey, pusName, TRUE))
    {
        bProtected = TRUE;
    }

    CmCallbackReleaseKeyObjectIDEx(pusName);
    return bProtected;
}

NTSTATUS
RgRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS NotifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID pKeyObject = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (!g_bProtect || Argument2 == NULL)
    {
        return STATUS_SUCCESS;
    }

    // we never block ourselves or the kernel
    if (ExGetPreviousMode() == KernelMode)
    {
        return STATUS_SUCCESS;
    }

    switch (NotifyClass)
    {
    case RegNtPreSetValueKey:
        pKeyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        pKeyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        pKeyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        pKeyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (RgIsProtectedObject(pKeyObject))
    {
        InterlockedIncrement(&g_Stats.Blocked);
        DbgPrint("RegGuard: blocked op %d from pid %p\n", NotifyClass, PsGetCurrentProcessId());
        return STATUS_ACCESS_DENIED;
    }

    InterlockedIncrement(&g_Stats.Allowed);
    return STATUS_SUCCESS;
}

NTSTATUS
RgCreateClose(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP pIrp
    )
{
    UNREFERENCED_PARAMETER(pDeviceObject);

    pIrp->IoStatus.Status = STATUS_SUCCESS;
    pIrp->IoStatus.Information = 0;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RgDeviceControl(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP pIrp
    )
{
    PIO_STACK_LOCATION pStack = IoGetCurrentIrpStackLocation(pIrp);
    NTSTATUS ntStatus = STATUS_SUCCESS;
    ULONG_PTR ulInfo = 0;

    UNREFERENCED_PARAMETER(pDeviceObject);

    switch (pStack->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_RG_ENABLE:
        g_bProtect = TRUE;
        break;
    case IOCTL_RG_DISABLE:
        g_bProtect = FALSE;
        break;
    case IOCTL_RG_STATS:
        if (pStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RG_STATS))
        {
            ntStatus = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(pIrp->AssociatedIrp.SystemBuffer, &g_Stats, sizeof(RG_STATS));
        ulInfo = sizeof(RG_STATS);
        break;
    default:
        ntStatus = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    pIrp->IoStatus.Status = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return ntStatus;
}

VOID
RgUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    UNICODE_STRING usDosName = RTL_CONSTANT_STRING(RG_DOSDEVICE);

    g_bProtect = FALSE;

    IoDeleteSymbolicLink(&usDosName);
    if (pDriverObject->DeviceObject != NULL)
    {
        IoDeleteDevice(pDriverObject->DeviceObject);
    }

    DbgPrint("RegGuard: unloaded (blocked %ld, allowed %ld)\n", g_Stats.Blocked, g_Stats.Allowed);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS        ntStatus;
    PDEVICE_OBJECT  pDeviceObject = NULL;
    UNICODE_STRING  usDeviceName = RTL_CONSTANT_STRING(RG_DEVICE);
    UNICODE_STRING  usDosName = RTL_CONSTANT_STRING(RG_DOSDEVICE);
    UNICODE_STRING  usAltitude = RTL_CONSTANT_STRING(RG_ALTITUDE);

    DbgPrint("RegGuard: DriverEntry %wZ\n", pRegistryPath);

    // remember which key to protect
    g_usServiceKey.Buffer = pRegistryPath->Buffer;
    g_usServiceKey.Length = pRegistryPath->Length;
    g_usServiceKey.MaximumLength = pRegistryPath->MaximumLength;

    RtlZeroMemory(&g_Stats, sizeof(g_Stats));

    ntStatus = IoCreateDevice(pDriverObject,
                              0,
                              &usDeviceName,
                              FILE_DEVICE_UNKNOWN,
                              FILE_DEVICE_SECURE_OPEN,
                              FALSE,
                              &pDeviceObject);
    if (!NT_SUCCESS(ntStatus))
    {
        DbgPrint("RegGuard: IoCreateDevice failed 0x%x\n", ntStatus);
        return ntStatus;
    }

    ntStatus = IoCreateSymbolicLink(&usDosName, &usDeviceName);
    if (!NT_SUCCESS(ntStatus))
    {
        DbgPrint("RegGuard: IoCreateSymbolicLink failed 0x%x\n", ntStatus);
        IoDeleteDevice(pDeviceObject);
        return ntStatus;
    }

    ntStatus = CmRegisterCallbackEx(RgRegistryCallback,
                                    &usAltitude,
                                    pDriverObject,
                                    NULL,
                                    &g_liCookie,
                                    NULL);
    if (!NT_SUCCESS(ntStatus))
    {
        DbgPrint("RegGuard: CmRegisterCallbackEx failed 0x%x\n", ntStatus);
        IoDeleteSymbolicLink(&usDosName);
        IoDeleteDevice(pDeviceObject);
        return ntStatus;
    }

    pDriverObject->MajorFunction[IRP_MJ_CREATE] = RgCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_CLOSE] = RgCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDeviceControl;
    pDriverObject->DriverUnload = RgUnload;

    pDeviceObject->Flags |= DO_BUFFERED_IO;
    pDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
