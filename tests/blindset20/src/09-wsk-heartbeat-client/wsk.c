/*++

Copyright (c) Fourth Coffee Systems.  All rights reserved.

Module Name:

    wsk.c

Abstract:

    Winsock Kernel plumbing for the heartbeat emitter: client
    registration, provider NPI capture, a datagram socket and
    synchronous wrappers around the IRP-based WSK calls.

Environment:

    Kernel mode, PASSIVE_LEVEL.

--*/

#include "wskhb.h"

static const WSK_CLIENT_DISPATCH HbWskClientDispatch = {
    MAKE_WSK_VERSION(1, 0),
    0,
    NULL        // no WskClientEvent callback
};

IO_COMPLETION_ROUTINE HbWskIrpComplete;

static
NTSTATUS
HbWskCallSynchronously(
    _In_ PIRP Irp,
    _In_ PKEVENT Event,
    _In_ NTSTATUS CallStatus
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HbWskRegister)
#pragma alloc_text(PAGE, HbWskDeregister)
#pragma alloc_text(PAGE, HbWskEnsureSocket)
#pragma alloc_text(PAGE, HbWskSendHeartbeat)
#pragma alloc_text(PAGE, HbWskCloseSocket)
#pragma alloc_text(PAGE, HbWskCallSynchronously)
#endif


_Use_decl_annotations_
NTSTATUS
HbWskIrpComplete(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);

    //
    // The IRP belongs to us; stop the I/O manager from touching it.
    //
    return STATUS_MORE_PROCESSING_REQUIRED;
}


static
NTSTATUS
HbWskCallSynchronously(
    _In_ PIRP Irp,
    _In_ PKEVENT Event,
    _In_ NTSTATUS CallStatus
    )
{
    PAGED_CODE();

    if (CallStatus == STATUS_PENDING) {
        (VOID)KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
    }

    return Irp->IoStatus.Status;
}


_Use_decl_annotations_
NTSTATUS
HbWskRegister(
    PHB_GLOBALS Globals
    )
{
    NTSTATUS status;

    PAGED_CODE();

    //
    // WSK keeps referring to the client NPI and the registration, so
    // both live in the globals.
    //
    Globals->ClientNpi.ClientContext = Globals;
    Globals->ClientNpi.Dispatch = &HbWskClientDispatch;

    status = WskRegister(&Globals->ClientNpi, &Globals->Registration);
    if (!NT_SUCCESS(status)) {
        HB_LOG("WskRegister failed 0x%08X", status);
        return status;
    }

    Globals->Registered = TRUE;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
HbWskDeregister(
    PHB_GLOBALS Globals
    )
/*++

Routine Description:

    Releases the captured provider NPI (WskDeregister would otherwise
    wait for it forever) and deregisters the client.

--*/
{
    PAGED_CODE();

    NT_ASSERT(Globals->Socket == NULL);

    if (Globals->NpiCaptured) {
        WskReleaseProviderNPI(&Globals->Registration);
        Globals->NpiCaptured = FALSE;
    }

    if (Globals->Registered) {
        WskDeregister(&Globals->Registration);
        Globals->Registered = FALSE;
    }
}


_Use_decl_annotations_
NTSTATUS
HbWskEnsureSocket(
    PHB_GLOBALS Globals
    )
/*++

Routine Description:

    Captures the provider NPI if not done yet (the WSK subsystem may
    still be starting at boot; the next tick retries) and creates and
    binds the datagram socket.

--*/
{
    NTSTATUS status;
    PIRP irp;
    KEVENT event;
    SOCKADDR_IN localAddress;
    PWSK_SOCKET socket;

    PAGED_CODE();

    if (Globals->Socket != NULL) {
        return STATUS_SUCCESS;
    }

    if (!Globals->NpiCaptured) {
        status = WskCaptureProviderNPI(&Globals->Registration,
                                       HB_CAPTURE_WAIT_MS,
                                       &Globals->ProviderNpi);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        Globals->NpiCaptured = TRUE;
    }

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, HbWskIrpComplete, &event, TRUE, TRUE, TRUE);

    status = Globals->ProviderNpi.Dispatch->WskSocket(Globals->ProviderNpi.Client,
                                                      AF_INET,
                                                      SOCK_DGRAM,
                                                      IPPROTO_UDP,
                                                      WSK_FLAG_DATAGRAM_SOCKET,
                                                      Globals,
                                                      NULL,
                                                      NULL,
                                                      NULL,
                                                      NULL,
                                                      irp);
    status = HbWskCallSynchronously(irp, &event, status);
    if (!NT_SUCCESS(status)) {
        IoFreeIrp(irp);
        return status;
    }

    socket = (PWSK_SOCKET)irp->IoStatus.Information;

    //
    // Bind to any local address / ephemeral port.
    //
    RtlZeroMemory(&localAddress, sizeof(localAddress));
    localAddress.sin_family = AF_INET;
    localAddress.sin_addr.s_addr = INADDR_ANY;
    localAddress.sin_port = 0;

    IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
    KeClearEvent(&event);
    IoSetCompletionRoutine(irp, HbWskIrpComplete, &event, TRUE, TRUE, TRUE);

    status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)socket->Dispatch)->WskBind(socket,
                                                                          (PSOCKADDR)&localAddress,
                                                                          0,
                                                                          irp);
    status = HbWskCallSynchronously(irp, &event, status);

    if (!NT_SUCCESS(status)) {
        //
        // Close the unbound socket with the same IRP.
        //
        IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
        KeClearEvent(&event);
        IoSetCompletionRoutine(irp, HbWskIrpComplete, &event, TRUE, TRUE, TRUE);

        (VOID)HbWskCallSynchronously(
                  irp,
                  &event,
                  ((PWSK_PROVIDER_BASIC_DISPATCH)socket->Dispatch)->WskCloseSocket(socket, irp));

        IoFreeIrp(irp);
        return status;
    }

    //
    // Keep the IRP: closing the socket must not depend on being able to
    // allocate one later.
    //
    Globals->CloseIrp = irp;
    Globals->Socket = socket;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
