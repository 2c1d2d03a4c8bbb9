// FltNotify - minifilter that sends the name of every deleted file to a
// user mode service over a filter communication port (\FltNotifyPort)

#include <fltKernel.h>

#define NOTIFY_PORT L"\\FltNotifyPort"
#define MAX_NAME_CHARS 260

typedef struct _NOTIFY_MSG {
    ULONG Pid;
    WCHAR Name[MAX_NAME_CHARS];
} NOTIFY_MSG;

PFLT_FILTER FilterHandle = NULL;
PFLT_PORT   ServerPort = NULL;
PFLT_PORT   ClientPort = NULL;

NTSTATUS FLTAPI PortConnect(PFLT_PORT Client, PVOID ServerCookie, PVOID Ctx, ULONG CtxSize, PVOID *ConnCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxSize);
    UNREFERENCED_PARAMETER(ConnCookie);
    ClientPort = Client;
    return STATUS_SUCCESS;
}

VOID FLTAPI PortDisconnect(PVOID ConnCookie)
{
    UNREFERENCED_PARAMETER(ConnCookie);
    FltCloseClientPort(FilterHandle, &ClientPort);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PFLT_FILE_NAME_INFORMATION ni;
    NOTIFY_MSG msg;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (ClientPort == NULL)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (cls != FileDispositionInformation && cls != FileDispositionInformationEx)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        RtlZeroMemory(&msg, sizeof(msg));
        msg.Pid = FltGetRequestorProcessId(Data);
        RtlCopyMemory(msg.Name, ni->Name.Buffer,
                      min(ni->Name.Length, (MAX_NAME_CHARS - 1) * sizeof(WCHAR)));
        FltReleaseFileNameInformation(ni);
        FltSendMessage(FilterHandle, &ClientPort, &msg, sizeof(msg), NULL, NULL, NULL);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI NotifyUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(ServerPort);
    FltUnregisterFilter(FilterHandle);
    return STATUS_SUCCESS;
}

CONST FLT_OPERATION_REGISTRATION Ops[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    NULL, Ops, NotifyUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &Registration, &FilterHandle);
    if (!NT_SUCCESS(status))
        return status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&name, NOTIFY_PORT);
        InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

        status = FltCreateCommunicationPort(FilterHandle, &ServerPort, &oa, NULL,
                                            PortConnect, PortDisconnect, NULL, 1);
        if (NT_SUCCESS(status)) {
            FltFreeSecurityDescriptor(sd);

            status = FltStartFiltering(FilterHandle);
            if (NT_SUCCESS(status))
                return STATUS_SUCCESS;

            FltCloseCommunicationPort(ServerPort);
        }
    }

    FltUnregisterFilter(FilterHandle);
    return status;
}
