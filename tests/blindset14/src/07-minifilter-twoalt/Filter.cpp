// Filter.cpp
#include "Filter.h"
#include "InstanceKeys.h"

namespace twoalt {

PFLT_FILTER Filter::s_Filter;
PFLT_PORT Filter::s_ServerPort;
PFLT_PORT Filter::s_ClientPort;
Stats Filter::s_Stats;

const FLT_OPERATION_REGISTRATION Filter::s_Operations[] = {
    { IRP_MJ_CREATE, 0, &Filter::PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION Filter::s_Contexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, nullptr, sizeof(InstanceContext), kTag },
    { FLT_CONTEXT_END }
};

const FLT_REGISTRATION Filter::Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    s_Contexts,
    s_Operations,
    &Filter::Unload,
    &Filter::InstanceSetup,
    nullptr,
    nullptr,
    nullptr,
    nullptr, nullptr, nullptr
};

// ---------------------------------------------------------------------------
NTSTATUS Filter::Register(PDRIVER_OBJECT driver)
{
    return FltRegisterFilter(driver, &Registration, &s_Filter);
}

void Filter::Unregister()
{
    if (s_Filter) {
        FltUnregisterFilter(s_Filter);
        s_Filter = nullptr;
    }
}

NTSTATUS Filter::Start()
{
    return FltStartFiltering(s_Filter);
}

NTSTATUS Filter::OpenPort()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\TwoAltPort");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(s_Filter, &s_ServerPort, &oa, nullptr,
                                        &Filter::PortConnect, &Filter::PortDisconnect,
                                        &Filter::PortMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void Filter::ClosePort()
{
    if (s_ServerPort) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

// ---------------------------------------------------------------------------
NTSTATUS FLTAPI Filter::Unload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);

    ClosePort();
    Unregister();
    OnFilterUnload();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI Filter::InstanceSetup(PCFLT_RELATED_OBJECTS objects, FLT_INSTANCE_SETUP_FLAGS flags,
                                      DEVICE_TYPE deviceType, FLT_FILESYSTEM_TYPE fsType)
{
    UNREFERENCED_PARAMETER(flags);
    UNREFERENCED_PARAMETER(fsType);

    if (deviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    // which of our two instances is this? go by altitude
    UCHAR buffer[sizeof(INSTANCE_FULL_INFORMATION) + 256 * sizeof(WCHAR)];
    ULONG returned = 0;
    auto full = reinterpret_cast<PINSTANCE_FULL_INFORMATION>(buffer);
    Level where = Level::Upper;

    if (NT_SUCCESS(FltGetInstanceInformation(objects->Instance, InstanceFullInformation,
                                             buffer, sizeof(buffer), &returned))) {
        UNICODE_STRING altitude;
        UNICODE_STRING lower;
        altitude.Buffer = reinterpret_cast<PWCH>(buffer + full->AltitudeBufferOffset);
        altitude.Length = altitude.MaximumLength = full->AltitudeLength;
        RtlInitUnicodeString(&lower, kInstances[1].Altitude);
        if (RtlEqualUnicodeString(&altitude, &lower, FALSE)) {
            where = Level::Lower;
        }
    }

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(s_Filter, FLT_INSTANCE_CONTEXT, sizeof(InstanceContext),
                                         NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    ctx->Where = where;

    status = FltSetInstanceContext(objects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    FltReleaseContext(ctx);
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InterlockedIncrement(&s_Stats.Instances[static_cast<ULONG>(where)]);
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI Filter::PreCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objects,
                                                   PVOID* completionContext)
{
    UNREFERENCED_PARAMETER(data);
    *completionContext = nullptr;

    InstanceContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(objects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        InterlockedIncrement64(&s_Stats.Creates[static_cast<ULONG>(ctx->Where)]);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

// ---------------------------------------------------------------------------
NTSTATUS FLTAPI Filter::PortConnect(PFLT_PORT client, PVOID serverCookie, PVOID context, ULONG size,
                                    PVOID* connectionCookie)
{
    UNREFERENCED_PARAMETER(serverCookie);
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(size);

    s_ClientPort = client;
    *connectionCookie = nullptr;
    return STATUS_SUCCESS;
}

void FLTAPI Filter::PortDisconnect(PVOID connectionCookie)
{
    UNREFERENCED_PARAMETER(connectionCookie);
    FltCloseClientPort(s_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI Filter::PortMessage(PVOID cookie, PVOID input, ULONG inputLength, PVOID output,
                                    ULONG outputLength, PULONG returned)
{
    UNREFERENCED_PARAMETER(cookie);
    UNREFERENCED_PARAMETER(input);
    UNREFERENCED_PARAMETER(inputLength);

    *returned = 0;
    if (output == nullptr || outputLength < sizeof(Stats)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    // the output buffer is a user address
    __try {
        ProbeForWrite(output, sizeof(Stats), alignof(LONG64));
        RtlCopyMemory(output, &s_Stats, sizeof(Stats));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    *returned = sizeof(Stats);
    return STATUS_SUCCESS;
}

} // namespace twoalt