HbWskSendHeartbeat(
    PHB_GLOBALS Globals,
    ULONG Length
    )
{
    NTSTATUS status;
    PIRP irp;
    KEVENT event;
    WSK_BUF buffer;
    SOCKADDR_IN remoteAddress;

    PAGED_CODE();

    if (Globals->Socket == NULL || Globals->PayloadMdl == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, HbWskIrpComplete, &event, TRUE, TRUE, TRUE);

    buffer.Mdl = Globals->PayloadMdl;
    buffer.Offset = 0;
    buffer.Length = Length;

    RtlZeroMemory(&remoteAddress, sizeof(remoteAddress));
    remoteAddress.sin_family = AF_INET;
    remoteAddress.sin_addr.s_addr = Globals->Config.DestinationAddress;
    remoteAddress.sin_port = RtlUshortByteSwap(Globals->Config.DestinationPort);

    status = ((PWSK_PROVIDER_DATAGRAM_DISPATCH)Globals->Socket->Dispatch)->WskSendTo(
                 Globals->Socket,
                 &buffer,
                 0,
                 (PSOCKADDR)&remoteAddress,
                 0,
                 NULL,
                 irp);
    status = HbWskCallSynchronously(irp, &event, status);

    IoFreeIrp(irp);
    return status;
}


_Use_decl_annotations_
VOID
HbWskCloseSocket(
    PHB_GLOBALS Globals
    )
{
    PIRP irp = Globals->CloseIrp;
    KEVENT event;
    PWSK_SOCKET socket = Globals->Socket;

    PAGED_CODE();

    if (socket == NULL) {
        NT_ASSERT(irp == NULL);
        return;
    }

    Globals->Socket = NULL;
    Globals->CloseIrp = NULL;

    IoReuseIrp(irp, STATUS_UNSUCCESSFUL);
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, HbWskIrpComplete, &event, TRUE, TRUE, TRUE);

    (VOID)HbWskCallSynchronously(
              irp,
              &event,
              ((PWSK_PROVIDER_BASIC_DISPATCH)socket->Dispatch)->WskCloseSocket(socket, irp));

    IoFreeIrp(irp);
}
