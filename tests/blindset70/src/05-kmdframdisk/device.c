#include "ramdisk.h"

VOID RdEvtDeviceCleanup(WDFOBJECT Object)
{
    PRD_CONTEXT ctx = RdGetContext((WDFDEVICE)Object);

    RD_PRINT("cleanup: %lu reads, %lu writes", ctx->Reads, ctx->Writes);
    if (ctx->Image) {
        ExFreePoolWithTag(ctx->Image, RD_TAG);
        ctx->Image = NULL;
    }
}

static BOOLEAN RdCheckRange(PRD_CONTEXT Ctx, LONGLONG Offset, size_t Length)
{
    if (Offset < 0)
        return FALSE;
    if ((ULONGLONG)Offset > Ctx->Size)
        return FALSE;
    if (Length > Ctx->Size - (SIZE_T)Offset)
        return FALSE;
    return TRUE;
}

VOID RdEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PRD_CONTEXT ctx = RdGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY mem;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (!RdCheckRange(ctx, params.Parameters.Read.DeviceOffset, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    status = WdfRequestRetrieveOutputMemory(Request, &mem);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(mem, 0,
                    ctx->Image + params.Parameters.Read.DeviceOffset, Length);
    }
    if (NT_SUCCESS(status))
        InterlockedIncrement((PLONG)&ctx->Reads);

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID RdEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PRD_CONTEXT ctx = RdGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY mem;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (!RdCheckRange(ctx, params.Parameters.Write.DeviceOffset, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    status = WdfRequestRetrieveInputMemory(Request, &mem);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyToBuffer(mem, 0,
                    ctx->Image + params.Parameters.Write.DeviceOffset, Length);
    }
    if (NT_SUCCESS(status))
        InterlockedIncrement((PLONG)&ctx->Writes);

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

NTSTATUS RdCreateControlDevice(WDFDRIVER Driver, SIZE_T DiskSize)
{
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_IO_QUEUE_CONFIG qcfg;
    WDFDEVICE device;
    PRD_CONTEXT ctx;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(devName, RD_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, RD_LINK_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        RD_PRINT("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        RD_PRINT("WdfDeviceInitAssignName 0x%x", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, RD_CONTEXT);
    attr.EvtCleanupCallback = RdEvtDeviceCleanup;

    status = WdfDeviceCreate(&init, &attr, &device);
    if (!NT_SUCCESS(status)) {
        RD_PRINT("WdfDeviceCreate 0x%x", status);
        WdfDeviceInitFree(init);
        return status;
    }

    ctx = RdGetContext(device);
    ctx->Size = DiskSize;
    ctx->Image = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, DiskSize, RD_TAG);
    if (ctx->Image == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    RtlZeroMemory(ctx->Image, DiskSize);

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        RD_PRINT("WdfDeviceCreateSymbolicLink 0x%x", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoRead = RdEvtIoRead;
    qcfg.EvtIoWrite = RdEvtIoWrite;

    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Queue);
    if (!NT_SUCCESS(status)) {
        RD_PRINT("WdfIoQueueCreate 0x%x", status);
        goto fail;
    }

    RD_PRINT("control device ready, %Iu bytes", DiskSize);
    return STATUS_SUCCESS;

fail:
    // cleanup callback frees the image
    WdfObjectDelete(device);
    return status;
}
