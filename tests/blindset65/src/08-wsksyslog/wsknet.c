/*
 * wsknet.c - socket open / send / close for wsksyslog. PASSIVE_LEVEL only.
 */
#include "wsksyslog.h"
#include <ntstrsafe.h>

static IO_COMPLETION_ROUTINE WslIrpDone;

static NTSTATUS
WslIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* arm the irp, the caller then hands it to a WSK routine */
static VOID
WslArm(PWSL_CONTEXT Ctx, PIRP Irp)
{
    KeClearEvent(&Ctx->IoEvent);
    IoReuseIrp(Irp, STATUS_UNSUCCESSFUL);
    IoSetCompletionRoutine(Irp, WslIrpDone, &Ctx->IoEvent, TRUE, TRUE, TRUE);
}

static NTSTATUS
WslWait(PWSL_CONTEXT Ctx, PIRP Irp, NTSTATUS Status)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Ctx->IoEvent, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
    }
    return Status;
}

NTSTATUS
WslOpenSocket(PWSL_CONTEXT Ctx)
{
    NTSTATUS status;
    PIRP irp;
    SOCKADDR_IN local;
    const WSK_PROVIDER_DATAGRAM_DISPATCH* dgram;

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    WslArm(Ctx, irp);
    status = Ctx->Provider.Dispatch->WskSocket(Ctx->Provider.Client,
                                               AF_INET, SOCK_DGRAM, IPPROTO_UDP,
                                               WSK_FLAG_DATAGRAM_SOCKET,
                                               NULL, NULL, NULL, NULL, NULL, irp);
    status = WslWait(Ctx, irp, status);
    if (!NT_SUCCESS(status)) {
        WslTrace("WskSocket 0x%08X", status);
        IoFreeIrp(irp);
        goto fail;
    }
    Ctx->Socket = (PWSK_SOCKET)irp->IoStatus.Information;

    RtlZeroMemory(&local, sizeof(local));
    local.sin_family = AF_INET;

    dgram = (const WSK_PROVIDER_DATAGRAM_DISPATCH*)Ctx->Socket->Dispatch;
    WslArm(Ctx, irp);
    status = dgram->WskBind(Ctx->Socket, (PSOCKADDR)&local, 0, irp);
    status = WslWait(Ctx, irp, status);
    IoFreeIrp(irp);
    if (!NT_SUCCESS(status)) {
        WslTrace("WskBind 0x%08X", status);
        WslCloseSocket(Ctx);
        goto fail;
    }

    return STATUS_SUCCESS;

fail:
    /* without a socket the provider NPI is of no use to us */
    WskReleaseProviderNPI(&Ctx->Registration);
    return status;
}

VOID
WslCloseSocket(PWSL_CONTEXT Ctx)
{
    PIRP irp;
    const WSK_PROVIDER_BASIC_DISPATCH* basic;

    if (Ctx->Socket == NULL) {
        return;
    }

    irp = IoAllocateIrp(1, FALSE);
    while (irp == NULL) {
        LARGE_INTEGER delay;
        delay.QuadPart = -10 * 1000 * 50;   /* 50ms, then try again */
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
        irp = IoAllocateIrp(1, FALSE);
    }

    basic = (const WSK_PROVIDER_BASIC_DISPATCH*)Ctx->Socket->Dispatch;
    WslArm(Ctx, irp);
    WslWait(Ctx, irp, basic->WskCloseSocket(Ctx->Socket, irp));
    IoFreeIrp(irp);
    Ctx->Socket = NULL;
}

NTSTATUS
WslSend(PWSL_CONTEXT Ctx, const char* Severity, const char* Text)
{
    NTSTATUS status;
    char* msg;
    size_t len = 0;
    PMDL mdl = NULL;
    PIRP irp = NULL;
    WSK_BUF buf;

    if (Ctx->Socket == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    msg = (char*)ExAllocatePool2(POOL_FLAG_NON_PAGED, WSL_MAX_MSG, WSL_TAG);
    if (msg == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = RtlStringCbPrintfA(msg, WSL_MAX_MSG, "%skernel wsksyslog[%ld]: %s",
                                Severity, InterlockedIncrement(&Ctx->Sequence), Text);
    if (NT_SUCCESS(status)) {
        status = RtlStringCbLengthA(msg, WSL_MAX_MSG, &len);
    }
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    status = STATUS_INSUFFICIENT_RESOURCES;
    mdl = IoAllocateMdl(msg, (ULONG)len, FALSE, FALSE, NULL);
    irp = IoAllocateIrp(1, FALSE);
    if (mdl == NULL || irp == NULL) {
        goto out;
    }
    MmBuildMdlForNonPagedPool(mdl);

    buf.Mdl = mdl;
    buf.Offset = 0;
    buf.Length = len;

    ExAcquireFastMutex(&Ctx->SendLock);
    WslArm(Ctx, irp);
    status = ((const WSK_PROVIDER_DATAGRAM_DISPATCH*)Ctx->Socket->Dispatch)->WskSendTo(
                 Ctx->Socket, &buf, 0, (PSOCKADDR)&Ctx->Collector, 0, NULL, irp);
    status = WslWait(Ctx, irp, status);
    ExReleaseFastMutex(&Ctx->SendLock);

out:
    if (irp != NULL) IoFreeIrp(irp);
    if (mdl != NULL) IoFreeMdl(mdl);
    ExFreePoolWithTag(msg, WSL_TAG);
    return status;
}
