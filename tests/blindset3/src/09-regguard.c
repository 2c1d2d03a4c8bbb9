/*
 * regguard - denies writes to a list of "protected" registry keys.
 * student project for the Windows internals class
 */
#include <ntddk.h>

#define RG_TAG 'gRgR'
#define MAX_RULES 16

typedef struct _RG_GLOBALS {
    ERESOURCE      Lock;
    ULONG          RuleCount;
    UNICODE_STRING Rules[MAX_RULES];
    ULONG          Denied;
} RG_GLOBALS, *PRG_GLOBALS;

PRG_GLOBALS   g_Rg = NULL;
LARGE_INTEGER g_Cookie;

BOOLEAN InitGlobals(VOID)
{
    g_Rg = (PRG_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RG_GLOBALS), RG_TAG);
    if (!g_Rg)
        return FALSE;
    if (!NT_SUCCESS(ExInitializeResourceLite(&g_Rg->Lock))) {
        ExFreePoolWithTag(g_Rg, RG_TAG);
        g_Rg = NULL;
        return FALSE;
    }
    RtlInitUnicodeString(&g_Rg->Rules[0], L"\\REGISTRY\\MACHINE\\SOFTWARE\\RegGuardTest");
    g_Rg->RuleCount = 1;
    return TRUE;
}

static BOOLEAN IsProtected(PCUNICODE_STRING KeyName)
{
    BOOLEAN hit = FALSE;
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Rg->Lock, TRUE);
    for (ULONG i = 0; i < g_Rg->RuleCount; i++) {
        if (RtlPrefixUnicodeString(&g_Rg->Rules[i], KeyName, TRUE)) {
            hit = TRUE;
            break;
        }
    }
    ExReleaseResourceLite(&g_Rg->Lock);
    KeLeaveCriticalRegion();
    return hit;
}

NTSTATUS RegCallback(PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Context);
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Arg1;
    PCUNICODE_STRING name = NULL;
    NTSTATUS status = STATUS_SUCCESS;

    if (cls != RegNtPreSetValueKey && cls != RegNtPreDeleteValueKey)
        return STATUS_SUCCESS;

    PVOID object = (cls == RegNtPreSetValueKey)
        ? ((PREG_SET_VALUE_KEY_INFORMATION)Arg2)->Object
        : ((PREG_DELETE_VALUE_KEY_INFORMATION)Arg2)->Object;

    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Cookie, object, NULL, &name, 0))) {
        if (IsProtected(name)) {
            InterlockedIncrement((LONG*)&g_Rg->Denied);
            status = STATUS_ACCESS_DENIED;
        }
        CmCallbackReleaseKeyObjectIDEx(name);
    }
    return status;
}

VOID RgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(g_Cookie);
    DbgPrint("regguard: denied %lu writes\n", g_Rg->Denied);
    ExFreePoolWithTag(g_Rg, RG_TAG);
    g_Rg = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"380010");

    if (!InitGlobals()) {
        DbgPrint("regguard: InitGlobals failed\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = CmRegisterCallbackEx(RegCallback, &altitude, DriverObject, NULL, &g_Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("regguard: CmRegisterCallbackEx failed %08x\n", status);
        return status;
    }

    DriverObject->DriverUnload = RgUnload;
    DbgPrint("regguard: loaded, cookie %I64x\n", g_Cookie.QuadPart);
    return STATUS_SUCCESS;
}
