/*
 * hidefs - minifilter that hides files / folders by name
 *
 * Names come from two places:
 *   - REG_MULTI_SZ "HiddenNames" in the service key (loaded when the first
 *     volume is attached)
 *   - hidectl.exe over the \HideFsPort communication port
 *
 * Only the directory listing is filtered (IRP_MJ_DIRECTORY_CONTROL), you can
 * still open a hidden file if you know its path. Good enough for a demo.
 */
#include "hidefs.h"

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI HfUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI HfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                                       FLT_INSTANCE_SETUP_FLAGS Flags,
                                       DEVICE_TYPE VolumeDeviceType,
                                       FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static FLT_PREOP_CALLBACK_STATUS FLTAPI HfPreDirCtrl(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID *CompletionContext);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI HfPostDirCtrl(PFLT_CALLBACK_DATA Data,
                                                       PCFLT_RELATED_OBJECTS FltObjects,
                                                       PVOID CompletionContext,
                                                       FLT_POST_OPERATION_FLAGS Flags);

PFLT_FILTER           g_Filter = NULL;
static PFLT_PORT      g_ServerPort = NULL;
static PFLT_PORT      g_ClientPort = NULL;
static UNICODE_STRING g_RegistryPath;
static LIST_ENTRY     g_Names;
static FAST_MUTEX     g_NamesLock;
static LONG           g_NamesLoaded = 0;
static LONG           g_NameCount = 0;

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, HfPreDirCtrl, HfPostDirCtrl },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      /* Flags */
    NULL,                   /* Context */
    Callbacks,
    HfUnload,
    HfInstanceSetup,
    NULL,                   /* InstanceQueryTeardown */
    NULL,                   /* InstanceTeardownStart */
    NULL,                   /* InstanceTeardownComplete */
    NULL, NULL, NULL        /* name provider callbacks */
};

/* ---------------------------------------------------------------------- */
/* name list                                                               */

BOOLEAN
HfIsHidden(_In_ PCUNICODE_STRING Name)
{
    PLIST_ENTRY le;
    BOOLEAN hidden = FALSE;

    ExAcquireFastMutex(&g_NamesLock);
    for (le = g_Names.Flink; le != &g_Names; le = le->Flink) {
        PHF_NAME_ENTRY e = CONTAINING_RECORD(le, HF_NAME_ENTRY, Link);
        if (RtlEqualUnicodeString(&e->Name, Name, TRUE)) {
            hidden = TRUE;
            break;
        }
    }
    ExReleaseFastMutex(&g_NamesLock);
    return hidden;
}

NTSTATUS
HfAddName(_In_reads_(Chars) PCWCH Name, _In_ ULONG Chars)
{
    PHF_NAME_ENTRY e;

    if (Chars == 0 || Chars >= HF_MAX_NAME) {
        return STATUS_INVALID_PARAMETER;
    }

    e = (PHF_NAME_ENTRY)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(HF_NAME_ENTRY), HF_TAG);
    if (e == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(e->Buffer, Name, Chars * sizeof(WCHAR));
    e->Name.Buffer = e->Buffer;
    e->Name.Length = (USHORT)(Chars * sizeof(WCHAR));
    e->Name.MaximumLength = sizeof(e->Buffer);

    ExAcquireFastMutex(&g_NamesLock);
    InsertTailList(&g_Names, &e->Link);
    g_NameCount++;
    ExReleaseFastMutex(&g_NamesLock);

    return STATUS_SUCCESS;
}

VOID
HfClearNames(VOID)
{
    ExAcquireFastMutex(&g_NamesLock);
    while (!IsListEmpty(&g_Names)) {
        PLIST_ENTRY le = RemoveHeadList(&g_Names);
        ExFreePoolWithTag(CONTAINING_RECORD(le, HF_NAME_ENTRY, Link), HF_TAG);
    }
    g_NameCount = 0;
    ExReleaseFastMutex(&g_NamesLock);
}

static VOID
HfLoadNamesFromRegistry(VOID)
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG size = 0;
    PCWCH p, end;

    InitializeObjectAttributes(&oa, &g_RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        DbgPrint("hidefs: ZwOpenKey(%wZ) 0x%08X\n", &g_RegistryPath, status);
        return;
    }

    RtlInitUnicodeString(&valueName, HF_VALUE_NAME);
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &size);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto out;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, size, HF_TAG);
    if (info == NULL) {
        goto out;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, size, &size);
    if (!NT_SUCCESS(status) || info->Type != REG_MULTI_SZ) {
        goto out;
    }

    p = (PCWCH)info->Data;
    end = (PCWCH)(info->Data + info->DataLength);
    while (p < end && *p != L'\0') {
        ULONG chars = 0;
        while (p + chars < end && p[chars] != L'\0') {
            chars++;
        }
        HfAddName(p, chars);
        p += chars + 1;
    }

out:
    if (info != NULL) {
        ExFreePoolWithTag(info, HF_TAG);
    }
    ZwClose(key);
}

