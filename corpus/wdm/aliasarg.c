/*
 * aliasarg.c - a legacy WDM driver of a process auditor whose DriverEntry
 * works through a local pointer to its one global context
 * (`PAU_CONTEXT ctx = &g_AuContext;`): it records each step in ctx->State
 * and, when a later step fails, hands that pointer to the teardown helper
 * the unload routine also uses, which undoes the steps whose bits are set.
 */

#include <ntddk.h>

#define AU_STATE_DEVICE 0x1
#define AU_STATE_LINK   0x2
#define AU_STATE_NOTIFY 0x4

typedef struct _AU_CONTEXT {
    ULONG State;
    PDEVICE_OBJECT Device;
    ULONG MaxRecords;
} AU_CONTEXT, *PAU_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AuUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH AuCreateClose;

static AU_CONTEXT g_AuContext;
static UNICODE_STRING g_AuDeviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcAudit");
static UNICODE_STRING g_AuLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ProcAudit");

static VOID
AuProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

NTSTATUS
AuCreateClose(
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
AuReadLimits(
    _Inout_ PAU_CONTEXT Ctx
    )
{
    Ctx->MaxRecords = 4096;
    return Ctx->MaxRecords >= 16 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

static VOID
AuTeardown(
    _Inout_ PAU_CONTEXT Ctx
    )
{
    if (Ctx->State & AU_STATE_NOTIFY) {
        PsSetCreateProcessNotifyRoutine(AuProcessNotify, TRUE);
        Ctx->State &= ~AU_STATE_NOTIFY;
    }
    if (Ctx->State & AU_STATE_LINK) {
        IoDeleteSymbolicLink(&g_AuLinkName);
        Ctx->State &= ~AU_STATE_LINK;
    }
    if (Ctx->State & AU_STATE_DEVICE) {
        IoDeleteDevice(Ctx->Device);
        Ctx->Device = NULL;
        Ctx->State &= ~AU_STATE_DEVICE;
    }
}

VOID
AuUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    AuTeardown(&g_AuContext);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PAU_CONTEXT ctx = &g_AuContext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = AuCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AuCreateClose;

    do {
        status = IoCreateDevice(DriverObject, 0, &g_AuDeviceName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &ctx->Device);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ctx->State |= AU_STATE_DEVICE;

        status = IoCreateSymbolicLink(&g_AuLinkName, &g_AuDeviceName);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ctx->State |= AU_STATE_LINK;

        status = PsSetCreateProcessNotifyRoutine(AuProcessNotify, FALSE);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ctx->State |= AU_STATE_NOTIFY;

        status = AuReadLimits(ctx);
    } while (0);

    if (!NT_SUCCESS(status)) {
        AuTeardown(ctx);
        return status;
    }
    DriverObject->DriverUnload = AuUnload;
    return STATUS_SUCCESS;
}
