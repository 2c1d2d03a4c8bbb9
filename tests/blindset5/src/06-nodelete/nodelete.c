// nodelete.c - minifilter that refuses delete/rename of files under protected folders.
// Protected folders come from the "ProtectedPaths" REG_MULTI_SZ under the service key
// Parameters subkey; a small UI talks to us over \NoDeletePort to list blocked attempts.
//
// Written for a school-lab PC image.  Not production quality.  Public domain.

#include <fltKernel.h>
#include <ntstrsafe.h>

#define ND_TAG        'leDN'
#define ND_PORT_NAME  L"\\NoDeletePort"
#define MAX_PATHS     16

#define LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "nodelete: " __VA_ARGS__)

PFLT_FILTER    g_Filter = NULL;
PFLT_PORT      g_ServerPort = NULL;
PFLT_PORT      g_ClientPort = NULL;
UNICODE_STRING g_Paths[MAX_PATHS];
ULONG          g_PathCount = 0;
PVOID          g_PathBlob = NULL;   // one allocation holding all path strings

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI NdUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI NdPreSetInfo(PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static NTSTATUS FLTAPI NdConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx,
    ULONG CtxSize, PVOID *ConnectionCookie);
static VOID FLTAPI NdDisconnect(PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION g_Ops[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, NdPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Reg = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Ops,
    NdUnload,
};

// Reads Parameters\ProtectedPaths into g_Paths.  Missing key = nothing protected.
static NTSTATUS NdLoadPaths(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ProtectedPaths");
    UNICODE_STRING keyName;
    WCHAR keyBuf[256];
    HANDLE key = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG len = 0;
    PWCHAR p;
    NTSTATUS status;

    RtlInitEmptyUnicodeString(&keyName, keyBuf, sizeof(keyBuf));
    status = RtlUnicodeStringCopy(&keyName, RegistryPath);
    if (NT_SUCCESS(status))
        status = RtlUnicodeStringCatString(&keyName, L"\\Parameters");
    if (!NT_SUCCESS(status))
        return status;

    InitializeObjectAttributes(&oa, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND)
        return STATUS_SUCCESS;
    if (!NT_SUCCESS(status))
        return status;

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &len);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return (status == STATUS_OBJECT_NAME_NOT_FOUND) ? STATUS_SUCCESS : status;
    }

    info = ExAllocatePool2(POOL_FLAG_NON_PAGED, len, ND_TAG);
    if (!info) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, len, &len);
    ZwClose(key);
    if (!NT_SUCCESS(status) || info->Type != REG_MULTI_SZ) {
        ExFreePoolWithTag(info, ND_TAG);
        return NT_SUCCESS(status) ? STATUS_SUCCESS : status;
    }

    // keep the whole value buffer; g_Paths point into it
    p = (PWCHAR)info->Data;
    while (*p && g_PathCount < MAX_PATHS) {
        RtlInitUnicodeString(&g_Paths[g_PathCount++], p);
        p += wcslen(p) + 1;
    }
    g_PathBlob = info;
    return STATUS_SUCCESS;
}

static VOID NdFreePaths(VOID)
{
    g_PathCount = 0;
    if (g_PathBlob) {
        ExFreePoolWithTag(g_PathBlob, ND_TAG);
        g_PathBlob = NULL;
    }
}

static NTSTATUS NdOpenPort(VOID)
{
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(ND_PORT_NAME);
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status))
        return status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(g_Filter, &g_ServerPort, &oa, NULL,
                                        NdConnect, NdDisconnect, NULL, 1);
    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status))
        g_ServerPort = NULL;
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    status = NdLoadPaths(RegistryPath);
    if (!NT_SUCCESS(status)) {
        LOG("cannot read ProtectedPaths: 0x%08X\n", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &g_Reg, &g_Filter);
    if (NT_SUCCESS(status)) {
        status = NdOpenPort();
        if (NT_SUCCESS(status)) {
            status = FltStartFiltering(g_Filter);
        }
    }

    if (!NT_SUCCESS(status)) {
        LOG("init failed: 0x%08X\n", status);
        if (g_ServerPort) {
            FltCloseCommunicationPort(g_ServerPort);
            g_ServerPort = NULL;
        }
        if (g_Filter) {
            FltUnregisterFilter(g_Filter);
            g_Filter = NULL;
        }
        NdFreePaths();
    }
    return status;
}

static NTSTATUS FLTAPI NdUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FltCloseCommunicationPort(g_ServerPort);
    g_ServerPort = NULL;
    FltUnregisterFilter(g_Filter);
    g_Filter = NULL;
    NdFreePaths();
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI NdConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx,
    ULONG CtxSize, PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxSize);
    g_ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI NdDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Filter, &g_ClientPort);
}

static BOOLEAN NdIsProtected(PCUNICODE_STRING Name)
{
    ULONG i;
    for (i = 0; i < g_PathCount; i++) {
        if (RtlPrefixUnicodeString(&g_Paths[i], Name, TRUE))
            return TRUE;
    }
    return FALSE;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI NdPreSetInfo(PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN block = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (cls != FileDispositionInformation && cls != FileDispositionInformationEx &&
        cls != FileRenameInformation && cls != FileRenameInformationEx)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED |
                                             FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
        block = NdIsProtected(&nameInfo->Name);
        FltReleaseFileNameInformation(nameInfo);
    }

    if (block) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
