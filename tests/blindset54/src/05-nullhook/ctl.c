/*
 * ctl.c - control device and registry options for nullhook
 */
#include "hook.h"

#define OPT_VALUE_BUF   (sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG))

NTSTATUS
NhCtlCreate(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(NH_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(NH_LINK_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Nh.CtlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Nh.CtlDevice);
        g_Nh.CtlDevice = NULL;
        return status;
    }

    g_Nh.CtlDevice->Flags |= DO_BUFFERED_IO;
    g_Nh.CtlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
NhCtlDelete(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(NH_LINK_NAME);

    if (g_Nh.CtlDevice) {
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_Nh.CtlDevice);
        g_Nh.CtlDevice = NULL;
    }
}

static NTSTATUS
QueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    UCHAR buf[OPT_VALUE_BUF];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING valueName;
    ULONG resultLen;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buf), &resultLen);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

/*
 * Options live directly under the service key:
 *   CountReads  REG_DWORD
 *   Verbose     REG_DWORD
 * Values that are missing leave the caller's defaults alone.
 */
NTSTATUS
NhReadOptions(
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PNH_OPTIONS Options
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    NTSTATUS status, st2;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = QueryDword(key, L"CountReads", &Options->CountReads);
    st2    = QueryDword(key, L"Verbose", &Options->Verbose);
    if (NT_SUCCESS(status)) {
        status = st2;
    }

    ZwClose(key);
    return status;
}

NTSTATUS
NhCtlDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
        break;

    case IRP_MJ_DEVICE_CONTROL:
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_NH_QUERY:
            if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NH_STATS)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Nh.Stats, sizeof(NH_STATS));
            info = sizeof(NH_STATS);
            break;
        case IOCTL_NH_RESET:
            InterlockedExchange(&g_Nh.Stats->Writes, 0);
            InterlockedExchange(&g_Nh.Stats->Reads, 0);
            InterlockedExchange64(&g_Nh.Stats->BytesWritten, 0);
            InterlockedExchange64(&g_Nh.Stats->BytesRead, 0);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
