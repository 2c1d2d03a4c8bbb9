/*
 * regobprot - self-protection for a user-mode service: registry key and process/threads
 */
#include "regob.h"

RO_CONTEXT g_Ro;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RoUnload;

static NTSTATUS
RoCopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    /* ExAllocatePool2 zeroes the buffer, so the copy stays NUL-terminated for Rtl* calls */
    USHORT cb = RegistryPath->Length + sizeof(WCHAR);

    g_Ro.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, RO_TAG);
    if (g_Ro.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Ro.ServiceKey.Length = RegistryPath->Length;
    g_Ro.ServiceKey.MaximumLength = cb;
    RtlCopyMemory(g_Ro.ServiceKey.Buffer, RegistryPath->Buffer, RegistryPath->Length);
    return STATUS_SUCCESS;
}

static NTSTATUS
RoReadProtectedPid(VOID)
{
    RTL_QUERY_REGISTRY_TABLE q[2];
    ULONG pid = 0;
    NTSTATUS status;

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].Name = L"ProtectedPid";
    q[0].EntryContext = &pid;
    q[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Ro.ServiceKey.Buffer, q, NULL, NULL);
    if (NT_SUCCESS(status)) {
        g_Ro.ProtectedPid = ULongToHandle(pid);
    } else if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;        /* nothing to protect yet */
    }
    return status;
}

NTSTATUS
RoRegisterObCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = RoPreHandle;
    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = RoPreHandle;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    RtlInitUnicodeString(&reg.Altitude, RO_OB_ALTITUDE);
    reg.RegistrationContext = &g_Ro;
    reg.OperationRegistration = ops;

    return ObRegisterCallbacks(&reg, &g_Ro.ObHandle);
}

VOID
RoUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Ro.ObHandle != NULL) {
        ObUnRegisterCallbacks(g_Ro.ObHandle);
        g_Ro.ObHandle = NULL;
    }
    if (g_Ro.RegRegistered) {
        CmUnRegisterCallback(g_Ro.RegCookie);
        g_Ro.RegRegistered = FALSE;
    }

    RO_TRACE(DPFLTR_INFO_LEVEL, "unload, %ld denials", g_Ro.Denied);

    if (g_Ro.ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_Ro.ServiceKey.Buffer, RO_TAG);
        RtlZeroMemory(&g_Ro.ServiceKey, sizeof(g_Ro.ServiceKey));
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RO_REG_ALTITUDE);
    NTSTATUS status;

    RtlZeroMemory(&g_Ro, sizeof(g_Ro));

    status = RoCopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* best effort: missing value means protection starts disabled */
    status = RoReadProtectedPid();
    if (!NT_SUCCESS(status)) {
        RO_TRACE(DPFLTR_WARNING_LEVEL, "ProtectedPid unreadable 0x%08X", status);
    }

    status = CmRegisterCallbackEx(RoRegistryCallback, &altitude, DriverObject, &g_Ro,
                                  &g_Ro.RegCookie, NULL);
    if (!NT_SUCCESS(status)) {
        RO_TRACE(DPFLTR_ERROR_LEVEL, "CmRegisterCallbackEx 0x%08X", status);
        goto free_key;
    }
    g_Ro.RegRegistered = TRUE;

    status = RoRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        RO_TRACE(DPFLTR_ERROR_LEVEL, "ObRegisterCallbacks 0x%08X", status);
        g_Ro.ObHandle = NULL;
        goto unregister_reg;
    }

    DriverObject->DriverUnload = RoUnload;
    RO_TRACE(DPFLTR_INFO_LEVEL, "protecting pid %p", g_Ro.ProtectedPid);
    return STATUS_SUCCESS;

unregister_reg:
    CmUnRegisterCallback(g_Ro.RegCookie);
    g_Ro.RegRegistered = FALSE;
free_key:
    ExFreePoolWithTag(g_Ro.ServiceKey.Buffer, RO_TAG);
    RtlZeroMemory(&g_Ro.ServiceKey, sizeof(g_Ro.ServiceKey));
    return status;
}
