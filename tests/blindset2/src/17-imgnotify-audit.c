/*
 * imgaudit.sys - logs every image load and process start/exit to the debugger.
 * Flags remember what was registered so that DriverEntry's failure path and
 * the unload routine can share one teardown helper.
 */
#include <ntddk.h>

#define AUDIT_TAG 'tduA'

static BOOLEAN g_ImageNotifySet = FALSE;
static BOOLEAN g_ProcessNotifySet = FALSE;
static PUNICODE_STRING g_SelfPath = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AuditUnload;

static VOID
AuditImageLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    if (FullImageName != NULL) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "imgaudit: pid %p load %wZ at %p%s\n",
                   ProcessId, FullImageName, ImageInfo->ImageBase,
                   ImageInfo->SystemModeImage ? " (kernel)" : "");
    }
}

static VOID
AuditProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "imgaudit: start pid %p %wZ\n",
                   ProcessId, CreateInfo->ImageFileName);
    } else {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "imgaudit: exit pid %p\n", ProcessId);
    }
}

static VOID
AuditTeardown(VOID)
{
    if (g_ProcessNotifySet) {
        PsSetCreateProcessNotifyRoutineEx(AuditProcessNotify, TRUE);
        g_ProcessNotifySet = FALSE;
    }
    if (g_ImageNotifySet) {
        PsRemoveLoadImageNotifyRoutine(AuditImageLoad);
        g_ImageNotifySet = FALSE;
    }
    if (g_SelfPath != NULL) {
        ExFreePoolWithTag(g_SelfPath, AUDIT_TAG);
        g_SelfPath = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    USHORT bytes;

    bytes = (USHORT)(sizeof(UNICODE_STRING) + RegistryPath->Length);
    g_SelfPath = (PUNICODE_STRING)ExAllocatePool2(POOL_FLAG_PAGED, bytes, AUDIT_TAG);
    if (g_SelfPath == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_SelfPath->Buffer = (PWCH)(g_SelfPath + 1);
    g_SelfPath->Length = 0;
    g_SelfPath->MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(g_SelfPath, RegistryPath);

    status = PsSetLoadImageNotifyRoutine(AuditImageLoad);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    g_ImageNotifySet = TRUE;

    // needs /INTEGRITYCHECK in the linker flags, or this returns STATUS_ACCESS_DENIED
    status = PsSetCreateProcessNotifyRoutineEx(AuditProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    g_ProcessNotifySet = TRUE;

    DriverObject->DriverUnload = AuditUnload;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "imgaudit: loaded from %wZ\n", g_SelfPath);
    return STATUS_SUCCESS;

fail:
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "imgaudit: init failed 0x%08X\n", status);
    AuditTeardown();
    return status;
}

VOID
AuditUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    AuditTeardown();
}
