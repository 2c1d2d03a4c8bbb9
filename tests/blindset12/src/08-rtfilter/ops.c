#include "rtfilter.h"

static const UNICODE_STRING s_Blocked[] = {
    RTL_CONSTANT_STRING(L"docx"),
    RTL_CONSTANT_STRING(L"xlsx"),
    RTL_CONSTANT_STRING(L"pdf"),
};

static BOOLEAN
NwIsBlocked(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION name = NULL;
    BOOLEAN hit = FALSE;
    ULONG i;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &name))) {
        return FALSE;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(name))) {
        for (i = 0; i < ARRAYSIZE(s_Blocked); i++) {
            if (RtlEqualUnicodeString(&name->Extension, &s_Blocked[i], TRUE)) {
                hit = TRUE;
                break;
            }
        }
    }
    FltReleaseFileNameInformation(name);
    return hit;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
NwPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID* Ctx)
{
    UNREFERENCED_PARAMETER(Objects);
    *Ctx = NULL;

    if (Data->RequestorMode == KernelMode || !NwIsBlocked(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    InterlockedIncrement(&g_Nw.Denied);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
NwPreSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID* Ctx)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    if (cls != FileRenameInformation && cls != FileRenameInformationEx &&
        cls != FileDispositionInformation && cls != FileDispositionInformationEx) {
        *Ctx = NULL;
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return NwPreWrite(Data, Objects, Ctx);
}

NTSTATUS FLTAPI
NwQueryTeardown(PCFLT_RELATED_OBJECTS Objects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Objects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

//
// Communication port so the tray app can read the deny counter.
//
static NTSTATUS FLTAPI
NwConnect(PFLT_PORT Client, PVOID Cookie, PVOID Ctx, ULONG CtxSize, PVOID* ConnCookie)
{
    UNREFERENCED_PARAMETER(Cookie);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxSize);
    *ConnCookie = NULL;
    g_Nw.ClientPort = Client;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
NwDisconnect(PVOID ConnCookie)
{
    UNREFERENCED_PARAMETER(ConnCookie);
    FltCloseClientPort(g_Nw.Filter, &g_Nw.ClientPort);
}

static NTSTATUS FLTAPI
NwMessage(PVOID Cookie, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen, PULONG Returned)
{
    UNREFERENCED_PARAMETER(Cookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InLen);

    if (Out == NULL || OutLen < sizeof(LONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        *(PLONG)Out = g_Nw.Denied;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    *Returned = sizeof(LONG);
    return STATUS_SUCCESS;
}

NTSTATUS
NwOpenPort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\NoWritePort");

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(g_Nw.Filter, &g_Nw.ServerPort, &oa, NULL,
                                        NwConnect, NwDisconnect, NwMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

NTSTATUS FLTAPI
NwUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    if (g_Nw.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Nw.ServerPort);
        g_Nw.ServerPort = NULL;
    }
    FltUnregisterFilter(g_Nw.Filter);
    DBG_LOG("denied %ld writes while loaded", g_Nw.Denied);
    return STATUS_SUCCESS;
}
