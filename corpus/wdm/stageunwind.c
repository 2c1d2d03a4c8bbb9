/*
 * stageunwind.c - "tickmon": a monitor that counts how far its setup got in
 * a local `stage` and unwinds with a switch whose cases fall through from
 * the last stage reached down to the first (a false DE006 before: the
 * switch's value was known on every path, but every case was explored, so
 * a path skipped the unregistration of the ETW provider).
 */

#include <ntddk.h>
#include <evntprov.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TmUnload;

static const GUID TmProvider = { 0x4f1c2d3e, 0x5a6b, 0x4c7d, { 0x8e, 0x9f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5 } };

static REGHANDLE g_TmEtw;
static PVOID g_TmCallbackObject;
static PVOID g_TmCallback;

static VOID TmPowerChange(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
}

VOID TmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExUnregisterCallback(g_TmCallback);
    ObDereferenceObject(g_TmCallbackObject);
    EtwUnregister(g_TmEtw);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;
    ULONG stage = 0;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = EtwRegister(&TmProvider, NULL, NULL, &g_TmEtw);
    if (!NT_SUCCESS(status))
        goto unwind;
    stage = 1;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ExCreateCallback((PCALLBACK_OBJECT *)&g_TmCallbackObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status))
        goto unwind;
    stage = 2;

    g_TmCallback = ExRegisterCallback((PCALLBACK_OBJECT)g_TmCallbackObject, TmPowerChange, NULL);
    if (g_TmCallback == NULL) {
        status = STATUS_UNSUCCESSFUL;
        goto unwind;
    }

    DriverObject->DriverUnload = TmUnload;
    return STATUS_SUCCESS;

unwind:
    switch (stage) {
    case 2:
        ObDereferenceObject(g_TmCallbackObject);
        __fallthrough;
    case 1:
        EtwUnregister(g_TmEtw);
        __fallthrough;
    default:
        break;
    }
    return status;
}
