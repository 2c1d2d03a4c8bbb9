/*
 * ctxagain.c - "tunbr": a tunnel bridge that keeps its state in a context
 * structure. A getter hands the context out: the host's own, or, where the
 * system has container support, the one the container's routine (looked up by
 * name) returns. The set-up helper gets the context and keeps the packet
 * buffer it allocates in it; the tear-down helper gets the context again and
 * frees the buffer when one is there. DriverEntry tears down when a later
 * step fails: the buffer is freed (a false DE006 before: the second getter's
 * pointer was taken to hold no buffer).
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
    if (!NT_SUCCESS(status)) {
        TbTearDown();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TbCreateClose;
    DriverObject->DriverUnload = TbUnload;
    return STATUS_SUCCESS;
}
