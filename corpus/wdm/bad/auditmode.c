/*
 * auditmode.c (bad) - "portaudit" as auditmode.c, but the failure path frees
 * the log only for audit mode 1, while every mode but 0 makes it (mode 2
 * audits writes only): with mode 2 and no device, DriverEntry returns with
 * the log allocated and no unload routine runs (DE006).
 */

#include <ntddk.h>

#define PA_TAG        'dAaP'
#define PA_PORTS      4
#define PA_LOG_BYTES  4096

typedef struct _PA_PORT {
    ULONG Number;
    ULONG Flags;
} PA_PORT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PaUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PaCreateClose;

static ULONG PaAuditMode;
static PVOID PaAuditLog;
static PA_PORT PaPorts[PA_PORTS];
static PDEVICE_OBJECT PaDevice;
static UNICODE_STRING PaDeviceName = RTL_CONSTANT_STRING(L"\\Device\\PortAudit");

static ULONG PaReadAuditMode(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG mode = 0, none = 0;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"AuditMode";
    table[0].EntryContext = &mode;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &none;
    table[0].DefaultLength = sizeof(ULONG);
    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    return NT_SUCCESS(status) ? mode : 0;
}

NTSTATUS PaCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID PaUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(PaDevice);
    if (PaAuditLog != NULL) {
        ExFreePoolWithTag(PaAuditLog, PA_TAG);
        PaAuditLog = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    ULONG i;

    PaAuditMode = PaReadAuditMode(RegistryPath);

    for (i = 0; i < PA_PORTS; i++) {
        if (PaAuditMode != 0) {
            if (PaAuditLog == NULL) {
                PaAuditLog = ExAllocatePoolWithTag(NonPagedPoolNx, PA_LOG_BYTES, PA_TAG);
                if (PaAuditLog == NULL)
                    return STATUS_INSUFFICIENT_RESOURCES;
            }
            PaPorts[i].Flags = 1;
        }
        PaPorts[i].Number = i + 1;
    }

    status = IoCreateDevice(DriverObject, 0, &PaDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &PaDevice);
    if (!NT_SUCCESS(status)) {
        if (PaAuditMode == 1) {
            ExFreePoolWithTag(PaAuditLog, PA_TAG);
            PaAuditLog = NULL;
        }
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PaCreateClose;
    DriverObject->DriverUnload = PaUnload;
    return STATUS_SUCCESS;
}