/* ---------------------------------------------------------------------- */
/* communication port                                                      */

static NTSTATUS FLTAPI
HfConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
HfDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Filter, &g_ClientPort);
}

static NTSTATUS FLTAPI
HfMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
          PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    HF_MESSAGE msg;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(HF_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(HF_MESSAGE), sizeof(ULONG));
        RtlCopyMemory(&msg, InputBuffer, sizeof(msg));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case HfCmdAddName:
        msg.Name[HF_MAX_NAME - 1] = L'\0';
        status = HfAddName(msg.Name, (ULONG)wcslen(msg.Name));
        break;

    case HfCmdClearAll:
        HfClearNames();
        break;

    case HfCmdGetCount:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        __try {
            ProbeForWrite(OutputBuffer, sizeof(LONG), sizeof(LONG));
            *(PLONG)OutputBuffer = g_NameCount;
            *ReturnOutputBufferLength = sizeof(LONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return status;
}

/* ---------------------------------------------------------------------- */
/* filtering                                                               */

static NTSTATUS FLTAPI
HfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    /* first volume: pull the persistent list in */
    if (InterlockedCompareExchange(&g_NamesLoaded, 1, 0) == 0) {
        HfLoadNamesFromRegistry();
    }

    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
HfPreDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY || g_NameCount == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    switch (Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass) {
    case FileBothDirectoryInformation:
    case FileIdBothDirectoryInformation:
        /* post op runs at passive level in this thread, so we can touch the buffer */
        return FLT_PREOP_SYNCHRONIZE;
    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
}

static VOID
HfGetEntryName(FILE_INFORMATION_CLASS Class, PUCHAR Entry, PUNICODE_STRING Name)
{
    if (Class == FileBothDirectoryInformation) {
        PFILE_BOTH_DIR_INFORMATION fi = (PFILE_BOTH_DIR_INFORMATION)Entry;
        Name->Buffer = fi->FileName;
        Name->Length = (USHORT)fi->FileNameLength;
    } else {
        PFILE_ID_BOTH_DIR_INFORMATION fi = (PFILE_ID_BOTH_DIR_INFORMATION)Entry;
        Name->Buffer = fi->FileName;
        Name->Length = (USHORT)fi->FileNameLength;
    }
    Name->MaximumLength = Name->Length;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
HfPostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
              PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    FILE_INFORMATION_CLASS cls =
        Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass;
    PUCHAR buffer;
    PUCHAR prev = NULL;
    PUCHAR cur;
    UNICODE_STRING name;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress != NULL) {
        buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(
            Data->Iopb->Parameters.DirectoryControl.QueryDirectory.MdlAddress,
            NormalPagePriority | MdlMappingNoExecute);
    } else {
        buffer = (PUCHAR)Data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
    }
    if (buffer == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    __try {
        cur = buffer;
        for (;;) {
            ULONG next = *(PULONG)cur;      /* NextEntryOffset is the first field */

            HfGetEntryName(cls, cur, &name);
            if (HfIsHidden(&name)) {
                if (prev != NULL) {
                    /* unlink: previous entry skips over this one */
                    *(PULONG)prev = (next == 0) ? 0 : *(PULONG)prev + next;
                } else if (next != 0) {
                    /* first entry: slide the rest down over it */
                    ULONG remaining = (ULONG)Data->IoStatus.Information - next;
                    RtlMoveMemory(cur, cur + next, remaining);
                    Data->IoStatus.Information -= next;
                    continue;
                } else {
                    /* it was the only entry in this batch */
                    Data->IoStatus.Status = STATUS_NO_MORE_FILES;
                    Data->IoStatus.Information = 0;
                    break;
                }
            } else {
                prev = cur;
            }

            if (next == 0) {
                break;
            }
            cur += next;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        DbgPrint("hidefs: exception 0x%08X walking dir buffer\n", GetExceptionCode());
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

/* ---------------------------------------------------------------------- */

static NTSTATUS FLTAPI
HfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FltUnregisterFilter(g_Filter);
    FltCloseCommunicationPort(g_ServerPort);

    HfClearNames();
    DbgPrint("hidefs: unloaded\n");
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    InitializeListHead(&g_Names);
    ExInitializeFastMutex(&g_NamesLock);

    /* remember where our Parameters live, HfInstanceSetup reads them */
    g_RegistryPath = *RegistryPath;

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("hidefs: FltRegisterFilter 0x%08X\n", status);
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Filter);
        return status;
    }

    RtlInitUnicodeString(&portName, HF_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Filter, &g_ServerPort, &oa, NULL,
                                        HfConnect, HfDisconnect, HfMessage, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        DbgPrint("hidefs: FltCreateCommunicationPort 0x%08X\n", status);
        FltUnregisterFilter(g_Filter);
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("hidefs: FltStartFiltering 0x%08X\n", status);
        FltCloseCommunicationPort(g_ServerPort);
        return status;
    }

    DbgPrint("hidefs: running\n");
    return STATUS_SUCCESS;
}
