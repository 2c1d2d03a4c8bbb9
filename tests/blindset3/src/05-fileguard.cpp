// FileGuard - blocks deletion of files under a protected folder
// C++ minifilter, built with /kernel and WDK 10
#include <fltKernel.h>

#define FG_TAG 'dGlF'
#define LOG(fmt, ...) DbgPrint("[FileGuard] " fmt "\n", __VA_ARGS__)

void* __cdecl operator new(size_t size, POOL_FLAGS flags) {
    return ExAllocatePool2(flags, size, FG_TAG);
}
void __cdecl operator delete(void* p, size_t) {
    if (p) ExFreePoolWithTag(p, FG_TAG);
}

namespace fg {

class Guard {
public:
    static NTSTATUS Init(PDRIVER_OBJECT driver);
    static NTSTATUS Unload(FLT_FILTER_UNLOAD_FLAGS flags);
    static FLT_PREOP_CALLBACK_STATUS PreSetInfo(PFLT_CALLBACK_DATA data,
        PCFLT_RELATED_OBJECTS objects, PVOID* ctx);
    static NTSTATUS PortConnect(PFLT_PORT client, PVOID cookie, PVOID ctx,
        ULONG size, PVOID* connCookie);
    static VOID PortDisconnect(PVOID connCookie);

    static PFLT_FILTER s_Filter;
    static PFLT_PORT   s_Port;
    static PFLT_PORT   s_Client;
    static UNICODE_STRING s_Folder;
};

PFLT_FILTER Guard::s_Filter = nullptr;
PFLT_PORT   Guard::s_Port = nullptr;
PFLT_PORT   Guard::s_Client = nullptr;
UNICODE_STRING Guard::s_Folder = RTL_CONSTANT_STRING(L"\\PROTECTED\\");

FLT_PREOP_CALLBACK_STATUS Guard::PreSetInfo(PFLT_CALLBACK_DATA data,
    PCFLT_RELATED_OBJECTS objects, PVOID* ctx)
{
    UNREFERENCED_PARAMETER(objects);
    UNREFERENCED_PARAMETER(ctx);
    auto cls = data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileDispositionInformation && cls != FileDispositionInformationEx)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    PFLT_FILE_NAME_INFORMATION name = nullptr;
    if (NT_SUCCESS(FltGetFileNameInformation(data, FLT_FILE_NAME_NORMALIZED, &name))) {
        UNICODE_STRING upper = { 0 };
        if (NT_SUCCESS(RtlUpcaseUnicodeString(&upper, &name->Name, TRUE))) {
            bool hit = false;
            for (USHORT i = 0; i + s_Folder.Length <= upper.Length; i += sizeof(WCHAR)) {
                UNICODE_STRING part{ s_Folder.Length, s_Folder.Length, (PWCH)((PUCHAR)upper.Buffer + i) };
                if (RtlEqualUnicodeString(&part, &s_Folder, FALSE)) { hit = true; break; }
            }
            RtlFreeUnicodeString(&upper);
            if (hit) {
                FltReleaseFileNameInformation(name);
                data->IoStatus.Status = STATUS_ACCESS_DENIED;
                return FLT_PREOP_COMPLETE;
            }
        }
        FltReleaseFileNameInformation(name);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS Guard::PortConnect(PFLT_PORT client, PVOID, PVOID, ULONG, PVOID*)
{
    s_Client = client;
    return STATUS_SUCCESS;
}

VOID Guard::PortDisconnect(PVOID)
{
    FltCloseClientPort(s_Filter, &s_Client);
}

NTSTATUS Guard::Unload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);
    FltCloseCommunicationPort(s_Port);
    FltUnregisterFilter(s_Filter);
    LOG("unloaded");
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_SET_INFORMATION, 0, Guard::PreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    nullptr, g_Callbacks, Guard::Unload,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr
};

NTSTATUS Guard::Init(PDRIVER_OBJECT driver)
{
    NTSTATUS status = FltRegisterFilter(driver, &g_Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        LOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    PSECURITY_DESCRIPTOR sd = nullptr;
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(s_Filter);
        return status;
    }

    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\FileGuardPort");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);
    status = FltCreateCommunicationPort(s_Filter, &s_Port, &oa, nullptr,
                                        PortConnect, PortDisconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        LOG("FltCreateCommunicationPort 0x%08X", status);
        return status;
    }

    FltStartFiltering(s_Filter);
    return STATUS_SUCCESS;
}

} // namespace fg

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = fg::Guard::Init(DriverObject);
    LOG("DriverEntry -> 0x%08X", status);
    return status;
}
