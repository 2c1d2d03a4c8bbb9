/*
 * ctxagain.c (bad) - "tunbr" as ctxagain.c, but when the device cannot be
 * made DriverEntry returns without tearing down: the packet buffer kept in
 * the context is left (DE006).
 */

#include <ntddk.h>

#define TB_TAG 'rbuT'

typedef struct _TB_CONTEXT {
    PVOID Buffer;
    ULONG Length;
} TB_CONTEXT;

typedef PVOID TB_GET_CONTAINER_CONTEXT(VOID);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TbUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TbCreateClose;

static TB_CONTEXT TbHostContext;
static TB_GET_CONTAINER_CONTEXT *TbGetContainerContext;
static UNICODE_STRING TbRoutineName = RTL_CONSTANT_STRING(L"PsGetContainerContext");
static PDEVICE_OBJECT TbDevice;
static UNICODE_STRING TbDeviceName = RTL_CONSTANT_STRING(L"\\Device\\TunBridge");

static VOID TbGetContext(TB_CONTEXT **PContext)
{
    TB_CONTEXT *Context = 0;

    if (0 != TbGetContainerContext)
        Context = TbGetContainerContext();
    if (0 == Context)
        Context = &TbHostContext;
    *PContext = Context;
}

static NTSTATUS TbSetUp(VOID)
{
    TB_CONTEXT *Context;

    TbGetContext(&Context);
    Context->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, TB_TAG);
    if (0 == Context->Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    Context->Length = PAGE_SIZE;
    return STATUS_SUCCESS;
}

static VOID TbTearDown(VOID)
{
    TB_CONTEXT *Context;

    TbGetContext(&Context);
    if (0 != Context->Buffer) {
        ExFreePoolWithTag(Context->Buffer, TB_TAG);
        Context->Buffer = 0;
    }
    Context->Length = 0;
}

NTSTATUS TbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID TbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(TbDevice);
    TbTearDown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    TbGetContainerContext = (TB_GET_CONTAINER_CONTEXT *)MmGetSystemRoutineAddress(&TbRoutineName);

    status = TbSetUp();
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateDevice(DriverObject, 0, &TbDeviceName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &TbDevice);
    if (!NT_SUCCESS(status))
        return status;                              // expect: DE006

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TbCreateClose;
    DriverObject->DriverUnload = TbUnload;
    return STATUS_SUCCESS;
}
