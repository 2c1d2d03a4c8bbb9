//
// driver.cpp - CtxFlt registration, communication port, DriverEntry and unload.
//
#include "ctxflt.h"

namespace ctxflt {

PFLT_FILTER   Filter::s_Filter;
PFLT_PORT     Filter::s_ServerPort;
PFLT_PORT     Filter::s_ClientPort;
volatile LONG Filter::s_State = static_cast<LONG>(State::Stopped);
ULONG         Filter::s_LogOpens;

namespace {

NTSTATUS FLTAPI
QueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    ContextRegistration,
    OperationRegistration,
    Filter::Unload,
    InstanceSetup,
    QueryTeardown,
    nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // anonymous namespace

NTSTATUS FLTAPI
Filter::OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerCookie,
                  _In_reads_bytes_opt_(Size) PVOID Context, _In_ ULONG Size,
                  _Outptr_result_maybenull_ PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);

    s_ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI
Filter::OnDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(s_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI
Filter::OnMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InLen) PVOID In, _In_ ULONG InLen,
                  _Out_writes_bytes_to_opt_(OutLen, *Returned) PVOID Out, _In_ ULONG OutLen,
                  _Out_ PULONG Returned)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InLen);

    *Returned = 0;
    if (Out == nullptr || OutLen < sizeof(QueryReply)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    QueryReply reply = CollectStats();
    __try {
        ProbeForWrite(Out, sizeof(reply), __alignof(QueryReply));
        RtlCopyMemory(Out, &reply, sizeof(reply));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    *Returned = sizeof(reply);
    return STATUS_SUCCESS;
}

NTSTATUS
Filter::OpenPort()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING    name = RTL_CONSTANT_STRING(CF_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(s_Filter, &s_ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void
Filter::ClosePort()
{
    if (s_ServerPort != nullptr) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

NTSTATUS
Filter::Start(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2] = {};
    ULONG                    def = 0;

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = const_cast<PWSTR>(L"LogOpens");
    table[0].EntryContext  = &s_LogOpens;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &def;
    table[0].DefaultLength = sizeof(ULONG);
    (void)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, nullptr, nullptr);

    InterlockedExchange(&s_State, static_cast<LONG>(State::Starting));

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        InterlockedExchange(&s_State, static_cast<LONG>(State::Stopped));
        return status;
    }
    // declared first, runs last
    auto unregister = MakeScopeExit([] {
        FltUnregisterFilter(s_Filter);
        s_Filter = nullptr;
        InterlockedExchange(&s_State, static_cast<LONG>(State::Stopped));
    });

    status = OpenPort();
    if (!NT_SUCCESS(status)) {
        CF_LOG("port 0x%08X", status);
        return status;
    }
    // the port has to be gone before FltUnregisterFilter
    auto closePort = MakeScopeExit([] { ClosePort(); });

    status = FltStartFiltering(s_Filter);
    if (!NT_SUCCESS(status)) {
        CF_LOG("FltStartFiltering 0x%08X", status);
        return status;
    }

    closePort.dismiss();
    unregister.dismiss();
    InterlockedExchange(&s_State, static_cast<LONG>(State::Running));
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
Filter::Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    InterlockedExchange(&s_State, static_cast<LONG>(State::Stopping));

    ClosePort();
    FltUnregisterFilter(s_Filter);
    s_Filter = nullptr;

    InterlockedExchange(&s_State, static_cast<LONG>(State::Stopped));
    return STATUS_SUCCESS;
}

} // namespace ctxflt

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = ctxflt::Filter::Start(DriverObject, RegistryPath);
    CF_LOG("DriverEntry 0x%08X", status);
    return status;
}
