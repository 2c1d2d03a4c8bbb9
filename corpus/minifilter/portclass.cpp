// portclass.cpp - a minifilter that counts opens per volume and answers a
// user-mode agent through a communication port. Everything lives in one
// class of static members and static member functions, the filter's
// callbacks among them. When FltStartFiltering fails, the port that
// OpenPort created is closed by ClosePort, which tests the static member the
// port was created into.

#include <fltKernel.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

class OpenCount {
public:
    static NTSTATUS Start(PDRIVER_OBJECT DriverObject);
    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);

private:
    static NTSTATUS OpenPort();
    static void ClosePort();
    static NTSTATUS FLTAPI Connect(PFLT_PORT Client, PVOID ServerCookie, PVOID Context, ULONG Size,
                                   PVOID* ConnectionCookie);
    static VOID FLTAPI Disconnect(PVOID ConnectionCookie);

    static PFLT_FILTER s_Filter;
    static PFLT_PORT s_Port;
    static PFLT_PORT s_Client;
};

PFLT_FILTER OpenCount::s_Filter = nullptr;
PFLT_PORT OpenCount::s_Port = nullptr;
PFLT_PORT OpenCount::s_Client = nullptr;

static const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, nullptr, Operations, OpenCount::Unload,
};

NTSTATUS FLTAPI OpenCount::Connect(PFLT_PORT Client, PVOID ServerCookie, PVOID Context, ULONG Size,
                                   PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    s_Client = Client;
    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI OpenCount::Disconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(s_Filter, &s_Client);
}

NTSTATUS OpenCount::OpenPort()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\OpenCountPort");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);
    status = FltCreateCommunicationPort(s_Filter, &s_Port, &oa, nullptr, Connect, Disconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void OpenCount::ClosePort()
{
    if (s_Port != nullptr) {
        FltCloseCommunicationPort(s_Port);
        s_Port = nullptr;
    }
}

NTSTATUS OpenCount::Start(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = OpenPort();
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(s_Filter);
        if (NT_SUCCESS(status)) {
            return STATUS_SUCCESS;
        }
        ClosePort();
    }
    FltUnregisterFilter(s_Filter);
    return status;
}

NTSTATUS FLTAPI OpenCount::Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    ClosePort();
    FltUnregisterFilter(s_Filter);
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: minifilter
{
    UNREFERENCED_PARAMETER(RegistryPath);
    return OpenCount::Start(DriverObject);
}
