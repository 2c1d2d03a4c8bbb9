/*
 * latecfg - boot-start helper: some config lives on a volume that is not
 * mounted yet when we load, so we re-read it from a reinitialize routine.
 */
#include <ntddk.h>

#define LC_TAG 'gfCL'
#define KDBG(_x_) KdPrint(_x_)

PUNICODE_STRING g_RegPath = NULL;
PDEVICE_OBJECT  g_Ctl = NULL;
ULONG           g_Mode = 0;

static NTSTATUS QueryMode(PCUNICODE_STRING KeyPath, PULONG Mode)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Mode");
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG len;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)KeyPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, buf, sizeof(buf), &len);
    ZwClose(key);
    if (!NT_SUCCESS(status))
        return status;
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    if (kv->Type != REG_DWORD || kv->DataLength != sizeof(ULONG))
        return STATUS_OBJECT_TYPE_MISMATCH;
    *Mode = *(PULONG)kv->Data;
    return STATUS_SUCCESS;
}

VOID LateReinit(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    UNREFERENCED_PARAMETER(Context);
    ULONG mode;
    if (NT_SUCCESS(QueryMode(g_RegPath, &mode))) {
        g_Mode = mode;
        KDBG(("latecfg: mode %lu after %lu reinit(s)\n", mode, Count));
    } else if (Count < 3) {
        IoRegisterDriverReinitialization(DriverObject, LateReinit, NULL);
    }
}

NTSTATUS LcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID LcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Ctl);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\LateCfg");

    g_RegPath = RegistryPath;                 // needed by LateReinit

    if (!NT_SUCCESS(QueryMode(RegistryPath, &g_Mode))) {
        KDBG(("latecfg: Mode not readable yet, will retry\n"));
        IoRegisterDriverReinitialization(DriverObject, LateReinit, NULL);
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Ctl);
    if (!NT_SUCCESS(status)) {
        KDBG(("latecfg: IoCreateDevice 0x%08X\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LcCreateClose;
    DriverObject->DriverUnload = LcUnload;
    g_Ctl->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
