#include "ctlpipe.h"

static NTSTATUS CtlPipeAllocRing(_In_ WDFDEVICE Device);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtlPipeCreateControlDevice)
#pragma alloc_text(PAGE, CtlPipeAllocRing)
#pragma alloc_text(PAGE, CtlPipeEvtFileCreate)
#pragma alloc_text(PAGE, CtlPipeEvtFileClose)
#endif

static NTSTATUS
CtlPipeAllocRing(
    _In_ WDFDEVICE Device
    )
{
    PCTLPIPE_CONTEXT      ctx = CtlPipeGetContext(Device);
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;

    PAGED_CODE();

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfSpinLockCreate(&attributes, &ctx->RingLock);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfSpinLockCreate failed 0x%08X", status);
        return status;
    }

    status = WdfMemoryCreate(&attributes,
                             NonPagedPoolNx,
                             CTLPIPE_TAG,
                             CTLPIPE_RING_SIZE,
                             &ctx->RingMemory,
                             (PVOID*)&ctx->Ring);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfMemoryCreate(ring) failed 0x%08X", status);
        return status;
    }

    RtlZeroMemory(ctx->Ring, CTLPIPE_RING_SIZE);
    ctx->Head = 0;
    ctx->Tail = 0;
    ctx->Used = 0;
    RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));

    return STATUS_SUCCESS;
}

NTSTATUS
CtlPipeCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS              status;
    PWDFDEVICE_INIT       init;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE             device;

    DECLARE_CONST_UNICODE_STRING(ntName,  CTLPIPE_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, CTLPIPE_DOS_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        LOGERR("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceInitAssignName failed 0x%08X", status);
        return status;
    }

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig,
                               CtlPipeEvtFileCreate,
                               CtlPipeEvtFileClose,
                               WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CTLPIPE_CONTEXT);
    attributes.EvtCleanupCallback = CtlPipeEvtDeviceCleanup;

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceCreate failed 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    /* From here on the device owns everything; deleting it unwinds the lot. */

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceCreateSymbolicLink failed 0x%08X", status);
        goto fail;
    }

    status = CtlPipeAllocRing(device);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = CtlPipeQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    g_ControlDevice = device;
    LOG("control device up as %wZ", &dosName);
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}

VOID
CtlPipeEvtFileCreate(
    _In_ WDFDEVICE     Device,
    _In_ WDFREQUEST    Request,
    _In_ WDFFILEOBJECT FileObject
    )
{
    PCTLPIPE_CONTEXT ctx = CtlPipeGetContext(Device);

    UNREFERENCED_PARAMETER(FileObject);
    PAGED_CODE();

    InterlockedIncrement((volatile LONG*)&ctx->Stats.Opens);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID
CtlPipeEvtFileClose(
    _In_ WDFFILEOBJECT FileObject
    )
{
    UNREFERENCED_PARAMETER(FileObject);
    PAGED_CODE();

    LOG("handle closed");
}

VOID
CtlPipeEvtDeviceCleanup(
    _In_ WDFOBJECT Device
    )
{
    PCTLPIPE_CONTEXT ctx = CtlPipeGetContext((WDFDEVICE)Device);

    LOG("device cleanup: in=%I64u out=%I64u overruns=%u",
        ctx->Stats.BytesIn, ctx->Stats.BytesOut, ctx->Stats.Overruns);

    /* ring memory and lock are children of the device, nothing to free */
    ctx->Ring = NULL;
}
