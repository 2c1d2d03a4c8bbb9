/*
 * driver.c - wskecho DriverEntry / DriverUnload
 *
 * sc create wskecho type= kernel binPath= C:\drv\wskecho.sys
 * sc start wskecho ; then: ncat 127.0.0.1 7007
 */
#include "wsksrv.h"

ECHO_GLOBALS g_Echo;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     EchoUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EchoUnload)
#endif

VOID
EchoUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ECHO_LOG("unload, served %ld clients\n", g_Echo.Clients);

    /* wakes the accept thread out of WskAccept (it cancels its IRP) */
    KeSetEvent(&g_Echo.StopEvent, IO_NO_INCREMENT, FALSE);

    if (g_Echo.ThreadHandle != NULL) {
        ZwWaitForSingleObject(g_Echo.ThreadHandle, FALSE, NULL);
        ZwClose(g_Echo.ThreadHandle);
        g_Echo.ThreadHandle = NULL;
    }

    if (g_Echo.ListenSocket != NULL) {
        EchoCloseSocket(g_Echo.ListenSocket);
        g_Echo.ListenSocket = NULL;
    }

    WskDeregister(&g_Echo.Registration);

    ECHO_LOG("gone\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    OBJECT_ATTRIBUTES   oa;
    HANDLE              thread = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Echo, sizeof(g_Echo));
    KeInitializeEvent(&g_Echo.StopEvent, NotificationEvent, FALSE);

    status = EchoWskStart();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = EchoOpenListener(ECHO_PORT);
    if (!NT_SUCCESS(status)) {
        EchoWskStop();
        return status;
    }

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, SYNCHRONIZE, &oa, NULL, NULL,
                                  EchoAcceptThread, NULL);
    if (!NT_SUCCESS(status)) {
        ECHO_LOG("PsCreateSystemThread: 0x%08X\n", status);
        EchoCloseSocket(g_Echo.ListenSocket);
        g_Echo.ListenSocket = NULL;
        EchoWskStop();
        return status;
    }
    g_Echo.ThreadHandle = thread;

    DriverObject->DriverUnload = EchoUnload;
    ECHO_LOG("up on port %u\n", ECHO_PORT);
    return STATUS_SUCCESS;
}
