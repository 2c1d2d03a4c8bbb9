/*
 * rulelist: a registry guard that keeps the key paths it protects as pool
 * entries on a global list. The rules are read from the Parameters key in
 * DriverEntry, one entry per path; a later step can still fail.
 *
 * Violating: when the registry callback cannot be registered, DriverEntry
 * returns the failure with the rule entry still on the list: nothing frees
 * it, and no unload routine runs (DE006).
 */
#include <ntddk.h>

#define RL_TAG 'lRgR'

typedef struct _RL_RULE {
    LIST_ENTRY Link;
    UNICODE_STRING Path;
    WCHAR Buffer[1];
} RL_RULE, *PRL_RULE;

static LIST_ENTRY g_RlRules;
static LARGE_INTEGER g_RlCookie;

static NTSTATUS RlAddRule(PCUNICODE_STRING Path)
{
    SIZE_T size = FIELD_OFFSET(RL_RULE, Buffer) + Path->Length;
    PRL_RULE rule = (PRL_RULE)ExAllocatePool2(POOL_FLAG_PAGED, size, RL_TAG);
    if (rule == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(rule->Buffer, Path->Buffer, Path->Length);
    rule->Path.Buffer = rule->Buffer;
    rule->Path.Length = Path->Length;
    rule->Path.MaximumLength = Path->Length;
    InsertTailList(&g_RlRules, &rule->Link);
    return STATUS_SUCCESS;
}

static VOID RlFreeRules(VOID)
{
    while (!IsListEmpty(&g_RlRules)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_RlRules);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, RL_RULE, Link), RL_TAG);
    }
}

static NTSTATUS RlRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

DRIVER_UNLOAD RlUnload;

_Use_decl_annotations_
VOID RlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_RlCookie);
    RlFreeRules();
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"380120");
    UNICODE_STRING run = RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    InitializeListHead(&g_RlRules);

    status = RlAddRule(&run);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = CmRegisterCallbackEx(RlRegistryCallback, &altitude, DriverObject, NULL, &g_RlCookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;                                                             // expect: DE006
    }
    DriverObject->DriverUnload = RlUnload;
    return STATUS_SUCCESS;
}
