/*
 * hidefs.c - "hide file" minifilter
 *
 * Removes entries whose name matches one of up to 16 configured names
 * from directory listings (FileBothDirectoryInformation and
 * FileIdBothDirectoryInformation only).  Names are added/removed from user
 * mode through the \HideFsPort communication port.
 *
 * Altitude / instance setup come from the INF (see hidefs.inf).
 */
#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define HF_MAX_NAMES    16
#define HF_MAX_CHARS    64
#define HF_PORT_NAME    L"\\HideFsPort"

typedef enum _HF_COMMAND {
    HfCmdAdd = 1,
    HfCmdRemove,
    HfCmdClear
} HF_COMMAND;

typedef struct _HF_MESSAGE {
    HF_COMMAND Command;
    WCHAR      Name[HF_MAX_CHARS];
} HF_MESSAGE, *PHF_MESSAGE;

PFLT_FILTER gFilterHandle;
PFLT_PORT   gServerPort;
PFLT_PORT   gClientPort;

static KSPIN_LOCK gHideLock;
static WCHAR      gHideNames[HF_MAX_NAMES][HF_MAX_CHARS];
static USHORT     gHideLengths[HF_MAX_NAMES];     /* bytes, 0 = free slot */

DRIVER_INITIALIZE DriverEntry;
NTSTATUS HfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS HfInstanceQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS HfPostDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS HfPreDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                          _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, HfPreDirControl, HfPostDirControl },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    Callbacks,
    HfUnload,
    NULL,
    HfInstanceQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static BOOLEAN
HfIsHidden(_In_reads_bytes_(NameBytes) PCWSTR Name, _In_ ULONG NameBytes)
{
    KIRQL irql;
    BOOLEAN match = FALSE;
    ULONG i;

    /* may run at DISPATCH_LEVEL in the post-op: plain byte compare only */
    KeAcquireSpinLock(&gHideLock, &irql);
    for (i = 0; i < HF_MAX_NAMES && !match; i++) {
        if (gHideLengths[i] == 0 || gHideLengths[i] != NameBytes) {
            continue;
        }
        match = (RtlCompareMemory(gHideNames[i], Name, NameBytes) == NameBytes);
    }
    KeReleaseSpinLock(&gHideLock, irql);
    return match;
}

FLT_PREOP_CALLBACK_STATUS
HfPreDirControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    switch (Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass) {
    case FileBothDirectoryInformation:
    case FileIdBothDirectoryInformation:
        break;
    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    /* lock the caller's buffer now, the post-op may not be at PASSIVE_LEVEL */
    if (!NT_SUCCESS(FltLockUserBuffer(Data))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

/*
 * Both structures keep NextEntryOffset first, FileName/FileNameLength at
 * different offsets, so walk them with a small helper per class.
 */
static VOID
HfFilterBuffer(_Inout_ PUCHAR Buffer, _In_ FILE_INFORMATION_CLASS Class)
{
    PUCHAR current = Buffer;
    PUCHAR previous = NULL;
    ULONG next;

    for (;;) {
        PCWSTR name;
        ULONG nameLen;

        if (Class == FileBothDirectoryInformation) {
            PFILE_BOTH_DIR_INFORMATION e = (PFILE_BOTH_DIR_INFORMATION)current;
            next = e->NextEntryOffset;
            name = e->FileName;
            nameLen = e->FileNameLength;
        } else {
            PFILE_ID_BOTH_DIR_INFORMATION e = (PFILE_ID_BOTH_DIR_INFORMATION)current;
            next = e->NextEntryOffset;
            name = e->FileName;
            nameLen = e->FileNameLength;
        }

        if (HfIsHidden(name, nameLen) && previous != NULL) {
            /* unlink: previous entry now skips over this one */
            if (next == 0) {
                *(PULONG)previous = 0;
            } else {
                *(PULONG)previous += next;
            }
            if (next == 0) {
                break;
            }
            current += next;
            continue;
        }

        if (next == 0) {
            break;
        }
        previous = current;
        current += next;
    }
}

FLT_POSTOP_CALLBACK_STATUS
HfPostDirControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
                 FLT_POST_OPERATION_FLAGS Flags)
{
    PMDL mdl;
    PVOID buffer;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    mdl = Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress;
    if (mdl == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    buffer = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (buffer != NULL) {
        HfFilterBuffer((PUCHAR)buffer,
                       Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS
HfConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    gClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID
HfDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(gFilterHandle, &gClientPort);
}

static NTSTATUS
HfMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
          PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    HF_MESSAGE msg;
    KIRQL irql;
    ULONG i;
    size_t chars;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(HF_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    try {
        ProbeForRead(InputBuffer, sizeof(HF_MESSAGE), sizeof(ULONG));
        RtlCopyMemory(&msg, InputBuffer, sizeof(HF_MESSAGE));
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    msg.Name[HF_MAX_CHARS - 1] = L'\0';
    chars = wcslen(msg.Name);

    KeAcquireSpinLock(&gHideLock, &irql);
    switch (msg.Command) {
    case HfCmdAdd:
        status = STATUS_INSUFFICIENT_RESOURCES;
        for (i = 0; i < HF_MAX_NAMES; i++) {
            if (gHideLengths[i] == 0) {
                RtlCopyMemory(gHideNames[i], msg.Name, chars * sizeof(WCHAR));
                gHideLengths[i] = (USHORT)(chars * sizeof(WCHAR));
                status = STATUS_SUCCESS;
                break;
            }
        }
        break;
    case HfCmdRemove:
        status = STATUS_NOT_FOUND;
        for (i = 0; i < HF_MAX_NAMES; i++) {
            if (gHideLengths[i] == chars * sizeof(WCHAR) &&
                RtlCompareMemory(gHideNames[i], msg.Name, gHideLengths[i]) == gHideLengths[i]) {
                gHideLengths[i] = 0;
                status = STATUS_SUCCESS;
            }
        }
        break;
    case HfCmdClear:
        RtlZeroMemory(gHideLengths, sizeof(gHideLengths));
        break;
    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }
    KeReleaseSpinLock(&gHideLock, irql);
    return status;
}

NTSTATUS
HfInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

NTSTATUS
HfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    if (gClientPort != NULL) {
        FltCloseClientPort(gFilterHandle, &gClientPort);
    }
    FltUnregisterFilter(gFilterHandle);
    gFilterHandle = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(HF_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&gHideLock);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &gFilterHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(gFilterHandle);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(gFilterHandle, &gServerPort, &oa, NULL,
                                        HfConnect, HfDisconnect, HfMessage, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(gFilterHandle);
        return status;
    }

    status = FltStartFiltering(gFilterHandle);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(gServerPort);
        return status;
    }

    return status;
}
