/*
 * refdrop.c - "pwrmon": a power-event monitor whose shared context is
 * reference counted. DriverEntry holds one reference, a system thread takes
 * another and drops it as it exits; the context is freed by whichever drop
 * brings the count to zero. On the failure path DriverEntry drops its own
 * reference (a false DE006 before: the count InterlockedDecrement returns
 * was unknown, so a path kept the context at a count nobody can know).
 */

#include <ntddk.h>

#define PM_TAG 'nMwP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmUnload;
KSTART_ROUTINE PmThread;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PmDispatch;

typedef struct _PM_CONTEXT {
    volatile LONG References;
    KEVENT Stop;
    ULONG Events;
} PM_CONTEXT, *PPM_CONTEXT;

static PPM_CONTEXT g_Context;
static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\DosDevices\\PwrMon");
static UNICODE_STRING g_Name = RTL_CONSTANT_STRING(L"\\Device\\PwrMon");
static PVOID g_ThreadObject;

static PPM_CONTEXT PmContextCreate(VOID)
{
    PPM_CONTEXT ctx = (PPM_CONTEXT)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*ctx), PM_TAG);

    if (ctx != NULL) {
        ctx->References = 1;
        ctx->Events = 0;
        KeInitializeEvent(&ctx->Stop, NotificationEvent, FALSE);
    }
    return ctx;
}

static VOID PmContextRelease(PPM_CONTEXT Ctx)
{
    if (InterlockedDecrement(&Ctx->References) == 0)
        ExFreePoolWithTag(Ctx, PM_TAG);
}

VOID PmThread(PVOID Context)
{
    PPM_CONTEXT ctx = (PPM_CONTEXT)Context;

    KeWaitForSingleObject(&ctx->Stop, Executive, KernelMode, FALSE, NULL);
    PmContextRelease(ctx);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS PmStartThread(PPM_CONTEXT Ctx)
{
    HANDLE thread;
    NTSTATUS status;

    InterlockedIncrement(&Ctx->References);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, PmThread, Ctx);
    if (!NT_SUCCESS(status)) {
        PmContextRelease(Ctx);
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, &g_ThreadObject, NULL);
    if (!NT_SUCCESS(status)) {
        /* The thread drops its own reference once told to stop. */
        KeSetEvent(&Ctx->Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
    }
    ZwClose(thread);
    return status;
}

VOID PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_Context->Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_ThreadObject, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_ThreadObject);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    PmContextRelease(g_Context);
}

NTSTATUS PmDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Context = PmContextCreate();
    if (g_Context == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    status = IoCreateDevice(DriverObject, 0, &g_Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status))
        goto drop;

    status = PmStartThread(g_Context);
    if (!NT_SUCCESS(status))
        goto device;

    status = IoCreateSymbolicLink(&g_Link, &g_Name);
    if (!NT_SUCCESS(status))
        goto thread;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmDispatch;
    DriverObject->DriverUnload = PmUnload;
    return STATUS_SUCCESS;

thread:
    KeSetEvent(&g_Context->Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_ThreadObject, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_ThreadObject);
device:
    IoDeleteDevice(g_Device);
drop:
    PmContextRelease(g_Context);
    g_Context = NULL;
    return status;
}
