/*
 * objprot.c - "don't kill my process" demo
 *
 * Watches process creation for one image name (registry value
 * ProtectedImage under the service key, default notepad.exe) and strips
 * PROCESS_TERMINATE from handles other processes open to it.
 *
 * Needs /INTEGRITYCHECK and test signing for the Ob/Ps callbacks.
 */
#include <ntddk.h>

#define OP_MAX_NAME     64

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE 0x0001
#endif

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OpUnload;

static WCHAR         g_ProtectedName[OP_MAX_NAME] = L"notepad.exe";
static volatile LONG g_ProtectedPid;
static volatile LONG g_Denied;
static PVOID         g_ObHandle;

static OB_OPERATION_REGISTRATION g_ObOperation;
static OB_CALLBACK_REGISTRATION  g_ObRegistration;
static UNICODE_STRING            g_ObAltitude = RTL_CONSTANT_STRING(L"320991");

/* ------------------------------------------------------------------ */

/* TRUE if the last path component of Image equals g_ProtectedName. */
static BOOLEAN OpNameMatches(PCUNICODE_STRING Image)
{
    UNICODE_STRING wanted;
    UNICODE_STRING tail;
    USHORT i;

    if (Image == NULL || Image->Buffer == NULL) {
        return FALSE;
    }
    RtlInitUnicodeString(&wanted, g_ProtectedName);

    i = Image->Length / sizeof(WCHAR);
    while (i > 0 && Image->Buffer[i - 1] != L'\\') {
        i--;
    }
    tail.Buffer = Image->Buffer + i;
    tail.Length = Image->Length - i * sizeof(WCHAR);
    tail.MaximumLength = tail.Length;

    return RtlEqualUnicodeString(&tail, &wanted, TRUE);
}

static VOID OpProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        if (OpNameMatches(CreateInfo->ImageFileName)) {
            InterlockedExchange(&g_ProtectedPid, HandleToLong(ProcessId));
            DbgPrint("objprot: protecting pid %u\n", HandleToULong(ProcessId));
        }
    } else if (HandleToLong(ProcessId) == g_ProtectedPid) {
        InterlockedExchange(&g_ProtectedPid, 0);
    }
}

static OB_PREOP_CALLBACK_STATUS OpPreOperation(PVOID RegistrationContext,
                                               POB_PRE_OPERATION_INFORMATION Info)
{
    LONG protectedPid = g_ProtectedPid;
    HANDLE target;
    PACCESS_MASK access;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (protectedPid == 0 || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (HandleToLong(target) != protectedPid || PsGetCurrentProcessId() == target) {
        return OB_PREOP_SUCCESS;
    }

    access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                 ? &Info->Parameters->CreateHandleInformation.DesiredAccess
                 : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    if (*access & PROCESS_TERMINATE) {
        *access &= ~PROCESS_TERMINATE;
        InterlockedIncrement(&g_Denied);
    }
    return OB_PREOP_SUCCESS;
}

/* ------------------------------------------------------------------ */

/* Reads ProtectedImage (REG_SZ). FALSE = no usable value, keep default. */
static BOOLEAN OpReadConfig(PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ProtectedImage");
    ULONG buffer[(sizeof(KEY_VALUE_PARTIAL_INFORMATION) + OP_MAX_NAME * sizeof(WCHAR)) / sizeof(ULONG) + 1];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG resultLength;
    NTSTATUS status;
    BOOLEAN ok = FALSE;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return FALSE;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,
                             sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status) &&
        info->Type == REG_SZ &&
        info->DataLength >= 2 * sizeof(WCHAR) &&
        info->DataLength <= sizeof(g_ProtectedName)) {
        RtlZeroMemory(g_ProtectedName, sizeof(g_ProtectedName));
        RtlCopyMemory(g_ProtectedName, info->Data, info->DataLength);
        g_ProtectedName[OP_MAX_NAME - 1] = L'\0';
        ok = TRUE;
    }

    ZwClose(key);
    return ok;
}

static NTSTATUS OpRegisterObCallbacks(VOID)
{
    g_ObOperation.ObjectType = PsProcessType;
    g_ObOperation.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_ObOperation.PreOperation = OpPreOperation;
    g_ObOperation.PostOperation = NULL;

    g_ObRegistration.Version = OB_FLT_REGISTRATION_VERSION;
    g_ObRegistration.OperationRegistrationCount = 1;
    g_ObRegistration.Altitude = g_ObAltitude;
    g_ObRegistration.RegistrationContext = NULL;
    g_ObRegistration.OperationRegistration = &g_ObOperation;

    return ObRegisterCallbacks(&g_ObRegistration, &g_ObHandle);
}

VOID OpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    ObUnRegisterCallbacks(g_ObHandle);
    PsSetCreateProcessNotifyRoutineEx(OpProcessNotify, TRUE);
    DbgPrint("objprot: unloaded, %ld terminate requests denied\n", g_Denied);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    BOOLEAN notifyRegistered = FALSE;

    if (!OpReadConfig(RegistryPath)) {
        DbgPrint("objprot: no ProtectedImage value, using %ws\n", g_ProtectedName);
    }

    status = PsSetCreateProcessNotifyRoutineEx(OpProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        notifyRegistered = TRUE;
        status = OpRegisterObCallbacks();
    }

    if (!NT_SUCCESS(status)) {
        DbgPrint("objprot: setup failed 0x%08X\n", status);
        if (notifyRegistered) {
            PsSetCreateProcessNotifyRoutineEx(OpProcessNotify, TRUE);
        }
        return status;
    }

    DriverObject->DriverUnload = OpUnload;
    DbgPrint("objprot: watching for %ws\n", g_ProtectedName);
    return status;
}
