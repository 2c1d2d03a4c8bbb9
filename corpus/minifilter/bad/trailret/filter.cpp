/*
 * filter.cpp - registration and the communication port of the trailret
 * minifilter, every helper written with a trailing return type.
 */

#include "trailret.h"

namespace tr {

static PFLT_FILTER g_Filter;
static PFLT_PORT g_ServerPort;
static PFLT_PORT g_ClientPort;

static auto Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags) -> NTSTATUS
{
    UNREFERENCED_PARAMETER(Flags);
    ClosePort();
    UnregisterFilter();
    return STATUS_SUCCESS;
}

static auto Connect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                    _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie) -> NTSTATUS
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    *ConnectionPortCookie = nullptr;
    g_ClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static auto Disconnect(_In_opt_ PVOID ConnectionCookie) -> VOID
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Filter, &g_ClientPort);
}

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    nullptr,
    Unload,
};

auto RegisterFilter(_In_ PDRIVER_OBJECT DriverObject) -> NTSTATUS
{
    return FltRegisterFilter(DriverObject, &Registration, &g_Filter);
}

auto OpenPort() noexcept -> NTSTATUS
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\TrailRetPort");
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES attributes;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);
    status = FltCreateCommunicationPort(g_Filter, &g_ServerPort, &attributes, nullptr,
                                        Connect, Disconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

auto StartFiltering() noexcept -> NTSTATUS
{
    return FltStartFiltering(g_Filter);
}

auto ClosePort() noexcept -> void
{
    FltCloseCommunicationPort(g_ServerPort);
}

auto UnregisterFilter() noexcept -> void
{
    FltUnregisterFilter(g_Filter);
}

}
