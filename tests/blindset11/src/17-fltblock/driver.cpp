// driver.cpp - FltBlock: registration, pre-create, port, DriverEntry
#include "fltblock.h"
#include "guard.h"

namespace fb {
Globals g;
}

using fb::g;

extern "C" DRIVER_INITIALIZE DriverEntry;

static FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    NTSTATUS status = FltGetFileNameInformation(
        Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto release = kx::finally([nameInfo] { FltReleaseFileNameInformation(nameInfo); });

    if (!NT_SUCCESS(FltParseFileNameInformation(nameInfo)) || nameInfo->FinalComponent.Length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!g.Rules->Matches(&nameInfo->FinalComponent)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InterlockedIncrement(&g.Denied);

    if (g.ClientPort != nullptr) {
        fb::DenyNotice notice = {};
        notice.ProcessId = FltGetRequestorProcessId(Data);
        USHORT chars = min(nameInfo->FinalComponent.Length / sizeof(WCHAR), fb::kNameChars - 1);
        RtlCopyMemory(notice.Name, nameInfo->FinalComponent.Buffer, chars * sizeof(WCHAR));
        LARGE_INTEGER timeout;
        timeout.QuadPart = -10 * 1000 * 20;
        FltSendMessage(g.Filter, &g.ClientPort, &notice, sizeof(notice), nullptr, nullptr, &timeout);
    }

    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

static NTSTATUS FLTAPI
PortConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionCookie)
{
    g.ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PortDisconnect(PVOID)
{
    FltCloseClientPort(g.Filter, &g.ClientPort);
}

static NTSTATUS FLTAPI
FilterUnload(FLT_FILTER_UNLOAD_FLAGS)
{
    FltCloseCommunicationPort(g.ServerPort);
    g.ServerPort = nullptr;
    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;
    delete g.Rules;
    g.Rules = nullptr;
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    Callbacks,
    FilterUnload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

static NTSTATUS CreatePort(PFLT_FILTER filter, PFLT_PORT* port)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name;
    RtlInitUnicodeString(&name, fb::kPortName);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(filter, port, &oa, nullptr, PortConnect, PortDisconnect,
                                        nullptr, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS ruleStatus = STATUS_SUCCESS;
    g.Rules = fb::RuleSet::Load(RegistryPath, &ruleStatus);
    if (g.Rules == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!NT_SUCCESS(ruleStatus)) {
        DbgPrint("FltBlock: no BlockedNames (0x%08X), %lu built-in rules\n", ruleStatus, g.Rules->Count());
    }
    auto rulesGuard = kx::finally([] {
        delete g.Rules;
        g.Rules = nullptr;
    });

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &g.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("FltBlock: FltRegisterFilter 0x%08X\n", status);
        return status;
    }
    auto filterGuard = kx::finally([] {
        FltUnregisterFilter(g.Filter);
        g.Filter = nullptr;
    });

    status = CreatePort(g.Filter, &g.ServerPort);
    if (!NT_SUCCESS(status)) {
        DbgPrint("FltBlock: port 0x%08X\n", status);
        return status;
    }
    // declared after filterGuard, so on failure the port closes before the unregister
    auto portGuard = kx::finally([] {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    });

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("FltBlock: FltStartFiltering 0x%08X\n", status);
        return status;
    }

    portGuard.Cancel();
    filterGuard.Cancel();
    rulesGuard.Cancel();

    DbgPrint("FltBlock: filtering with %lu rules\n", g.Rules->Count());
    return STATUS_SUCCESS;
}
