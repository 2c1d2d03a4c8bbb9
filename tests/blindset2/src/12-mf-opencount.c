/*
 * OpenCount - minifilter that keeps a per-stream open counter in a stream
 * context and answers queries from a user-mode console over a comm port.
 */
#include <fltKernel.h>
#include <dontuse.h>

#define OC_PORT_NAME L"\\OpenCountPort"
#define OC_CTX_TAG   'xCcO'

typedef struct _OC_STREAM_CONTEXT {
    volatile LONG OpenCount;
} OC_STREAM_CONTEXT, *POC_STREAM_CONTEXT;

typedef struct _OC_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
} OC_GLOBALS;

OC_GLOBALS g_Oc;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS OcUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS OcPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
NTSTATUS OcConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie, _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                   _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
VOID OcDisconnect(_In_opt_ PVOID ConnectionCookie);

CONST FLT_CONTEXT_REGISTRATION OcContexts[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(OC_STREAM_CONTEXT), OC_CTX_TAG },
    { FLT_CONTEXT_END }
};

CONST FLT_OPERATION_REGISTRATION OcCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, OcPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION OcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    OcContexts,
    OcCallbacks,
    OcUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(OC_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &OcRegistration, &g_Oc.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        goto unregister;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(g_Oc.Filter, &g_Oc.ServerPort, &oa, NULL,
                                        OcConnect, OcDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    status = FltStartFiltering(g_Oc.Filter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(g_Oc.ServerPort);
        goto unregister;
    }
    return STATUS_SUCCESS;

unregister:
    FltUnregisterFilter(g_Oc.Filter);
out:
    return status;
}

NTSTATUS
OcUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    FltUnregisterFilter(g_Oc.Filter);
    FltCloseCommunicationPort(g_Oc.ServerPort);
    return STATUS_SUCCESS;
}

NTSTATUS
OcConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    g_Oc.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

VOID
OcDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Oc.Filter, &g_Oc.ClientPort);
}

FLT_POSTOP_CALLBACK_STATUS
OcPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    POC_STREAM_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT*)&ctx);
    if (status == STATUS_NOT_FOUND) {
        status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(OC_STREAM_CONTEXT),
                                    NonPagedPoolNx, (PFLT_CONTEXT*)&ctx);
        if (!NT_SUCCESS(status)) {
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        ctx->OpenCount = 0;
        status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                     FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
        if (!NT_SUCCESS(status)) {
            FltReleaseContext(ctx);
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
    } else if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    InterlockedIncrement(&ctx->OpenCount);
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
