/*++

Module Name:

    delguard.c

Abstract:

    Registration, port handling and unload for the DelGuard minifilter.
    Started from the nullFilter sample, port code from scanner.

--*/

#include "delguard.h"

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI DgUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI DgInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI DgQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

NTSTATUS FLTAPI DgPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                              ULONG SizeOfContext, PVOID *ConnectionPortCookie);
VOID FLTAPI DgPortDisconnect(PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DgUnload)
#pragma alloc_text(PAGE, DgInstanceSetup)
#pragma alloc_text(PAGE, DgQueryTeardown)
#pragma alloc_text(PAGE, DgPortConnect)
#pragma alloc_text(PAGE, DgPortDisconnect)
#endif

DG_GLOBALS g_Dg;

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,          0,                                         DgPreCreate,         NULL },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, DgPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    NULL,                               //  Context
    Callbacks,                          //  Operation callbacks
    DgUnload,                           //  MiniFilterUnload
    DgInstanceSetup,                    //  InstanceSetup
    DgQueryTeardown,                    //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  NormalizeNameComponent
    NULL                                //  NormalizeContextCleanup
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
    UNICODE_STRING portName = RTL_CONSTANT_STRING(DG_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    PT_DBG_PRINT("entered\n");

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Dg.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Dg.Filter);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Dg.Filter,
                                        &g_Dg.ServerPort,
                                        &oa,
                                        NULL,
                                        DgPortConnect,
                                        DgPortDisconnect,
                                        NULL,
                                        1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        PT_DBG_PRINT("FltCreateCommunicationPort failed %08x\n", status);
        FltUnregisterFilter(g_Dg.Filter);
        return status;
    }

    status = FltStartFiltering(g_Dg.Filter);
    if (!NT_SUCCESS(status)) {
        PT_DBG_PRINT("FltStartFiltering failed %08x\n", status);
        FltCloseClientPort(g_Dg.Filter, &g_Dg.ServerPort);
        FltUnregisterFilter(g_Dg.Filter);
        return status;
    }

    PT_DBG_PRINT("filtering started\n");
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
DgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    PT_DBG_PRINT("unloading, %d deletions blocked\n", g_Dg.Blocked);

    FltUnregisterFilter(g_Dg.Filter);
    FltCloseCommunicationPort(g_Dg.ServerPort);

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
DgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    // local NTFS/ReFS disks only
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;

    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS)
        return STATUS_FLT_DO_NOT_ATTACH;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
DgQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
DgPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    FLT_ASSERT(g_Dg.ClientPort == NULL);

    g_Dg.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;

    PT_DBG_PRINT("client connected, pid %u\n", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

VOID FLTAPI
DgPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Dg.Filter, &g_Dg.ClientPort);
    PT_DBG_PRINT("client disconnected\n");
}
