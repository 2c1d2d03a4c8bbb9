/*
 * ctxalias.c - legacy driver that keeps its state in one global context and
 * reaches it through local pointers (`PCA_CONTEXT ctx = &CaGlobals;`), as
 * many drivers do. The control device and its link are made through one
 * local and undone, when a later step fails, by a teardown helper that
 * tests and deletes them through another; but the helper forgets the link.
 */

#include <ntddk.h>

#define CA_TAG 'xtCa'

typedef struct _CA_CONTEXT {
    PDEVICE_OBJECT Device;
    BOOLEAN LinkMade;
    PVOID Scratch;
    UNICODE_STRING LinkName;
} CA_CONTEXT, *PCA_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CaUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH CaCreateClose;

static CA_CONTEXT CaGlobals;

static VOID
CaTeardown(VOID)
{
    PCA_CONTEXT ctx = &CaGlobals;

    if (ctx->Scratch != NULL) {
        ExFreePoolWithTag(ctx->Scratch, CA_TAG);
        ctx->Scratch = NULL;
    }
    if (ctx->Device != NULL) {
        IoDeleteDevice(ctx->Device);
        ctx->Device = NULL;
    }
}

VOID
CaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    CaTeardown();
}

NTSTATUS
CaCreateClose(
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

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PCA_CONTEXT ctx = &CaGlobals;
    UNICODE_STRING deviceName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&deviceName, L"\\Device\\CtxAlias");
    RtlInitUnicodeString(&ctx->LinkName, L"\\DosDevices\\CtxAlias");

    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &ctx->Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&ctx->LinkName, &deviceName);               // expect: DE011
    if (!NT_SUCCESS(status)) {
        CaTeardown();
        return status;
    }
    ctx->LinkMade = TRUE;

    ctx->Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, CA_TAG);
    if (ctx->Scratch == NULL) {
        CaTeardown();
        return STATUS_INSUFFICIENT_RESOURCES;           // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CaCreateClose;
    DriverObject->DriverUnload = CaUnload;
    return STATUS_SUCCESS;
}
