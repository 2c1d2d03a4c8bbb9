/*
 * watch.cpp (violating) - the twin of ../../helperreg/watch.cpp whose unload
 * routine, found only through this file's static FLT_REGISTRATION,
 * unregisters the filter before it closes the server port.
 * Expected (with main.cpp): FLT008, at the FltUnregisterFilter.
 */
#include "watch.h"

namespace hr {

PFLT_FILTER Watch::s_filter;
PFLT_PORT Watch::s_serverPort;

static const FLT_OPERATION_REGISTRATION g_operations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    g_operations,
    Watch::Unload,
};

static NTSTATUS FLTAPI
Connect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
        PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ClientPort);
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
Disconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
}

NTSTATUS Watch::Init(PDRIVER_OBJECT DriverObject)
{
    return FltRegisterFilter(DriverObject, &g_registration, &s_filter);
}

NTSTATUS Watch::Start()
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\HelperRegPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd = nullptr;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status))
        return status;
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);
    status = FltCreateCommunicationPort(s_filter, &s_serverPort, &attributes, nullptr, Connect, Disconnect,
                                        nullptr, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status))
        return status;

    status = FltStartFiltering(s_filter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(s_serverPort);
        s_serverPort = nullptr;
    }
    return status;
}

void Watch::Stop()
{
    FltUnregisterFilter(s_filter);
}

NTSTATUS FLTAPI Watch::Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(s_filter);                      // expect: FLT008
    if (s_serverPort != nullptr)
        FltCloseCommunicationPort(s_serverPort);
    return STATUS_SUCCESS;
}

} // namespace hr
