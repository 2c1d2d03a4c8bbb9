/*++
    port.c - \ScanFilterPort communication with the scanner service

    Copyright (c) ScanFilter authors. Licensed under the Apache License 2.0.
--*/
#include "scanfilter.h"

static NTSTATUS SfPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext, PVOID *ConnectionPortCookie);
static VOID SfPortDisconnect(PVOID ConnectionCookie);
static NTSTATUS SfPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength);

#pragma alloc_text(INIT, SfCreatePort)
#pragma alloc_text(PAGE, SfPortConnect)
#pragma alloc_text(PAGE, SfPortDisconnect)
#pragma alloc_text(PAGE, SfPortMessage)
#pragma alloc_text(PAGE, SfNotifyScanner)

NTSTATUS SfCreatePort(VOID)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(SF_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SF_ERROR("FltBuildDefaultSecurityDescriptor failed 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Sf.Filter, &g_Sf.ServerPort, &oa, NULL,
                                        SfPortConnect, SfPortDisconnect, SfPortMessage, 1);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        SF_ERROR("FltCreateCommunicationPort failed 0x%08X", status);
        g_Sf.ServerPort = NULL;
    }
    return status;
}

static NTSTATUS SfPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
              ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    g_Sf.ClientPort = ClientPort;        /* MaxConnections is 1 */
    *ConnectionPortCookie = NULL;

    SF_INFO("scanner connected, pid %lu", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID SfPortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    /* also runs from FltUnregisterFilter if the service is still connected */
    FltCloseClientPort(g_Sf.Filter, &g_Sf.ClientPort);
    SF_INFO("scanner disconnected");
}

static NTSTATUS SfReloadConfig(VOID)
{
    PSF_EXTENSION_LIST newList = NULL;
    PSF_EXTENSION_LIST oldList;
    NTSTATUS status;

    status = SfLoadExtensions(&g_Sf.RegistryPath, &newList);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Sf.ConfigLock, TRUE);
    oldList = g_Sf.Extensions;
    g_Sf.Extensions = newList;
    ExReleaseResourceLite(&g_Sf.ConfigLock);
    KeLeaveCriticalRegion();

    SfFreeExtensions(oldList);
    SF_INFO("watch list reloaded, %lu extension(s)", newList->Count);
    return STATUS_SUCCESS;
}

static NTSTATUS SfPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    SF_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    PAGED_CODE();
    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(SF_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    /* the input buffer is the service's user-mode buffer */
    __try {
        command = *(SF_COMMAND *)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    if (command != SfCommandReloadConfig) {
        return STATUS_INVALID_PARAMETER;
    }
    return SfReloadConfig();
}

NTSTATUS SfNotifyScanner(_In_ PSF_STREAM_CONTEXT Context)
{
    PSF_NOTIFICATION notification;
    SF_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    NTSTATUS status;

    PAGED_CODE();

    if (g_Sf.ClientPort == NULL) {
        return STATUS_PORT_DISCONNECTED;
    }

    notification = (PSF_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(SF_NOTIFICATION), SF_TAG);
    if (notification == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    notification->ProcessId = HandleToULong(PsGetCurrentProcessId());
    RtlCopyMemory(notification->FileName, Context->FileName, sizeof(notification->FileName));

    timeout.QuadPart = -10000LL * SF_REPLY_TIMEOUT_MS;
    status = FltSendMessage(g_Sf.Filter, &g_Sf.ClientPort, notification, sizeof(SF_NOTIFICATION),
                            &reply, &replyLength, &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&g_Sf.Notifications);
        if (reply.Verdict != 0) {
            SF_INFO("scanner flagged %ws", notification->FileName);
        }
    }

    ExFreePoolWithTag(notification, SF_TAG);
    return status;
}
